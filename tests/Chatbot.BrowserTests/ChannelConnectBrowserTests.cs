using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>The app process wired to the platform simulator's OAuth dialogs (Facebook Login, Zalo permission) and APIs.</summary>
public sealed class ChannelConnectFixture : IAsyncLifetime
{
    public const string AppSecret = FacebookLoginEndpoints.AppSecret; // the simulator's Meta app
    public const string NewPageId = "200000000000777";
    public const string NewPageName = "Phường Sài Gòn (Trang chính thức)";
    IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;
    public PlatformSimulator Simulator { get; private set; } = null!;
    public AppProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath)) return;
        Assertions.SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        Database = await TestDatabase.CreateAsync();
        Simulator = await PlatformSimulator.StartAsync();
        Simulator.FacebookLogin().ManagedPages[NewPageId] = NewPageName;
        App = await AppProcess.StartAsync(Database.Settings().Concat(new Dictionary<string, string?>
        {
            ["Facebook:AppSecret"] = AppSecret, ["Facebook:AppId"] = "987654321", ["Facebook:VerifyToken"] = "connect-verify",
            ["Facebook:GraphBaseUrl"] = Simulator.GraphBaseUrl, ["Facebook:DialogUrl"] = Simulator.FacebookDialogUrl,
            ["Zalo:AppId"] = "1234567890", ["Zalo:AppSecret"] = "zalo-app-secret", ["Zalo:OaSecretKey"] = "zalo-oa-secret",
            ["Zalo:ApiBaseUrl"] = Simulator.ZaloApiBaseUrl, ["Zalo:OAuthBaseUrl"] = Simulator.ZaloOAuthBaseUrl,
            ["Zalo:PermissionUrl"] = Simulator.ZaloPermissionUrl, ["Inbox:PollInterval"] = "00:00:00.200",
        }));
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (Simulator is not null) await Simulator.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
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

    async Task<IPage> SignInAsync(string user)
    {
        var context = await f.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh", BaseURL = f.App.BaseUrl,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/login");
        await StaffUsers.SignInAsync(page, user);
        return page;
    }

    async Task CitizenSaysAsync(string psid, string text)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = JsonSerializer.Serialize(new
        {
            @object = "page",
            entry = new[]
            {
                new
                {
                    id = ChannelConnectFixture.NewPageId, time = now,
                    messaging = new[]
                    {
                        new
                        {
                            sender = new { id = psid }, recipient = new { id = ChannelConnectFixture.NewPageId }, timestamp = now,
                            message = new { mid = "mid." + Guid.NewGuid().ToString("N"), text },
                        },
                    },
                },
            },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(ChannelConnectFixture.AppSecret), Encoding.UTF8.GetBytes(body))));
        using var http = new HttpClient();
        using var response = await http.PostAsync(f.App.BaseUrl + "/webhooks/facebook", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException("waited for " + what);
            await Task.Delay(100);
        }
    }

    [SkippableFact]
    public async Task A_district_admin_connects_a_Page_and_an_OA_sees_them_healthy_and_a_revoked_token_asks_to_reconnect()
    {
        BrowserFixture.RequireChromium();
        await Task.WhenAll(
            StaffUsers.CreateAsync(f.Database, "quan-tri-kenh", "DistrictAdmin", null),
            StaffUsers.CreateAsync(f.Database, "lanh-dao-tan-dinh", "WardApprover", "tan-dinh"));
        var admin = await SignInAsync("quan-tri-kenh");
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
        await CitizenSaysAsync("psid-connect", "menu");
        await UntilAsync(() => f.Simulator.Messaging().Sent.Any(m => m.Recipient == "psid-connect"), "the reply on the new Page");
        Assert.Contains(f.Simulator.Requests, r => r.Path.EndsWith($"/{ChannelConnectFixture.NewPageId}/messages") && r.Query.Contains($"access_token={token}"));

        // Revoked on Facebook: the next reply is refused and the board asks to reconnect.
        f.Simulator.RevokeToken(token);
        await CitizenSaysAsync("psid-connect", "menu");
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            while (!(await facebook.InnerTextAsync()).Contains("Cần kết nối lại"))
            {
                if (deadline.IsCancellationRequested) throw new TimeoutException("waited for «Cần kết nối lại»");
                await Task.Delay(200);
                await admin.ReloadAsync(); // the board is read when the page loads
            }
        await Assertions.Expect(facebook.GetByRole(AriaRole.Button, new() { Name = "Kết nối lại" })).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Shot("channels-needs-reconnect.png"), FullPage = true });

        // Another ward's approver: the Sài Gòn channel's pages are 404, their own board shows only Tân Định.
        var other = await SignInAsync("lanh-dao-tan-dinh");
        var response = await other.GotoAsync("/admin/channels/confirm?channel=sai-gon-facebook&action=disconnect");
        Assert.Equal(404, response!.Status);
        await other.GotoAsync("/admin/channels");
        await Assertions.Expect(other.Locator("tr[data-channel='tan-dinh-facebook']")).ToBeVisibleAsync();
        await Assertions.Expect(other.Locator("tr[data-channel='sai-gon-facebook']")).ToHaveCountAsync(0);
    }
}
