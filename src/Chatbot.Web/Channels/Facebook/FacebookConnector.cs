using System.Text.Json;
using Chatbot.Web.Channels.Connect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Connecting a Page from the console (platforms.md §3.2): the Facebook Login dialog with the permissions the service uses,
/// the code traded for a user token and that for a long-lived one, the Pages the person manages (/me/accounts; their Page
/// tokens, fetched with the long-lived user token, do not expire); once staff pick a Page, it is looked up again (the person
/// may have lost it meanwhile), subscribed to the webhook fields the service handles and given its Messenger profile.
/// A refused or unticked permission and Graph's (#200) are explained in plain Vietnamese (platforms.md §6).
/// </summary>
internal sealed class FacebookConnector(HttpClient http, IOptions<FacebookOptions> options, MessengerProfile profile) : IChannelConnector
{
    /// <summary>What the service does with a Page (replies, posts, comments, subscribing) and pages_show_list, without
    /// which /me/accounts lists nothing.</summary>
    public static readonly IReadOnlyList<string> Scopes =
        ["pages_messaging", "pages_manage_posts", "pages_read_engagement", "pages_manage_metadata", "pages_show_list"];

    /// <summary>The webhook fields FacebookWebhookEndpoints handles (docs/channels.md).</summary>
    public const string WebhookFields = "messages,messaging_postbacks,messaging_referrals,message_echoes,feed";

    /// <summary>What the connecting person must be allowed to do on the Page (the tasks /me/accounts lists): send as the
    /// Page (platforms.md §2.4) and post (§3.2). Without them Facebook takes the connection and then refuses replies or
    /// posts with (#200) (§6), so a Page whose tasks lack one is refused before anything is stored.</summary>
    static readonly Dictionary<string, (string Task, string Refused)> NeededTasks = new()
    {
        ["MESSAGING"] = ("nhắn tin thay mặt Trang", "trả lời tin nhắn của người dân"),
        ["CREATE_CONTENT"] = ("tạo nội dung", "đăng bài của phường"),
    };

    static readonly Dictionary<string, string> ScopeMeaning = new()
    {
        ["pages_messaging"] = "trả lời tin nhắn Messenger",
        ["pages_manage_posts"] = "đăng bài lên Trang",
        ["pages_read_engagement"] = "đọc bình luận để trả lời riêng",
        ["pages_manage_metadata"] = "đăng ký nhận tin nhắn (webhook)",
        ["pages_show_list"] = "xem danh sách Trang bạn quản lý",
    };

    public PlatformId Platform => FacebookProfile.Id;
    public string ConnectLabel => "Kết nối Trang Facebook";
    public string AccountNoun => "Trang";
    public bool UsesPkce => false;

    FacebookOptions O => options.Value;

    public Uri DialogUrl(string state, Uri callback, string? codeChallenge) => new(QueryHelpers.AddQueryString(O.DialogUrl.ToString(),
        new Dictionary<string, string?>
        {
            ["client_id"] = O.AppId, ["redirect_uri"] = callback.ToString(), ["state"] = state, ["response_type"] = "code",
            ["scope"] = string.Join(',', Scopes),
            // Facebook never asks again for a permission the person once declined unless the dialog says it re-asks
            // (Meta, "Managing Permissions", Re-asking for Declined Permissions): without this, «Kết nối lại» after
            // an unticked permission would come back with it declined again and the person could not fix it.
            ["auth_type"] = "rerequest",
        }));

