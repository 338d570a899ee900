using System.Text.Json;
using Chatbot.Web.Channels.Inbox;

namespace Chatbot.Web.Channels.ZaloBot;

internal sealed class ZaloBotWebhookEndpoints : IPlatformEndpoints
{
    public void Map(IEndpointRouteBuilder routes) =>
        // Short-circuited like the other webhooks: the secret header is the authentication.
        routes.MapPost("/webhooks/zalo-bot/{channelId}", Receive).WithTags("Channels").DisableAntiforgery().ShortCircuit();

    /// <summary>Check the channel's secret (constant time), store, answer 200; the InboxWorker does the rest.</summary>
    static async Task<IResult> Receive(string channelId, HttpRequest request, ChannelDirectory channels, ZaloBotSecret secret, InboxStore inbox,
        InboxSignal signal, TimeProvider clock, ILoggerFactory logger, CancellationToken ct)
    {
        if (channels.Find(channelId) is not { } channel || channel.Platform != ZaloBotProfile.Id)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không có kênh",
                detail: $"No Zalo bot channel «{channelId}» in dialogs/units/wards.yaml.");
        if (!secret.Matches(channelId, request.Headers[ZaloBotSecret.Header].ToString())) return WebhookBody.BadSignature();
        using var body = await WebhookBody.ReadAsync(request, ct);
        if (body is null) return WebhookBody.TooLarge();
        NewInboxEvent? e;
        try
        {
            using var doc = JsonDocument.Parse(body.Memory);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return WebhookBody.Malformed("A Zalo Bot update is a JSON object.");
            e = ZaloBotEvents.Parse(channelId, doc.RootElement, body.Span, clock.GetUtcNow());
        }
        catch (JsonException x)
        {
            return WebhookBody.Malformed($"Malformed JSON at line {x.LineNumber + 1}, position {x.BytePositionInLine + 1}.");
        }
        if (e is not null)
        {
            if (e.Problem is not null)
                logger.CreateLogger(typeof(ZaloBotWebhookEndpoints)).LogWarning("Zalo Bot update parked at intake: {Problem}", e.Problem);
            await inbox.AddAsync([e], clock.GetUtcNow(), ct);
            signal.Notify();
        }
        return TypedResults.Ok();
    }
}
