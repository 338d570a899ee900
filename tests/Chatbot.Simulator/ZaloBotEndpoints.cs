using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatbot.Simulator;

/// <summary>What the simulated bot platform holds: each bot's webhook (setWebhook), and its name (getMe).</summary>
public sealed class ZaloBotState
{
    public sealed record Webhook(string Url, string? SecretToken);

    public ConcurrentDictionary<string, Webhook> Webhooks { get; } = new();
}

public static class ZaloBotStateExtensions
{
    static readonly ConditionalWeakTable<SimulatorState, ZaloBotState> States = new();
    public static ZaloBotState ZaloBot(this SimulatorState state) => States.GetValue(state, _ => new ZaloBotState());
    public static ZaloBotState ZaloBot(this PlatformSimulator simulator) => simulator.State.ZaloBot();
}

/// <summary>
/// Zalo Bot Platform (platforms.md §6): {base}/zalo-bot/bot{token}/{method}, answers {"ok":true,"result":…} or
/// {"ok":false,"error_code":N,"description":…} with that HTTP status. A token in MessagingState.RejectedTokens (or none)
/// gets 401; sendMessage checks 1–2,000 characters. Faults apply as everywhere (path contains "/sendMessage"...).
/// </summary>
public static class ZaloBotEndpoints
{
    public static void MapZaloBot(this IEndpointRouteBuilder app)
    {
        // "bot{token}" as one segment: a token holds a colon, which a complex route segment does not match reliably.
        app.MapPost("/zalo-bot/{bot}/sendMessage", (string bot, HttpRequest request, SimulatorState state) => SendMessage(Token(bot), request, state));
        app.MapPost("/zalo-bot/{bot}/setWebhook", (string bot, HttpRequest request, SimulatorState state) => SetWebhook(Token(bot), request, state));
        app.MapPost("/zalo-bot/{bot}/getMe", (string bot, SimulatorState state) =>
            Rejected(Token(bot), state) ?? Results.Json(new { ok = true, result = new { id = "bot-sim-1", account_name = "bot.sim", display_name = "Bot mô phỏng" } }));
    }

    static string Token(string segment) => segment.StartsWith("bot", StringComparison.Ordinal) ? segment[3..] : "";

    static IResult Error(int code, string description) => Results.Json(new { ok = false, error_code = code, description }, statusCode: code);

    static IResult? Rejected(string token, SimulatorState state) =>
        token.Length == 0 || state.Messaging().RejectedTokens.ContainsKey(token) ? Error(401, "Unauthorized") : null;

    static async Task<JsonObject?> BodyAsync(HttpRequest request)
    {
        try { return JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    static async Task<IResult> SendMessage(string token, HttpRequest request, SimulatorState state)
    {
        if (Rejected(token, state) is { } rejected) return rejected;
        var body = await BodyAsync(request);
        var chat = body?["chat_id"]?.ToString();
        var text = body?["text"]?.GetValue<string>();
        if (string.IsNullOrEmpty(chat)) return Error(400, "Bad Request: chat_id is required");
        if (text is not { Length: >= 1 and <= 2000 }) return Error(400, "Bad Request: text must be 1-2000 characters");
        state.Messaging().Add(new SentMessage("zalo-bot", token, chat, body!, DateTimeOffset.UtcNow));
        return Results.Json(new { ok = true, result = new { message_id = Guid.NewGuid().ToString("N"), date = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() } });
    }

    static async Task<IResult> SetWebhook(string token, HttpRequest request, SimulatorState state)
    {
        if (Rejected(token, state) is { } rejected) return rejected;
        var body = await BodyAsync(request);
        if (body?["url"]?.GetValue<string>() is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "https")
            return Error(400, "Bad Request: url must be an https URL");
        var secret = body["secret_token"]?.GetValue<string>();
        if (secret is { Length: < 8 or > 256 }) return Error(400, "Bad Request: secret_token must be 8-256 characters");
        state.ZaloBot().Webhooks[token] = new ZaloBotState.Webhook(url, secret);
        return Results.Json(new { ok = true, result = true });
    }
}
