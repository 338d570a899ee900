using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>Messenger Send API; Graph errors classified per platforms.md §2.6 and §5.</summary>
internal sealed class FacebookClient(HttpClient http, IOptions<FacebookOptions> options) : IPlatformClient
{
    public PlatformId Platform => FacebookProfile.Id;

    public IReadOnlyList<JsonObject> Notice(string userId, string text) => FacebookMessages.Update(userId, text);

    public IReadOnlyList<JsonObject> Answer(string userId, string text) =>
        FacebookMessages.Build(userId, [Microsoft.Bot.Builder.MessageFactory.Text(text)], "");

    public async Task<SendOutcome> SendAsync(WardChannel channel, string token, JsonObject body, CancellationToken ct)
    {
        var url = ChannelUrls.Combine(options.Value.GraphBaseUrl, $"{channel.AccountId}/messages?access_token={Uri.EscapeDataString(token)}");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        var (response, failure) = await HttpOutcomes.SendAsync(http, request, ct);
        if (failure is not null) return failure;
        using (response)
        {
            var text = await response!.Content.ReadAsStringAsync(ct);
            return Classify(response.StatusCode, text, HttpOutcomes.RetryAfter(response));
        }
    }

    public static SendOutcome Classify(HttpStatusCode status, string text, TimeSpan? retryAfter = null)
    {
        int? code = null, subcode = null;
        string message = "", messageId = "";
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            messageId = JsonFields.Text(root, "message_id");
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var ci) ? ci : null;
                subcode = error.TryGetProperty("error_subcode", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var si) ? si : null;
                message = JsonFields.Text(error, "message");
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: judged by the status alone below.
        }
        if (status == HttpStatusCode.OK && code is null) return SendOutcome.Sent(messageId);
        var reason = $"graph {code}/{subcode}: {message}".TrimEnd(' ', ':');
        return (code, subcode) switch
        {
            (FacebookErrors.TokenRejected, _) => new SendOutcome(SendStatus.TokenRejected, reason),
            (10, 2018278) => new SendOutcome(SendStatus.Refused, reason + " (outside the 24-hour window)"),
            (551, _) or (_, 1545041) or (100, 2018001) => new SendOutcome(SendStatus.Refused, reason + " (recipient unavailable)", Unreachable: true),
            ({ } c, _) when FacebookErrors.IsRateLimit(c) => new SendOutcome(SendStatus.Transient, reason, RetryAfter: retryAfter, RateLimited: true),
            ({ } c, _) when FacebookErrors.IsTransient(c) => new SendOutcome(SendStatus.Transient, reason, RetryAfter: retryAfter),
            (10, _) => new SendOutcome(SendStatus.Refused, reason),
            _ when HttpOutcomes.IsServerError(status) || status == HttpStatusCode.TooManyRequests =>
                new SendOutcome(SendStatus.Transient, $"HTTP {(int)status} {reason}", RetryAfter: retryAfter,
                    RateLimited: status == HttpStatusCode.TooManyRequests),
            _ => new SendOutcome(SendStatus.Failed, $"HTTP {(int)status} {reason}"),
        };
    }
}
