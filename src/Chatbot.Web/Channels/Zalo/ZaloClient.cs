using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>Zalo OA customer-service messages. Errors come as HTTP 200 with error ≠ 0 (platforms.md §1.1), so the body
/// is always read; codes are classified per §1.7 and §5.</summary>
internal sealed class ZaloClient(HttpClient http, IOptions<ZaloOptions> options) : IPlatformClient
{
    public PlatformId Platform => ZaloProfile.Id;

    public IReadOnlyList<JsonObject> Notice(string userId, string text) => ZaloMessages.Notice(userId, text);

    public IReadOnlyList<JsonObject> Answer(string userId, string text) => ZaloMessages.Notice(userId, text);

    public async Task<SendOutcome> SendAsync(WardChannel channel, string token, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ChannelUrls.Combine(options.Value.ApiBaseUrl, "v3.0/oa/message/cs"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("access_token", token);
        var (response, failure) = await HttpOutcomes.SendAsync(http, request, ct);
        if (failure is not null) return failure;
        using (response)
        {
            var text = await response!.Content.ReadAsStringAsync(ct);
            if (HttpOutcomes.IsServerError(response.StatusCode) || response.StatusCode == HttpStatusCode.TooManyRequests)
                return new SendOutcome(SendStatus.Transient, $"HTTP {(int)response.StatusCode}", RetryAfter: HttpOutcomes.RetryAfter(response),
                    RateLimited: response.StatusCode == HttpStatusCode.TooManyRequests);
            if (!response.IsSuccessStatusCode)
                return new SendOutcome(SendStatus.Failed, $"HTTP {(int)response.StatusCode}: {Short(text)}");
            return Classify(text, HttpOutcomes.RetryAfter(response));
        }
    }

    public static SendOutcome Classify(string text, TimeSpan? retryAfter = null)
    {
        int error;
        string message, messageId;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var code) ? code : int.MinValue;
            message = JsonFields.Text(root, "message");
            messageId = JsonFields.Text(root, "data", "message_id");
        }
        catch (JsonException)
        {
            return new SendOutcome(SendStatus.Unknown, $"answer is not JSON: {Short(text)}");
        }
        var reason = $"zalo {error}: {message}";
        return error switch
        {
            0 => SendOutcome.Sent(messageId),
            ZaloErrors.RateLimit => new SendOutcome(SendStatus.Transient, reason, RetryAfter: retryAfter, RateLimited: true),
            _ when ZaloErrors.IsTokenRejected(error) => new SendOutcome(SendStatus.TokenRejected, reason),
            -230 or -232 => new SendOutcome(SendStatus.Refused, reason + " (CS reply window over)"),
            -213 => new SendOutcome(SendStatus.Refused, reason + " (not a follower)"),
            -211 or -218 => new SendOutcome(SendStatus.Refused, reason + " (quota)"),
            -234 => new SendOutcome(SendStatus.Refused, reason + " (not allowed at night)"),
            -217 or -227 or -244 => new SendOutcome(SendStatus.Refused, reason, Unreachable: true),
            int.MinValue => new SendOutcome(SendStatus.Unknown, $"no error field: {Short(text)}"),
            _ => new SendOutcome(SendStatus.Failed, reason),
        };
    }

    static string Short(string s) => s.Length > 300 ? s[..300] : s;
}
