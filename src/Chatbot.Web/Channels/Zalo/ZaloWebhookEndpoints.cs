using System.Text.Json;
using Chatbot.Web.Channels.Inbox;

namespace Chatbot.Web.Channels.Zalo;

internal sealed class ZaloWebhookEndpoints : IPlatformEndpoints
{
    public void Map(IEndpointRouteBuilder routes) =>
        // Short-circuited like the Messenger webhook: no page, auth or dashboard middleware applies to it.
        routes.MapPost("/webhooks/zalo", Receive).WithTags("Channels").DisableAntiforgery().ShortCircuit();

    /// <summary>Verify, store, answer (Zalo wants 200 within 2 s, §1.3); the InboxWorker does the rest.</summary>
    static async Task<IResult> Receive(HttpRequest request, ZaloSignature signature, InboxStore inbox, InboxSignal signal,
        TimeProvider clock, ILoggerFactory logger, CancellationToken ct)
    {
        using var body = await WebhookBody.ReadAsync(request, ct);
        if (body is null) return WebhookBody.TooLarge();
        var header = request.Headers[ZaloSignature.Header].ToString();
        if (header.Length == 0) return WebhookBody.BadSignature();
        // app_id and timestamp are inputs of the signature, so the body is parsed first (still nothing trusted or stored).
        using var doc = TryParse(body.Memory, out var error);
        if (doc is null) return WebhookBody.Malformed(error!);
        var root = doc.RootElement;
        if (!SignatureMatches(signature, header, body.Span, root)) return WebhookBody.BadSignature();
        if (ZaloEvents.Parse(root, body.Span, clock.GetUtcNow()) is { } e)
        {
            if (e.Problem is not null)
                logger.CreateLogger(typeof(ZaloWebhookEndpoints)).LogWarning("Zalo event parked at intake: {Problem}", e.Problem);
            await inbox.AddAsync([e], clock.GetUtcNow(), ct);
            signal.Notify();
        }
        return TypedResults.Ok();
    }

    static bool SignatureMatches(ZaloSignature signature, string header, ReadOnlySpan<byte> body, JsonElement root)
    {
        try
        {
            return signature.Matches(header, body, JsonFields.Text(root, "app_id"), JsonFields.Text(root, "timestamp"));
        }
        catch (InvalidOperationException)
        {
            return false; // app_id or timestamp is not UTF-8 text (or not where it belongs): nothing can be verified
        }
    }

    static JsonDocument? TryParse(ReadOnlyMemory<byte> body, out string? error)
    {
        try
        {
            var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) { error = null; return doc; }
            doc.Dispose();
            error = "A Zalo event is a JSON object.";
            return null;
        }
        catch (JsonException e)
        {
            error = $"Malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}.";
            return null;
        }
    }
}
