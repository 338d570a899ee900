using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Web.Channels.Inbox;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Facebook;

internal sealed class FacebookWebhookEndpoints : IPlatformEndpoints
{
    public void Map(IEndpointRouteBuilder routes)
    {
        // Short-circuited: run straight from routing, past static files, authentication, rate limiting, Hangfire's
        // dashboard and Razor (none applies: the signature is the authentication), so a webhook costs what it must.
        routes.MapGet("/webhooks/facebook", Verify).WithTags("Channels").ShortCircuit();
        routes.MapPost("/webhooks/facebook", Receive).WithTags("Channels").DisableAntiforgery().ShortCircuit();
    }

    /// <summary>Meta's subscription handshake (platforms.md §2.1): echo hub.challenge when our verify token matches.</summary>
    static IResult Verify(HttpRequest request, IOptions<FacebookOptions> options)
    {
        var q = request.Query;
        var expected = options.Value.VerifyToken;
        var given = q["hub.verify_token"].ToString();
        if (q["hub.mode"] != "subscribe" || expected.Length == 0
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Mã xác minh không đúng",
                detail: "hub.mode must be 'subscribe' and hub.verify_token must match Facebook:VerifyToken.");
        return TypedResults.Text(q["hub.challenge"].ToString(), "text/plain");
    }

    /// <summary>Verify on the raw bytes, store every event (an unreadable item parked with its reason), answer 200; the
    /// InboxWorker answers the citizen. Only a body that is not JSON at all is refused (400).</summary>
    static async Task<IResult> Receive(HttpRequest request, FacebookSignature signature, InboxStore inbox, InboxSignal signal,
        TimeProvider clock, ILoggerFactory logger, CancellationToken ct)
    {
        using var body = await WebhookBody.ReadAsync(request, ct);
        if (body is null) return WebhookBody.TooLarge();
        if (!signature.Matches(request.Headers[FacebookSignature.Header].ToString(), body.Span)) return WebhookBody.BadSignature();
        IReadOnlyList<NewInboxEvent> events;
        try
        {
            using var doc = JsonDocument.Parse(body.Memory);
            events = FacebookEvents.Parse(doc.RootElement, clock.GetUtcNow());
        }
        catch (JsonException e)
        {
            return WebhookBody.Malformed($"Malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}.");
        }
        foreach (var parked in events.Where(e => e.Problem is not null))
            logger.CreateLogger(typeof(FacebookWebhookEndpoints)).LogWarning("Messenger item parked at intake: {Problem}", parked.Problem);
        if (await inbox.AddAsync(events, clock.GetUtcNow(), ct) is > 0 and var stored) signal.Notify(stored);
        return TypedResults.Text("EVENT_RECEIVED", "text/plain");
    }
}