    public async Task<ConnectStep> ExchangeAsync(IQueryCollection query, Uri callback, string? codeVerifier, CancellationToken ct)
    {
        if (query.ContainsKey("error") || query["code"].ToString().Length == 0)
            return ConnectStep.Fail("Bạn đã không cấp quyền cho ứng dụng trên Facebook, nên Trang chưa được kết nối và không có gì được lưu. "
                + "Bấm «Kết nối Trang Facebook» lại, đăng nhập bằng tài khoản quản trị Trang và đồng ý mọi quyền được hỏi.");
        var (shortLived, error) = await GetAsync("oauth/access_token", new()
        {
            ["client_id"] = O.AppId, ["client_secret"] = O.AppSecret, ["redirect_uri"] = callback.ToString(), ["code"] = query["code"].ToString(),
        }, ct);
        if (error is not null) return ConnectStep.Fail($"Facebook không chấp nhận mã cấp quyền (có thể đã quá hạn hoặc đã dùng). Không có gì được lưu; hãy kết nối lại. ({error})");
        var (longLived, error2) = await GetAsync("oauth/access_token", new()
        {
            ["grant_type"] = "fb_exchange_token", ["client_id"] = O.AppId, ["client_secret"] = O.AppSecret,
            ["fb_exchange_token"] = Text(shortLived, "access_token"),
        }, ct);
        if (error2 is not null) return ConnectStep.Fail($"Facebook không cấp mã truy cập dài hạn. Không có gì được lưu; hãy kết nối lại. ({error2})");
        var userToken = Text(longLived, "access_token");
        var (permissions, error3) = await GetAsync("me/permissions", new() { ["access_token"] = userToken }, ct);
        if (error3 is not null) return ConnectStep.Fail($"Không đọc được các quyền đã cấp. ({error3})");
        var granted = Data(permissions).Where(p => Text(p, "status") == "granted").Select(p => Text(p, "permission")).ToHashSet();
        var missing = Scopes.Where(s => !granted.Contains(s)).ToList();
        if (missing.Count > 0)
            return ConnectStep.Fail("Bạn đã bỏ chọn quyền " + string.Join(", ", missing.Select(m => $"«{ScopeMeaning[m]}» ({m})"))
                + " trong hộp thoại của Facebook, nên trợ lý không làm việc được với Trang. Không có gì được lưu; bấm «Kết nối Trang Facebook» lại và đồng ý đủ các quyền.");
        var pages = await PagesAsync(userToken, ct);
        if (pages.Error is not null) return ConnectStep.Fail($"Không đọc được danh sách Trang bạn quản lý. ({pages.Error})");
        if (pages.List.Count == 0)
            return ConnectStep.Fail("Tài khoản Facebook này không quản lý Trang nào (hoặc bạn chưa chọn Trang nào trong hộp thoại). Không có gì được lưu; "
                + "hãy đăng nhập bằng tài khoản quản trị Trang của phường rồi kết nối lại.");
        return ConnectStep.Choose(userToken, pages.List.Select(p => new AccountChoice(p.Id, p.Name)).ToList());
    }

    public async Task<ConnectStep> PickAsync(string grant, string accountId, CancellationToken ct)
    {
        var pages = await PagesAsync(grant, ct);
        if (pages.Error is not null) return ConnectStep.Fail($"Không đọc được danh sách Trang bạn quản lý. ({pages.Error})");
        if (pages.List.FirstOrDefault(p => p.Id == accountId) is not { } page)
            return ConnectStep.Fail("Tài khoản Facebook đã cấp quyền không còn quản lý Trang này (vai trò trên Trang đã bị gỡ, hoặc Trang không được chọn trong hộp thoại). "
                + "Không có gì được lưu; nhờ quản trị viên Trang thêm lại bạn rồi kết nối lại.");
        // Graph lists the tasks only where it knows them; when it says nothing, subscribing below still catches a too small role.
        if (page.Tasks is { } tasks && NeededTasks.Keys.Where(t => !tasks.Contains(t)).ToList() is { Count: > 0 } lacking)
            return ConnectStep.Fail($"Tài khoản Facebook này có vai trò trên Trang «{page.Name}» nhưng chưa được cấp quyền "
                + string.Join(" và ", lacking.Select(t => $"«{NeededTasks[t].Task}»")) + ", nên Facebook sẽ từ chối khi trợ lý "
                + string.Join(" hoặc ", lacking.Select(t => NeededTasks[t].Refused)) + " (lỗi (#200)). Không có gì được lưu; nhờ quản trị viên Trang "
                + "cấp thêm các quyền đó (hoặc toàn quyền) cho bạn trong phần quyền truy cập Trang rồi kết nối lại, hoặc để quản trị viên Trang tự kết nối.");
        var (_, subscribeError) = await PostAsync($"{page.Id}/subscribed_apps", new()
        {
            ["subscribed_fields"] = WebhookFields, ["access_token"] = page.Token,
        }, ct);
        if (subscribeError is not null) return ConnectStep.Fail(Refused("đăng ký nhận tin nhắn của Trang", subscribeError));
        var (ok, answer) = await profile.PostAsync(page.Token, ct);
        if (!ok) return ConnectStep.Fail(Refused("đặt nút Bắt đầu, lời chào và menu cho Messenger", answer));
        return ConnectStep.Done(new ConnectedAccount(page.Id, page.Name, page.Token, "", null, null, null,
            [$"webhook: {WebhookFields}", "hồ sơ Messenger: nút Bắt đầu, lời chào, menu"]));
    }

