using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web;
using Chatbot.Web.Channels.Connect;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Connect;

/// <summary>Kênh → «Kết nối Trang Facebook» / «Kết nối Zalo OA» end to end against the simulator: the connected account
/// wins over wards.yaml and configuration at once, replies go out with the new token, a revoked token shows «Cần kết
/// nối lại»; bad states store nothing; ward scope; /api/channels; disconnect is confirmed and audited.</summary>
public sealed class ChannelConnectTests
{
    [Fact]
    public async Task A_connected_Page_answers_citizens_with_its_new_token_and_a_revoked_token_asks_to_reconnect()
    {
        await using var kit = await ConnectKit.StartAsync();
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);

        var callback = await ConnectKit.DialogAsync(admin, "sai-gon-facebook");
        var dialog = Assert.Single(kit.Simulator.FacebookLogin().DialogRequests);
        Assert.Equal(ConnectKit.FacebookAppId, dialog["client_id"]);
        Assert.Equal("pages_messaging,pages_manage_posts,pages_read_engagement,pages_manage_metadata,pages_show_list", dialog["scope"]);
        var pick = await admin.TextAsync(callback);
        Assert.Contains(ConnectKit.NewPageName, pick);
        Assert.Contains("Câu lạc bộ thanh niên", pick);

        using (var picked = await ConnectKit.PickAsync(admin, pick, ConnectKit.NewPageId))
        {
            Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
            Assert.Equal("/admin/channels", picked.Headers.Location?.OriginalString);
        }
        var token = kit.Simulator.FacebookLogin().LatestPageToken(ConnectKit.NewPageId)!;
        Assert.Equal("messages,messaging_postbacks,messaging_referrals,message_echoes,feed", kit.Simulator.FacebookLogin().Subscriptions[ConnectKit.NewPageId]);
        Assert.Single(kit.Simulator.Requests, r => r.Path.EndsWith("/me/messenger_profile") && r.Query.Contains($"access_token={token}"));
        var row = await ConnectKit.RowAsync(admin, "sai-gon-facebook");
        Assert.Contains("Đã kết nối", row);
        Assert.Contains(ConnectKit.NewPageName, row);
        Assert.Contains(ConnectKit.NewPageId, row);
        Assert.Contains("Không hết hạn", row);
        Assert.Single(await AuditAsync(kit, "channel.connect"), d => d.Contains(ConnectKit.NewPageId));
        // The token is stored encrypted, never in plain text.
        Assert.DoesNotContain(token, await kit.ScalarAsync<string>("SELECT access_token FROM channel_tokens WHERE channel_id = 'sai-gon-facebook'"));

        // A citizen writes to the new Page: the reply goes with the new token, not the configured one (the database wins).
        using (var message = await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-new", "mid.new.1", "menu", page: ConnectKit.NewPageId)))
            Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        await Eventually.TrueAsync(() => kit.Sent("facebook").Any(m => m.Recipient == "psid-new"), "the reply on the new Page");
        var sent = kit.Simulator.Requests.Single(r => r.Path.EndsWith($"/{ConnectKit.NewPageId}/messages"));
        Assert.Contains($"access_token={token}", sent.Query);
        Assert.DoesNotContain(kit.Simulator.Requests, r => r.Query.Contains("access_token=fb-page-token"));
        // The board shows the last successful send (a Vietnamese date and time, not "—"), recorded once Graph's answer is
        // back in the service: a moment after the simulator has the request.
        await Eventually.TrueAsync(async () => Regex.IsMatch(await ConnectKit.RowAsync(admin, "sai-gon-facebook"), @"Không hết hạn \d\d/\d\d/\d{4} \d\d:\d\d"),
            "the last send on the board");

        // The person removes the app on Facebook: the next reply is refused (Graph 190) and the board says so.
        kit.Simulator.RevokeToken(token);
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-new", "mid.new.2", "menu", page: ConnectKit.NewPageId))) { }
        await Eventually.TrueAsync(async () => (await ConnectKit.RowAsync(admin, "sai-gon-facebook")).Contains("Cần kết nối lại"), "the channel flagged");
        row = await ConnectKit.RowAsync(admin, "sai-gon-facebook");
        Assert.Contains("Facebook không còn nhận mã truy cập của Trang", row);
        Assert.Contains("Kết nối lại", row);

        // The daily check warns: a banner on the console and an audit entry.
        await kit.App.Services.GetRequiredService<ChannelHealthJob>().RunAsync(default);
        Assert.Contains("Cảnh báo kênh", await admin.TextAsync("/admin"));
        Assert.Contains("cần kết nối lại", await admin.TextAsync("/admin"));
        Assert.Single(await AuditAsync(kit, "channel.health_warning"), d => d.Contains("cần kết nối lại"));

        // Reconnecting the same Page clears the flag; the banner goes at the next check.
        var again = await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook"));
        using (await ConnectKit.PickAsync(admin, again, ConnectKit.NewPageId)) { }
        Assert.Contains("Đã kết nối", await ConnectKit.RowAsync(admin, "sai-gon-facebook"));
        await kit.App.Services.GetRequiredService<ChannelHealthJob>().RunAsync(default);
        Assert.DoesNotContain("Cảnh báo kênh", await admin.TextAsync("/admin"));
    }

