using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// Bot API calls: POST {base}/bot{token}/{method} with a JSON body; answers are <c>{"ok":true,"result":…}</c> or
/// <c>{"ok":false,"error_code":N,"description":…}</c> (platforms.md §6 [S]). The error codes follow the Telegram
/// convention the API copies [U]: 401 a rejected token, 403 the citizen blocked the bot, 429 too fast (parameters.retry_after),
/// 400 a bad request; 5xx transient. The token travels in the path: it is never logged (requests are logged by path only
/// at Debug, and the outbound log keeps the body, not the URL).
/// </summary>
internal sealed class ZaloBotClient(HttpClient http, IOptions<ZaloBotOptions> options) : IPlatformClient
{
    public PlatformId Platform => ZaloBotProfile.Id;

    public IReadOnlyList<JsonObject> Notice(string userId, string text) => ZaloBotMessages.Text(userId, text);

    /// <summary>An officer's answer: the Bot API has no message types or window, so it is plain text like any reply.</summary>
    public IReadOnlyList<JsonObject> Answer(string userId, string text) => ZaloBotMessages.Text(userId, text);

    public async Task<SendOutcome> SendAsync(WardChannel channel, string token, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(token, "sendMessage")) { Content = JsonContent.Create(body) };
        var (response, failure) = await HttpOutcomes.SendAsync(http, request, ct);
        if (failure is not null) return failure;
        using (response)
            return Classify(response!.StatusCode, await response.Content.ReadAsStringAsync(ct), HttpOutcomes.RetryAfter(response));
    }

    /// <summary>Any other method (getMe, setWebhook): the result, or why there is none.</summary>
    public async Task<(JsonElement? Result, string? Error)> CallAsync(string token, string method, object body, CancellationToken ct)
    {
        using var response = await http.PostAsync(Url(token, method), JsonContent.Create(body), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True
                ? (doc.RootElement.TryGetProperty("result", out var r) ? r.Clone() : default(JsonElement), null)
                : (null, $"HTTP {(int)response.StatusCode} {JsonFields.Text(doc.RootElement, "error_code")}: {JsonFields.Text(doc.RootElement, "description")}");
        }
        catch (JsonException)
        {
            return (null, $"HTTP {(int)response.StatusCode}, not JSON");
        }
    }

    public static SendOutcome Classify(HttpStatusCode status, string text, TimeSpan? retryAfter = null)
    {
        int? code = null;
        string description = "", messageId = "";
        var ok = false;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            ok = root.TryGetProperty("ok", out var o) && o.ValueKind == JsonValueKind.True;
            code = int.TryParse(JsonFields.Text(root, "error_code"), out var c) ? c : null;
            description = JsonFields.Text(root, "description");
            messageId = JsonFields.Text(root, "result", "message_id");
            if (double.TryParse(JsonFields.Text(root, "parameters", "retry_after"), out var seconds)) retryAfter ??= TimeSpan.FromSeconds(seconds);
        }
        catch (JsonException)
        {
            // A proxy's error page: judged by the status alone below.
        }
        if (ok && status == HttpStatusCode.OK) return SendOutcome.Sent(messageId);
        var reason = $"zalo-bot {code ?? (int)status}: {description}".TrimEnd(' ', ':');
        return (code ?? (int)status) switch
        {
            401 => new SendOutcome(SendStatus.TokenRejected, reason),
            403 => new SendOutcome(SendStatus.Refused, reason + " (the citizen blocked the bot)", Unreachable: true),
            429 => new SendOutcome(SendStatus.Transient, reason, RetryAfter: retryAfter, RateLimited: true),
            >= 500 => new SendOutcome(SendStatus.Transient, reason, RetryAfter: retryAfter),
            200 => new SendOutcome(SendStatus.Unknown, $"answer without ok: {(text.Length > 300 ? text[..300] : text)}"),
            _ => new SendOutcome(SendStatus.Failed, reason),
        };
    }

    Uri Url(string token, string method) => ChannelUrls.Combine(options.Value.ApiBaseUrl, $"bot{token}/{method}");
}
