using System.Globalization;
using System.Text.Json;
using Chatbot.Web.Channels.Publishing;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Page posts through the Graph API (platforms.md §3.1): POST /{page-id}/feed (message, link) or /{page-id}/photos
/// (url, caption) when the post has an image. The Graph API has no idempotency key (§3.3), so after an ambiguous
/// failure <see cref="ReconcileAsync"/> reads /{page-id}/published_posts and matches the exact message text created
/// no earlier than a minute before the attempt was claimed: a match is our post, and nothing is sent again.
/// </summary>
internal sealed class FacebookPagePublisher(IHttpClientFactory http, IOptions<FacebookOptions> facebook,
    ResiliencePipelineProvider<string> pipelines) : IPagePublisher
{
    /// <summary>Names the HTTP client and the retry pipeline (<see cref="TransientHttp"/>).</summary>
    public const string ClientName = "publish-facebook";
    public PlatformId Platform => FacebookProfile.Id;

    /// <summary>What the pipeline retries besides 5xx and 429: Graph's "try again" codes on a failed answer.</summary>
    public static bool IsTransient(int code, HttpResponseMessage response) => !response.IsSuccessStatusCode && FacebookErrors.IsTransient(code);

    public async Task<PublishOutcome> PublishAsync(IPublishAttempt attempt, PagePost post, WardChannel channel, string accessToken, CancellationToken ct)
    {
        var client = http.CreateClient(ClientName);
        var pipeline = pipelines.GetPipeline<HttpResponseMessage>(ClientName);
        var photo = post.ImageUrl is not null;
        var url = $"{facebook.Value.GraphBaseUrl.ToString().TrimEnd('/')}/{channel.AccountId}/{(photo ? "photos" : "feed")}";
        var fields = new Dictionary<string, string> { ["access_token"] = accessToken };
        if (photo)
        {
            fields["url"] = post.ImageUrl!;
            fields["caption"] = MessageOf(post, withLink: true);
        }
        else
        {
            fields["message"] = MessageOf(post, withLink: false);
            if (post.Link is not null) fields["link"] = post.Link;
        }
        try
        {
            using var response = await pipeline.ExecuteAsync(async token =>
                await client.PostAsync(url, new FormUrlEncodedContent(fields), token), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode && Field(body, photo ? "post_id" : "id") is { } id) return new PublishOutcome.Published(id);
            var code = await TransientHttp.ErrorCodeAsync(response);
            var message = ErrorMessage(body);
            return code switch
            {
                FacebookErrors.TokenRejected => new PublishOutcome.TokenRejected($"Facebook từ chối mã truy cập của trang (190): cần kết nối lại trang. {message}"),
                10 or 200 => new PublishOutcome.Failed($"Ứng dụng thiếu quyền đăng lên trang ({code}): cần quyền pages_manage_posts. {message}"),
                100 => new PublishOutcome.Failed($"Facebook báo tham số không hợp lệ (100): {message}"),
                _ when (int)response.StatusCode >= 500 || (int)response.StatusCode == 429 || code is { } c && FacebookErrors.IsTransient(c) =>
                    new PublishOutcome.Retry($"Facebook tạm thời lỗi (HTTP {(int)response.StatusCode}, mã {code}): {message}"),
                _ => new PublishOutcome.Failed($"Facebook trả lỗi HTTP {(int)response.StatusCode}, mã {code}: {message}"),
            };
        }
        catch (Exception e) when (TransientHttp.IsTimeout(e, ct) || e is HttpRequestException)
        {
            return new PublishOutcome.NeedsCheck($"Không nhận được trả lời của Facebook ({e.GetType().Name}); bài có thể đã lên trang, cần đối chiếu trước khi đăng lại.");
        }
    }

    public async Task<PublishOutcome> ReconcileAsync(IPublishAttempt attempt, PagePost post, WardChannel channel, string accessToken, CancellationToken ct)
    {
        var client = http.CreateClient(ClientName);
        var url = $"{facebook.Value.GraphBaseUrl.ToString().TrimEnd('/')}/{channel.AccountId}/published_posts?fields=id,message,created_time&limit=50&access_token={Uri.EscapeDataString(accessToken)}";
        try
        {
            using var response = await client.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode) return new PublishOutcome.NeedsCheck($"Chưa đọc được danh sách bài của trang (HTTP {(int)response.StatusCode}).");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var since = attempt.Since - TimeSpan.FromMinutes(1);
            var expected = MessageOf(post, withLink: post.ImageUrl is not null);
            foreach (var item in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                var message = item.TryGetProperty("message", out var m) ? m.GetString() : null;
                var created = item.TryGetProperty("created_time", out var c) && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, out var t) ? t : (DateTimeOffset?)null;
                if (message == expected && created >= since) return new PublishOutcome.Published(item.GetProperty("id").GetString()!);
            }
            return new PublishOutcome.NotFound();
        }
        catch (Exception e) when (TransientHttp.IsTimeout(e, ct) || e is HttpRequestException or JsonException or KeyNotFoundException)
        {
            return new PublishOutcome.NeedsCheck($"Chưa đối chiếu được với Facebook ({e.GetType().Name}).");
        }
    }

    /// <summary>A photo post has no link field, so the link goes into the caption.</summary>
    static string MessageOf(PagePost post, bool withLink) => withLink && post.Link is not null ? $"{post.Text}\n\n{post.Link}" : post.Text;

    static string? Field(string body, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty(name, out var v) ? v.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    static string ErrorMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m)
                ? m.GetString() ?? "" : "";
        }
        catch (JsonException) { return body.Length > 200 ? body[..200] : body; }
    }
}
