using Chatbot.Simulator;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>The app process wired to the platform simulator's OAuth dialogs (Facebook Login, Zalo permission) and APIs.</summary>
public sealed class ChannelConnectFixture : SimulatorBrowserFixture
{
    public const string AppSecret = FacebookLoginEndpoints.AppSecret; // the simulator's Meta app
    public const string NewPageId = "200000000000777";
    public const string NewPageName = "Phường Sài Gòn (Trang chính thức)";

    protected override IEnumerable<KeyValuePair<string, string?>> AppSettings(PlatformSimulator simulator)
    {
        simulator.FacebookLogin().ManagedPages[NewPageId] = NewPageName; // what the officer may pick in the Login dialog
        return new Dictionary<string, string?>
        {
            ["Facebook:AppSecret"] = AppSecret, ["Facebook:AppId"] = "987654321", ["Facebook:VerifyToken"] = "connect-verify",
            ["Facebook:GraphBaseUrl"] = simulator.GraphBaseUrl, ["Facebook:DialogUrl"] = simulator.FacebookDialogUrl,
            ["Zalo:AppId"] = "1234567890", ["Zalo:AppSecret"] = "zalo-app-secret", ["Zalo:OaSecretKey"] = "zalo-oa-secret",
            ["Zalo:ApiBaseUrl"] = simulator.ZaloApiBaseUrl, ["Zalo:OAuthBaseUrl"] = simulator.ZaloOAuthBaseUrl,
            ["Zalo:PermissionUrl"] = simulator.ZaloPermissionUrl, ["Inbox:PollInterval"] = "00:00:00.200",
        };
    }

    /// <summary>A citizen writing to the Page the test connects.</summary>
    public MessengerCitizen Citizen(string psid) => new(App, Simulator, NewPageId, AppSecret, psid);
}

/// <summary>
/// Issue 16 (channels) in a real browser, from a fresh app with nothing connected: a district admin connects a Page
/// (Facebook Login dialog → pick the Page) and an OA (Zalo permission with PKCE) on Kênh, sees both healthy, a citizen's
/// message is answered through the new Page token, the token is revoked in the simulator and the board says «Cần kết nối
/// lại»; a ward approver of another ward gets 404 on the Sài Gòn channel.
/// </summary>
public sealed class ChannelConnectBrowserTests(ChannelConnectFixture f) : IClassFixture<ChannelConnectFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    [SkippableFact]
    public async Task A_district_admin_connects_a_Page_and_an_OA_sees_them_healthy_and_a_revoked_token_asks_to_reconnect()
    {
        BrowserFixture.RequireChromium();
        await Task.WhenAll(
            StaffUsers.CreateAsync(f.Database, "quan-tri-kenh", "DistrictAdmin", null),
            StaffUsers.CreateAsync(f.Database, "lanh-dao-tan-dinh", "WardApprover", "tan-dinh"));
        var admin = await f.SignInAsync("quan-tri-kenh", 1366, 768);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Kênh" }).ClickAsync();
        var facebook = admin.Locator("tr[data-channel='sai-gon-facebook']");
        await Assertions.Expect(facebook).ToContainTextAsync("Chưa kết nối (bài ghi vào «Bài chưa đăng thật»)");

        // Facebook: the dialog (the simulator's) sends the browser back to the callback, which lists the Pages.
        await facebook.GetByRole(AriaRole.Button, new() { Name = "Kết nối Trang Facebook" }).ClickAsync();
        await Assertions.Expect(admin.GetByLabel(ChannelConnectFixture.NewPageName)).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync("channels-pick-page");
        await admin.GetByLabel(ChannelConnectFixture.NewPageName).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Kết nối Trang đã chọn" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"Đã kết nối Trang «{ChannelConnectFixture.NewPageName}»");
        await Assertions.Expect(facebook).ToContainTextAsync("Đã kết nối");
        await Assertions.Expect(facebook).ToContainTextAsync(ChannelConnectFixture.NewPageId);

        // Zalo: the permission page with a PKCE challenge; the OA is the account, nothing to pick.
        var zalo = admin.Locator("tr[data-channel='sai-gon-zalo']");
        await zalo.GetByRole(AriaRole.Button, new() { Name = "Kết nối Zalo OA" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã kết nối OA «UBND Phường Sài Gòn (OA mới)»");
        await Assertions.Expect(zalo).ToContainTextAsync("Đã kết nối");
        await Assertions.Expect(zalo).ToContainTextAsync("Gói OA: Nâng cao");
        await admin.AssertAccessibleAsync("channels-connected");

        // A citizen writes to the new Page: answered with the new token.
        var token = f.Simulator.FacebookLogin().LatestPageToken(ChannelConnectFixture.NewPageId)!;
        var citizen = f.Citizen("psid-connect");
        await citizen.SaysAsync("menu");
        await Wait.UntilAsync(() => citizen.Received().Count > 0, "the reply on the new Page");
        Assert.Contains(f.Simulator.Requests, r => r.Path.EndsWith($"/{ChannelConnectFixture.NewPageId}/messages") && r.Query.Contains($"access_token={token}"));

        // Revoked on Facebook: the next reply is refused and the board asks to reconnect.
        f.Simulator.RevokeToken(token);
        await citizen.SaysAsync("menu");
        await Wait.UntilAsync(async () =>
        {
            await admin.ReloadAsync(); // the board is read when the page loads
            return (await facebook.InnerTextAsync()).Contains("Cần kết nối lại");
        }, "«Cần kết nối lại»");
        await Assertions.Expect(facebook.GetByRole(AriaRole.Button, new() { Name = "Kết nối lại" })).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Shot("channels-needs-reconnect.png"), FullPage = true });

        // Another ward's approver: the Sài Gòn channel's pages are 404, their own board shows only Tân Định.
        var other = await f.SignInAsync("lanh-dao-tan-dinh", 1366, 768);
        var response = await other.GotoAsync("/admin/channels/confirm?channel=sai-gon-facebook&action=disconnect");
        Assert.Equal(404, response!.Status);
        await other.GotoAsync("/admin/channels");
        await Assertions.Expect(other.Locator("tr[data-channel='tan-dinh-facebook']")).ToBeVisibleAsync();
        await Assertions.Expect(other.Locator("tr[data-channel='sai-gon-facebook']")).ToHaveCountAsync(0);
    }
}
