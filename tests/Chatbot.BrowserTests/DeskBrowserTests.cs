using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>The app process wired to the platform simulator (a Messenger Page with a token), its own database and Chromium.</summary>
public sealed class DeskFixture : IAsyncLifetime
{
    public const string AppSecret = "desk-app-secret";
    public const string PageId = "100000000000001"; // sai-gon-facebook in dialogs/units/wards.yaml
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
        App = await AppProcess.StartAsync(Database.Settings().Concat(new Dictionary<string, string?>
        {
            ["Facebook:AppSecret"] = AppSecret, ["Facebook:VerifyToken"] = "desk-verify", ["Facebook:GraphBaseUrl"] = Simulator.GraphBaseUrl,
            ["Channels:sai-gon-facebook:AccessToken"] = "fb-page-token", ["Inbox:PollInterval"] = "00:00:00.200",
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
/// Issue 14 in a real browser: a Messenger citizen asks for a person, a Sài Gòn officer answers from /admin/inbox on a
/// phone-sized Chromium, the simulator receives one RESPONSE message with the answer, and a Tân Định officer gets 404
/// on the Sài Gòn thread.
/// </summary>
public sealed class DeskBrowserTests(DeskFixture desk) : IClassFixture<DeskFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    async Task CitizenSaysAsync(HttpClient http, string psid, string text)
    {
        var body = JsonSerializer.Serialize(new
        {
            @object = "page",
            entry = new[]
            {
                new
                {
                    id = DeskFixture.PageId, time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    messaging = new[]
                    {
                        new
                        {
                            sender = new { id = psid }, recipient = new { id = DeskFixture.PageId },
                            timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), message = new { mid = "mid." + Guid.NewGuid().ToString("N"), text },
                        },
                    },
                },
            },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        content.Headers.Add("X-Hub-Signature-256",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(DeskFixture.AppSecret), Encoding.UTF8.GetBytes(body))));
        using var response = await http.PostAsync(desk.App.BaseUrl + "/webhooks/facebook", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    IReadOnlyList<SentMessage> SentTo(string psid) => desk.Simulator.Messaging().Sent.Where(m => m.Recipient == psid).ToList();

    static string TextOf(SentMessage m) => m.Body["message"]?["text"]?.GetValue<string>() ?? "";

    async Task UntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException("waited for " + what);
            await Task.Delay(100);
        }
    }

    async Task<IPage> SignInAsync(string user)
    {
        var context = await desk.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh",
            BaseURL = desk.App.BaseUrl,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/login");
        await StaffUsers.SignInAsync(page, user);
        return page;
    }

    [SkippableFact]
    public async Task A_ward_officer_answers_a_Messenger_citizen_and_another_wards_officer_gets_404()
    {
        BrowserFixture.RequireChromium();
        await Task.WhenAll(
            StaffUsers.CreateAsync(desk.Database, "cb-sai-gon", "WardEditor", "sai-gon"),
            StaffUsers.CreateAsync(desk.Database, "cb-tan-dinh", "WardEditor", "tan-dinh"));
        using var http = new HttpClient();
        await CitizenSaysAsync(http, "psid-browser", "gặp cán bộ");
        await UntilAsync(() => SentTo("psid-browser").Count >= 1, "the offer");
        await CitizenSaysAsync(http, "psid-browser", "Đồng ý");
        await UntilAsync(() => SentTo("psid-browser").Any(m => TextOf(m).Contains("Đã chuyển cho cán bộ")), "the hand-off");
        await CitizenSaysAsync(http, "psid-browser", "Cho hỏi phường có lớp dạy dùng điện thoại thông minh không?");

        var officer = await SignInAsync("cb-sai-gon");
        await officer.Locator(".menu-toggle").ClickAsync(); // on a phone the console menu is behind one button
        await officer.GetByRole(AriaRole.Link, new() { Name = "Hộp thư" }).ClickAsync();
        var row = officer.Locator("table.desk-threads tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("Messenger · Phường Sài Gòn");
        await Assertions.Expect(row).ToContainTextAsync("để trả lời trên Messenger");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(officer.Locator(".desk-messages")).ToContainTextAsync("lớp dạy dùng điện thoại thông minh");
        var threadUrl = officer.Url;

        await officer.GetByLabel("Nội dung trả lời").FillAsync("Có bạn nhé, lớp học vào sáng thứ Bảy tại nhà văn hóa phường.");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Gửi trả lời" }).ClickAsync();
        await Assertions.Expect(officer.GetByText("Trả lời: Đã gửi.")).ToBeVisibleAsync();
        await officer.ScreenshotAsync(new() { Path = Shot("desk-thread.png"), FullPage = true });

        var answers = SentTo("psid-browser").Where(m => TextOf(m).Contains("lớp học vào sáng thứ Bảy")).ToList();
        var answer = Assert.Single(answers);
        Assert.Equal("RESPONSE", answer.Body["messaging_type"]!.GetValue<string>());

        var other = await SignInAsync("cb-tan-dinh");
        var response = await other.GotoAsync(threadUrl);
        Assert.Equal(404, response!.Status);
        await other.GotoAsync("/admin/inbox?state=open");
        await Assertions.Expect(other.Locator("#threads")).ToContainTextAsync("Không có cuộc trò chuyện nào.");
    }
}