    /// <summary>(#200): the person's role on the Page is too small, or a permission was unticked (platforms.md §6).</summary>
    static string Refused(string what, string error) => error.Contains("(#200)", StringComparison.Ordinal)
        ? $"Facebook không cho {what}: tài khoản đã kết nối cần vai trò quản lý (hoặc tạo nội dung) trên Trang và phải đồng ý đủ các quyền. "
          + $"Không có gì được lưu; nhờ quản trị viên Trang cấp vai trò rồi kết nối lại. ({error})"
        : $"Facebook không cho {what}. Không có gì được lưu; hãy thử kết nối lại. ({error})";

    /// <param name="Tasks">The person's tasks on the Page (MANAGE, CREATE_CONTENT, MODERATE, MESSAGING…); null when Graph did not list them.</param>
    sealed record Page(string Id, string Name, string Token, IReadOnlySet<string>? Tasks);

    async Task<(IReadOnlyList<Page> List, string? Error)> PagesAsync(string userToken, CancellationToken ct)
    {
        var (root, error) = await GetAsync("me/accounts", new() { ["fields"] = "id,name,access_token,tasks", ["access_token"] = userToken }, ct);
        if (error is not null) return ([], error);
        return (Data(root).Select(p => new Page(Text(p, "id"), Text(p, "name"), Text(p, "access_token"), TasksOf(p)))
            .Where(p => p.Id.Length > 0 && p.Token.Length > 0).ToList(), null);
    }

    Task<(JsonElement Root, string? Error)> GetAsync(string path, Dictionary<string, string?> query, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString(ChannelUrls.Combine(O.GraphBaseUrl, path).ToString(), query)), ct);

    Task<(JsonElement Root, string? Error)> PostAsync(string path, Dictionary<string, string?> query, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, QueryHelpers.AddQueryString(ChannelUrls.Combine(O.GraphBaseUrl, path).ToString(), query)), ct);

    /// <summary>Graph's answer, or its error as "graph code/subcode: message".</summary>
    async Task<(JsonElement Root, string? Error)> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                JsonElement root;
                try
                {
                    root = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    return (default, $"HTTP {(int)response.StatusCode}, không phải JSON");
                }
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
                    return (root, $"graph {Number(e, "code")}/{Number(e, "error_subcode")}: {Text(e, "message")}");
                return response.IsSuccessStatusCode ? (root, null) : (root, $"HTTP {(int)response.StatusCode}");
            }
            catch (HttpRequestException e)
            {
                return (default, "không gọi được Facebook: " + e.Message);
            }
        }
    }

    static IReadOnlySet<string>? TasksOf(JsonElement page) =>
        page.TryGetProperty("tasks", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal)
            : null;

    static IEnumerable<JsonElement> Data(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array ? d.EnumerateArray() : [];

    static string Text(JsonElement e, string name) => JsonFields.Text(e, name);

    static string Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : "";
}
