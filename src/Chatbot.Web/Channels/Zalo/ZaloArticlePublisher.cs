using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Web.Channels.Publishing;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>Zalo articles: verify polls within one attempt before handing over to a later attempt. The section is
/// "Broadcasting" (Broadcasting:ArticleVerifyPolls…), as documented before the publisher moved here.</summary>
public sealed class ZaloArticleOptions
{
    public const string Section = "Broadcasting";
    public int ArticleVerifyPolls { get; init; } = 3;
    public TimeSpan ArticleVerifyDelay { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Zalo OA: article create → verify → broadcast (platforms.md §1.6, §1.4), header access_token, errors in the body
/// with HTTP 200. Each step is recorded on the delivery (article_token, then article_id), so a later attempt resumes
/// where the last one stopped instead of creating a second article. Verify answering -214 ("still processing") hands
/// over to a later attempt. A timeout on create or broadcast is needs-check. <see cref="ReconcileAsync"/> settles a
/// create by reading the OA's recent articles (GET /v2.0/article/getslice, 10 per page) for one with the delivery's
/// title created since the attempt; found → its id is recorded and the delivery resumes at the broadcast; the whole
/// recent list read without it → publish again (after the dispatcher's grace); otherwise it stays for staff.
/// A broadcast that timed out cannot be reconciled (Zalo lists no sent broadcasts we could match): staff check it.
/// </summary>
internal sealed class ZaloArticlePublisher(IHttpClientFactory http, IOptions<ZaloOptions> zalo, IOptions<ZaloArticleOptions> options,
    ResiliencePipelineProvider<string> pipelines, TimeProvider clock) : IPagePublisher
{
    /// <summary>Names the HTTP client and the retry pipeline (<see cref="TransientHttp"/>).</summary>
    public const string ClientName = "publish-zalo";
    /// <summary>Zalo's title limit is not documented (platforms.md §1.6 [U]); 80 characters is a conservative choice.</summary>
    public const int TitleLength = 80;
    public PlatformId Platform => ZaloProfile.Id;

    /// <summary>What the pipeline retries besides 5xx and 429: Zalo's rate limit, answered with HTTP 200 (§1.7).</summary>
    public static bool IsTransient(int code, HttpResponseMessage response) => code == ZaloErrors.RateLimit;

    public async Task<PublishOutcome> PublishAsync(IPublishAttempt attempt, PagePost post, WardChannel channel, string accessToken, CancellationToken ct)
    {
        var step = "create";
        try
        {
            var articleId = attempt.StepItemId;
            var articleToken = attempt.StepToken;
            if (articleId is null && articleToken is null)
            {
                var (code, data, message) = await CallAsync("/v2.0/article/create", Article(post, channel), accessToken, ct);
                if (code != 0) return Classify("tạo bài viết", code, message);
                articleToken = data?.GetProperty("token").GetString();
                await attempt.RecordStepAsync(articleToken, null, ct);
            }
            if (articleId is null)
            {
                step = "verify";
                for (var poll = 0; ; poll++)
                {
                    var (code, data, message) = await CallAsync("/v2.0/article/verify", new { token = articleToken }, accessToken, ct);
                    if (code == 0) { articleId = data?.GetProperty("id").ToString(); break; }
                    if (code != -214) return Classify("xác nhận bài viết", code, message);
                    if (poll + 1 >= options.Value.ArticleVerifyPolls)
                        return new PublishOutcome.Retry("Zalo đang xử lý bài viết (-214); sẽ kiểm tra lại ở lần thử sau.");
                    await Task.Delay(options.Value.ArticleVerifyDelay, clock, ct);
                }
                await attempt.RecordStepAsync(null, articleId, ct);
            }
            step = "broadcast";
            var (bcode, bdata, bmessage) = await CallAsync("/v2.0/oa/message", Broadcast(articleId!), accessToken, ct);
            if (bcode != 0) return Classify("gửi bài viết tới người quan tâm", bcode, bmessage);
            return new PublishOutcome.Published(articleId!);
        }
        catch (Exception e) when (TransientHttp.IsTimeout(e, ct) || e is HttpRequestException)
        {
            return step == "verify"
                ? new PublishOutcome.Retry($"Zalo không trả lời bước xác nhận bài viết ({e.GetType().Name}).") // verify is a read: safe to repeat
                : step == "create"
                    ? new PublishOutcome.NeedsCheck($"Không nhận được trả lời của Zalo khi tạo bài viết ({e.GetType().Name}); hệ thống sẽ đối chiếu danh sách bài viết của OA trước khi đăng lại.")
                    : new PublishOutcome.NeedsCheck(BroadcastUnknown(e.GetType().Name));
        }
    }

    /// <summary>Pages of the OA's recent articles read when reconciling; Zalo answers at most 10 per page.</summary>
    public const int ReconcilePages = 5;
    const int PageSize = 10;

    static string BroadcastUnknown(string why) =>
        $"Không nhận được trả lời của Zalo khi gửi bài viết tới người quan tâm ({why}). Zalo không cho đọc lại tin đã gửi, nên hệ thống không tự gửi lại: "
        + "cán bộ xem mục tin đã gửi trên trang quản lý OA; nếu tin chưa đi, tạo lượt đăng mới.";

    public async Task<PublishOutcome> ReconcileAsync(IPublishAttempt attempt, PagePost post, WardChannel channel, string accessToken, CancellationToken ct)
    {
        if (attempt.StepItemId is not null) return new PublishOutcome.NeedsCheck(BroadcastUnknown("đối chiếu"));
        if (attempt.StepToken is not null) // created and acknowledged: verify is a read, so simply continue from there
            return new PublishOutcome.Resume("Đối chiếu: Zalo đã nhận bài viết; tiếp tục xác nhận và gửi tới người quan tâm.");
        var title = TitleOf(post);
        var since = attempt.Since - TimeSpan.FromMinutes(1);
        try
        {
            for (var page = 0; page < ReconcilePages; page++)
            {
                var (code, data, message) = await ListAsync(page * PageSize, accessToken, ct);
                if (code != 0) return new PublishOutcome.NeedsCheck($"Chưa đọc được danh sách bài viết của OA để đối chiếu (Zalo {code}: {message}); sẽ thử lại.");
                var items = ArticlesIn(data);
                foreach (var item in items.Where(i => i.Title == title))
                {
                    if (item.CreatedAt is not { } created)
                        return new PublishOutcome.NeedsCheck($"OA có bài viết trùng tiêu đề «{title}» (id {item.Id}) nhưng Zalo không cho biết thời điểm tạo; cán bộ cần kiểm tra trên trang quản lý OA.");
                    if (created < since || await attempt.ItemRecordedElsewhereAsync(item.Id, ct)) continue;
                    await attempt.RecordStepAsync(null, item.Id, ct);
                    return new PublishOutcome.Resume($"Đối chiếu: bài viết đã có trên OA (id {item.Id}); tiếp tục gửi tới người quan tâm, không tạo bài mới.");
                }
                if (items.Count < PageSize) return new PublishOutcome.NotFound(); // the whole recent list was read
            }
            return new PublishOutcome.NeedsCheck($"OA có hơn {ReconcilePages * PageSize} bài viết gần đây, chưa đối chiếu tự động được; cán bộ kiểm tra trên trang quản lý OA xem bài «{title}» đã có chưa.");
        }
        catch (Exception e) when (TransientHttp.IsTimeout(e, ct) || e is HttpRequestException or JsonException or InvalidOperationException)
        {
            return new PublishOutcome.NeedsCheck($"Chưa đối chiếu được với Zalo ({e.GetType().Name}); sẽ thử lại.");
        }
    }

    sealed record ListedArticle(string Id, string Title, DateTimeOffset? CreatedAt);

    /// <summary>data.medias[] (Zalo's getslice; some integrations report data.articles[]): id, title, create_date (epoch ms).</summary>
    static List<ListedArticle> ArticlesIn(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } d) return [];
        if (!d.TryGetProperty("medias", out var list) && !d.TryGetProperty("articles", out list)) return [];
        return list.EnumerateArray().Select(a => new ListedArticle(
            a.GetProperty("id").ToString(),
            a.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "",
            a.TryGetProperty("create_date", out var c) && (c.ValueKind == JsonValueKind.Number ? c.TryGetInt64(out var ms) : long.TryParse(c.GetString(), out ms))
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null)).ToList();
    }