    [Fact]
    public async Task A_Zalo_OA_is_connected_with_PKCE_its_tier_shown_and_replies_use_its_token()
    {
        await using var kit = await ConnectKit.StartAsync();
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        var callback = await ConnectKit.DialogAsync(admin, "sai-gon-zalo");
        var asked = Assert.Single(kit.Simulator.ZaloConnect().PermissionRequests);
        Assert.Equal(ChannelKit.ZaloAppId, asked["app_id"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", asked["code_challenge"]);

        using (var back = await admin.GetAsync(callback))
        {
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode); // the OA is the account: nothing to pick
            Assert.Equal("/admin/channels", back.Headers.Location?.OriginalString);
        }
        Assert.Equal(0, kit.Simulator.ZaloConnect().BadVerifiers);
        var page = await admin.TextAsync("/admin/channels");
        Assert.Contains("Đã kết nối OA «UBND Phường Sài Gòn (OA mới)» cho Phường Sài Gòn", page);
        var row = await ConnectKit.RowAsync(admin, "sai-gon-zalo");
        Assert.Contains("Đã kết nối", row);
        Assert.Contains("4000000000000000099", row);
        Assert.Contains("Gói OA: Nâng cao, hết hạn 31/12/2027 23:59", row);
        Assert.Contains("(tự làm mới)", row);

        var oaToken = kit.Simulator.Requests.Last(r => r.Path.EndsWith("/oa/getoa")).Headers["access_token"];
        Assert.StartsWith("zalo-access-", oaToken);
        using (await PostZaloAsync(kit, "zalo-user-9", "msg-9", "menu", "4000000000000000099")) { }
        await Eventually.TrueAsync(() => kit.Sent("zalo").Any(m => m.Recipient == "zalo-user-9"), "the OA's reply");
        var send = kit.Simulator.Requests.Last(r => r.Path.EndsWith("/oa/message/cs"));
        Assert.Equal(oaToken, send.Headers["access_token"]);

        // Revoked on Zalo: the refresh fails too, so the channel needs reconnecting.
        kit.Simulator.RevokeToken(oaToken);
        using (await PostZaloAsync(kit, "zalo-user-9", "msg-10", "menu", "4000000000000000099")) { }
        await Eventually.TrueAsync(async () => (await ConnectKit.RowAsync(admin, "sai-gon-zalo")).Contains("Cần kết nối lại"), "the OA flagged");

        // A different OA on «Kết nối lại» is refused; «Thay OA» (confirmed) replaces it and is audited.
        kit.Simulator.ZaloConnect().Oa = new SimulatedOa("4000000000000000100", "UBND Phường Sài Gòn (sau sáp nhập)", "Cơ bản", "2027-06-30");
        var other = await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-zalo"));
        Assert.Contains("khác với OA đang kết nối", other);
        Assert.Contains("4000000000000000099", await ConnectKit.RowAsync(admin, "sai-gon-zalo"));
        Assert.Contains("Tiếp tục thay OA", await admin.TextAsync("/admin/channels/confirm?channel=sai-gon-zalo&action=replace"));
        using var replace = await admin.PostFormAsync("/admin/channels/confirm?channel=sai-gon-zalo&action=replace", "/admin/channels/confirm",
            new Dictionary<string, string> { ["channel"] = "sai-gon-zalo", ["action"] = "replace" });
        using (var done = await admin.GetAsync(await ConnectKit.FollowDialogAsync(await ConnectKit.ContinueLinkAsync(replace))))
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        row = await ConnectKit.RowAsync(admin, "sai-gon-zalo");
        Assert.Contains("4000000000000000100", row);
        Assert.Contains("Đã kết nối", row);
        Assert.Single(await AuditAsync(kit, "channel.replace"), d => d.Contains("thay cho UBND Phường Sài Gòn (OA mới) (4000000000000000099)"));
    }

    [Fact]
    public async Task A_replayed_or_expired_state_a_refusal_a_lost_Page_and_a_too_small_role_are_explained_and_store_nothing()
    {
        await using var kit = await ConnectKit.StartAsync();
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);

        // Replayed: the Zalo callback taken twice (back button) connects once, then explains.
        var callback = await ConnectKit.DialogAsync(admin, "tan-dinh-zalo");
        using (await admin.GetAsync(callback)) { }
        var replay = await admin.TextAsync(callback);
        Assert.Contains("đã được dùng một lần", replay);
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM channel_connections"));

        // Expired: more than 10 minutes between the dialog and the callback.
        var late = await ConnectKit.DialogAsync(admin, "ben-thanh-zalo");
        kit.App.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Contains("Phiên kết nối đã hết hạn (quá 10 phút", await admin.TextAsync(late));

        // Another person's (or a made-up) state.
        Assert.Contains("Liên kết kết nối không hợp lệ", await admin.TextAsync("/admin/channels/callback?code=x&state=made-up"));

        // Refused in the dialog.
        kit.Simulator.FacebookLogin().RefusePermissions = true;
        Assert.Contains("Bạn đã không cấp quyền cho ứng dụng trên Facebook", await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook")));
        kit.Simulator.FacebookLogin().RefusePermissions = false;

        // A permission unticked in the dialog.
        kit.Simulator.FacebookLogin().Declined["pages_manage_posts"] = true;
        Assert.Contains("Bạn đã bỏ chọn quyền «đăng bài lên Trang» (pages_manage_posts)", await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook")));
        kit.Simulator.FacebookLogin().Declined.Clear();

        // The person lost the Page between the dialog and the pick.
        var pick = await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook"));
        kit.Simulator.FacebookLogin().ManagedPages.TryRemove(ConnectKit.NewPageId, out _);
        using (var lost = await ConnectKit.PickAsync(admin, pick, ConnectKit.NewPageId))
            Assert.Contains("không còn quản lý Trang này", WebUtility.HtmlDecode(await lost.Content.ReadAsStringAsync()));
        // The same pick again: single use.
        using (var twice = await ConnectKit.PickAsync(admin, pick, "200000000000888"))
            Assert.Contains("đã được dùng một lần", WebUtility.HtmlDecode(await twice.Content.ReadAsStringAsync()));

        // (#200): the role on the Page is too small to subscribe it.
        kit.Simulator.FacebookLogin().MissingPageRole = true;
        pick = await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook"));
        using (var role = await ConnectKit.PickAsync(admin, pick, "200000000000888"))
            Assert.Contains("cần vai trò quản lý (hoặc tạo nội dung) trên Trang", WebUtility.HtmlDecode(await role.Content.ReadAsStringAsync()));

        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM channel_connections WHERE platform = 'facebook'"));
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM channel_tokens WHERE connected_in_console = 1 AND channel_id = 'sai-gon-facebook'"));
        Assert.Contains("Đã kết nối", await ConnectKit.RowAsync(admin, "sai-gon-facebook")); // still on its configured token
        Assert.Contains("từ cấu hình", await ConnectKit.RowAsync(admin, "sai-gon-facebook"));
    }

    [Fact]
    public async Task A_declined_permission_is_asked_for_again_and_a_Page_role_that_cannot_reply_or_post_stores_nothing()
    {
        await using var kit = await ConnectKit.StartAsync();
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        var login = kit.Simulator.FacebookLogin();

        // The person unticks «đăng bài» in Facebook's dialog: the permission and what it is for, in plain Vietnamese.
        login.Declined["pages_manage_posts"] = true;
        var refused = await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook"));
        Assert.Contains("Bạn đã bỏ chọn quyền «đăng bài lên Trang» (pages_manage_posts)", refused);
        Assert.Contains("Không có gì được lưu", refused);

        // Next time they tick it. Facebook shows a declined permission again only when the dialog says it re-asks.
        login.Declined.Clear();
        var pick = await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook"));
        Assert.Equal("rerequest", login.DialogRequests.Last()["auth_type"]);
        Assert.Contains(ConnectKit.NewPageName, pick);

        // The person only moderates the Page: Facebook would refuse every post with (#200), so it is refused now.
        login.PageTasks[ConnectKit.NewPageId] = ["ANALYZE", "MODERATE", "MESSAGING"];
        using (var role = await ConnectKit.PickAsync(admin, pick, ConnectKit.NewPageId))
        {
            var text = WebUtility.HtmlDecode(await role.Content.ReadAsStringAsync());
            Assert.Contains($"có vai trò trên Trang «{ConnectKit.NewPageName}» nhưng chưa được cấp quyền «tạo nội dung», "
                + "nên Facebook sẽ từ chối khi trợ lý đăng bài của phường (lỗi (#200))", text);
            Assert.DoesNotContain("nhắn tin thay mặt Trang", text); // MESSAGING is there: only what is missing is named
        }
        Assert.False(login.Subscriptions.ContainsKey(ConnectKit.NewPageId));
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM channel_connections"));
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM channel_tokens WHERE connected_in_console = 1"));

        // With both tasks the same Page connects.
        login.PageTasks[ConnectKit.NewPageId] = ["MODERATE", "CREATE_CONTENT", "MESSAGING"];
        using (var done = await ConnectKit.PickAsync(admin, await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook")), ConnectKit.NewPageId))
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("Đã kết nối", await ConnectKit.RowAsync(admin, "sai-gon-facebook"));
    }

    [Fact]
    public async Task An_idle_OA_is_warned_before_its_refresh_token_ends_and_asked_to_reconnect_once_it_has()
    {
        await using var kit = await ConnectKit.StartAsync();
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        var job = kit.App.Services.GetRequiredService<ChannelHealthJob>();
        using (await admin.GetAsync(await ConnectKit.DialogAsync(admin, "sai-gon-zalo"))) { }
        var end = kit.App.Clock.GetUtcNow() + TimeSpan.FromDays(90); // platforms.md §1.2: 3 months
        Assert.Contains($"Mã làm mới đến {VietnamTime.Format(end)}", await ConnectKit.RowAsync(admin, "sai-gon-zalo"));
        await job.RunAsync(default);
        Assert.Equal("", await WarningAsync(kit, "sai-gon-zalo"));

        // 84 days without a send or publish: within 7 days of the end, the board and the daily check warn.
        kit.App.Clock.Advance(TimeSpan.FromDays(84));
        admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null); // the console session has ended meanwhile
        var row = await ConnectKit.RowAsync(admin, "sai-gon-zalo");
        Assert.Contains("Đã kết nối", row);
        await job.RunAsync(default);
        var warning = await WarningAsync(kit, "sai-gon-zalo");
        Assert.Contains($"mã làm mới hết hạn lúc {VietnamTime.Format(end)}", warning);
        Assert.Contains("mã làm mới hết hạn lúc", await admin.TextAsync("/admin"));
        Assert.Single(await AuditAsync(kit, "channel.health_warning"), d => d.Contains("sai-gon-zalo") && d.Contains("mã làm mới hết hạn"));
        var api = await BearerAsync(kit.App, "quan-tri");
        var line = (await api.GetFromJsonAsync<JsonElement>("/api/channels?ward=sai-gon")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "sai-gon-zalo");
        Assert.Equal(end, line.GetProperty("refreshExpiresAt").GetDateTimeOffset());
        Assert.Contains("mã làm mới hết hạn", line.GetProperty("warning").GetString());

        // A citizen writes: the reply refreshes the token, and the new refresh token works for another 3 months.
        var now = kit.App.Clock.GetUtcNow();
        using (await PostZaloAsync(kit, "zalo-user-7", "msg-7", "menu", "4000000000000000099", now.ToUnixTimeMilliseconds())) { }
        await Eventually.TrueAsync(() => kit.Sent("zalo").Any(m => m.Recipient == "zalo-user-7"), "the OA's reply");
        Assert.Contains($"Mã làm mới đến {VietnamTime.Format(now + TimeSpan.FromDays(90))}", await ConnectKit.RowAsync(admin, "sai-gon-zalo"));
        await job.RunAsync(default);
        Assert.Equal("", await WarningAsync(kit, "sai-gon-zalo"));

        // Then silence past the new end: nothing failed yet, but nothing can work, so staff are told to connect again.
        kit.App.Clock.Advance(TimeSpan.FromDays(91));
        admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        row = await ConnectKit.RowAsync(admin, "sai-gon-zalo");
        Assert.Contains("Cần kết nối lại", row);
        Assert.Contains("Mã làm mới (refresh token) đã hết hạn lúc", row);
        await job.RunAsync(default);
        Assert.Contains("cần kết nối lại", await WarningAsync(kit, "sai-gon-zalo"));
        Assert.Contains("cần kết nối lại", await admin.TextAsync("/admin/channels"));

        // Connecting again starts a new 3 months.
        using (await admin.GetAsync(await ConnectKit.DialogAsync(admin, "sai-gon-zalo"))) { }
        row = await ConnectKit.RowAsync(admin, "sai-gon-zalo");
        Assert.Contains("Đã kết nối", row);
        Assert.Contains($"Mã làm mới đến {VietnamTime.Format(kit.App.Clock.GetUtcNow() + TimeSpan.FromDays(90))}", row);
    }

    /// <summary>The daily check's banner line for <paramref name="channel"/>, "" when it has none.</summary>
    static Task<string> WarningAsync(ChannelKit kit, string channel) =>
        kit.ScalarAsync<string>("SELECT COALESCE(MAX(message), '') FROM channel_warnings WHERE channel_id = @channel", new { channel });

    [Fact]
    public async Task A_ward_approver_reaches_only_their_wards_channels_in_the_console_and_the_api()
    {
        await using var kit = await ConnectKit.StartAsync();
        var approver = await ConsoleClient.SignInAsync(kit.App, "lanh-dao-td", Roles.WardApprover, "tan-dinh");
        var page = await approver.TextAsync("/admin/channels");
        Assert.Contains("data-channel=\"tan-dinh-facebook\"", page);
        Assert.DoesNotContain("data-channel=\"sai-gon-facebook\"", page);

        using (var other = await approver.PostFormAsync("/admin/channels", "/admin/channels?handler=Connect",
                   new Dictionary<string, string> { ["channel"] = "sai-gon-facebook" }))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Empty(kit.Simulator.FacebookLogin().DialogRequests);
        using (var own = await approver.PostFormAsync("/admin/channels", "/admin/channels?handler=Connect",
                   new Dictionary<string, string> { ["channel"] = "tan-dinh-facebook" }))
            Assert.Contains("data-continue", await own.Content.ReadAsStringAsync());

        // The admin connects Sài Gòn's Page; its confirm pages are 404 for the Tân Định approver.
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        using (await ConnectKit.PickAsync(admin, await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook")), ConnectKit.NewPageId)) { }
        using (var confirm = await approver.GetAsync("/admin/channels/confirm?channel=sai-gon-facebook&action=disconnect"))
            Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);

        var api = await BearerAsync(kit.App, "lanh-dao-td");
        var mine = await api.GetFromJsonAsync<JsonElement>("/api/channels");
        Assert.All(mine.EnumerateArray(), c => Assert.Equal("tan-dinh", c.GetProperty("ward").GetProperty("id").GetString()));
        Assert.Equal(2, mine.GetArrayLength());
        using (var elsewhere = await api.GetAsync("/api/channels?ward=sai-gon"))
        {
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
            Assert.Equal("application/problem+json", elsewhere.Content.Headers.ContentType?.MediaType);
        }
        using (var anonymous = await kit.App.CreateClient().GetAsync("/api/channels"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var all = await (await BearerAsync(kit.App, "quan-tri")).GetFromJsonAsync<JsonElement>("/api/channels?ward=sai-gon");
        var fb = all.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "sai-gon-facebook");
        Assert.Equal("Phường Sài Gòn", fb.GetProperty("ward").GetProperty("name").GetString());
        Assert.Equal("facebook", fb.GetProperty("platform").GetString());
        Assert.Equal(ConnectKit.NewPageId, fb.GetProperty("accountId").GetString());
        Assert.Equal("connected", fb.GetProperty("state").GetString());
        Assert.Equal("console", fb.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, fb.GetProperty("lastError").ValueKind);
        var zalo = all.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "sai-gon-zalo");
        Assert.Equal("config", zalo.GetProperty("source").GetString());
        Assert.Equal("connected", zalo.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Disconnecting_is_confirmed_and_audited_and_the_channel_falls_back_to_its_configuration()
    {
        await using var kit = await ConnectKit.StartAsync();
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        using (await ConnectKit.PickAsync(admin, await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook")), ConnectKit.NewPageId)) { }
        Assert.Contains("Ngắt kết nối", await ConnectKit.RowAsync(admin, "sai-gon-facebook"));

        var confirm = await admin.TextAsync("/admin/channels/confirm?channel=sai-gon-facebook&action=disconnect");
        Assert.Contains($"Đang kết nối: <strong>{ConnectKit.NewPageName}</strong>", confirm);
        Assert.Contains("Xác nhận ngắt kết nối", confirm);
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM channel_connections")); // the GET changed nothing

        using (var done = await admin.PostFormAsync("/admin/channels/confirm?channel=sai-gon-facebook&action=disconnect", "/admin/channels/confirm",
                   new Dictionary<string, string> { ["channel"] = "sai-gon-facebook", ["action"] = "disconnect" }))
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(0L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM channel_connections"));
        var audit = Assert.Single(await AuditAsync(kit, "channel.disconnect"));
        Assert.Contains(ConnectKit.NewPageId, audit);
        Assert.Contains("quan-tri", await admin.TextAsync("/admin/audit?action=channel.disconnect"));

        // Back on wards.yaml's Page id and the configured token.
        var row = await ConnectKit.RowAsync(admin, "sai-gon-facebook");
        Assert.Contains(ChannelKit.PageId, row);
        Assert.Contains("từ cấu hình", row);
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-old", "mid.old.1", "menu"))) { }
        await Eventually.TrueAsync(() => kit.Sent("facebook").Any(m => m.Recipient == "psid-old"), "the reply on the configured Page");
        Assert.Contains("access_token=fb-page-token", kit.Simulator.Requests.Last(r => r.Path.EndsWith($"/{ChannelKit.PageId}/messages")).Query);
    }

    [Fact]
    public async Task A_Page_connected_on_one_instance_is_answered_by_another_on_the_same_database()
    {
        await using var kit = await ConnectKit.StartAsync(a => a.With("ChannelConnect:RefreshInterval", "00:00:00.100"));
        await using var second = ChatbotApp.OnSameDatabase(kit.App, a =>
        {
            ChannelKit.Configure(a, kit.Simulator);
            a.With("ChannelConnect:RefreshInterval", "00:00:00.100");
        });
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        using (await ConnectKit.PickAsync(admin, await admin.TextAsync(await ConnectKit.DialogAsync(admin, "sai-gon-facebook")), ConnectKit.NewPageId)) { }
        var token = kit.Simulator.FacebookLogin().LatestPageToken(ConnectKit.NewPageId)!;

        var directory = second.Services.GetRequiredService<Chatbot.Web.Channels.ChannelDirectory>();
        await Eventually.TrueAsync(() => directory.Find("sai-gon-facebook")?.AccountId == ConnectKit.NewPageId, "the second instance sees the Page");
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-2nd", "mid.2nd", "menu", page: ConnectKit.NewPageId), app: second)) { }
        await Eventually.TrueAsync(() => kit.Sent("facebook").Any(m => m.Recipient == "psid-2nd"), "the second instance's reply");
        Assert.Contains($"access_token={token}", kit.Simulator.Requests.Last(r => r.Path.EndsWith($"/{ConnectKit.NewPageId}/messages")).Query);
    }

    static async Task<IReadOnlyList<string>> AuditAsync(ChannelKit kit, string action) =>
        (await kit.App.Services.GetRequiredService<AuditLog>().SearchAsync(null, action, null, null, null, null, 50, default))
        .Select(e => $"{e.Actor} {e.Target} {e.Detail}").ToList();

    static async Task<HttpClient> BearerAsync(ChatbotApp app, string name)
    {
        var user = await app.Services.GetRequiredService<StaffStore>().FindAsync(name, default) ?? throw new InvalidOperationException(name);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await app.Services.GetRequiredService<StaffTokens>().CreateAsync(user.Id, default)).Token);
        return client;
    }

    static async Task<HttpResponseMessage> PostZaloAsync(ChannelKit kit, string user, string msgId, string text, string oaId, long timestamp = ChannelKit.Now)
    {
        var body = JsonSerializer.Serialize(new
        {
            app_id = ChannelKit.ZaloAppId, user_id_by_app = "x" + user, event_name = "user_send_text", timestamp = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            sender = new { id = user }, recipient = new { id = oaId }, message = new { msg_id = msgId, text },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add(ZaloSignature.Header, "mac=" + ZaloSignature.Compute(ChannelKit.ZaloAppId, Encoding.UTF8.GetBytes(body),
            timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), ChannelKit.ZaloOaSecret));
        return await kit.App.CreateClient().PostAsync("/webhooks/zalo", content);
    }
}