    async Task<(int Code, JsonElement? Data, string Message)> ListAsync(int offset, string accessToken, CancellationToken ct)
    {
        var client = http.CreateClient(ClientName);
        var pipeline = pipelines.GetPipeline<HttpResponseMessage>(ClientName);
        var url = $"{zalo.Value.ApiBaseUrl.ToString().TrimEnd('/')}/v2.0/article/getslice?offset={offset}&limit={PageSize}&type=normal";
        using var response = await pipeline.ExecuteAsync(async token =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("access_token", accessToken);
            return await client.SendAsync(request, token); // a read: safe to repeat
        }, ct);
        return await ReadAsync(response, ct);
    }

    async Task<(int Code, JsonElement? Data, string Message)> CallAsync(string path, object body, string accessToken, CancellationToken ct)
    {
        var client = http.CreateClient(ClientName);
        var pipeline = pipelines.GetPipeline<HttpResponseMessage>(ClientName);
        var url = zalo.Value.ApiBaseUrl.ToString().TrimEnd('/') + path;
        using var response = await pipeline.ExecuteAsync(async token =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("access_token", accessToken);
            return await client.SendAsync(request, token);
        }, ct);
        return await ReadAsync(response, ct);
    }

    static async Task<(int Code, JsonElement? Data, string Message)> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode) return ((int)response.StatusCode >= 500 || (int)response.StatusCode == 429 ? ZaloErrors.RateLimit : -1, null, $"HTTP {(int)response.StatusCode}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var code = doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : -1;
        var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
        JsonElement? data = doc.RootElement.TryGetProperty("data", out var d) ? d.Clone() : null;
        return (code, data, message);
    }

    static PublishOutcome Classify(string what, int code, string message) => code switch
    {
        -100 or ZaloErrors.RateLimit => new PublishOutcome.Retry($"Zalo tạm thời từ chối khi {what} ({code}): {message}"),
        _ when ZaloErrors.IsTokenRejected(code) => new PublishOutcome.TokenRejected($"Zalo từ chối mã truy cập OA ({code}) khi {what}: cần kết nối lại OA."),
        -234 => new PublishOutcome.Retry($"Zalo không cho gửi loại tin này ban đêm (22:00–06:00) ({code})."),
        -221 or -224 or -223 or -320 or -321 => new PublishOutcome.Failed($"OA chưa đủ điều kiện khi {what} ({code}: xác thực OA, gói dịch vụ hoặc tài khoản ZCA): {message}"),
        _ => new PublishOutcome.Failed($"Zalo trả lỗi {code} khi {what}: {message}"),
    };

    /// <summary>The article's title, and the marker reconciliation looks for: the post's first line, shortened.</summary>
    static string TitleOf(PagePost post)
    {
        var firstLine = post.Text.Split('\n', 2)[0].Trim();
        return firstLine.Length <= TitleLength ? firstLine : firstLine[..(TitleLength - 1)] + "…";
    }

    static object Article(PagePost post, WardChannel channel)
    {
        var title = TitleOf(post);
        var body = new List<object> { new { type = "text", content = System.Net.WebUtility.HtmlEncode(post.Text).Replace("\n", "<br>") } };
        if (post.ImageUrl is not null) body.Add(new { type = "image", url = post.ImageUrl, caption = "" });
        if (post.Link is not null) body.Add(new { type = "text", content = $"<a href=\"{System.Net.WebUtility.HtmlEncode(post.Link)}\">{System.Net.WebUtility.HtmlEncode(post.Link)}</a>" });
        return new
        {
            type = "normal", title, author = channel.DisplayName, description = title,
            cover = post.ImageUrl is null ? null : new { cover_type = "photo", photo_url = post.ImageUrl, status = "show" },
            body, status = "show", comment = "show",
        };
    }

    static object Broadcast(string articleId) => new
    {
        recipient = new { target = new { } },
        message = new { attachment = new { type = "template", payload = new { template_type = "media",
            elements = new[] { new { media_type = "article", attachment_id = articleId } } } } },
    };
}
