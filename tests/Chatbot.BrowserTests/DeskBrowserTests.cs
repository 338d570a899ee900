using Chatbot.Simulator;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>The app process wired to the platform simulator (a Messenger Page with a token), its own database and Chromium.</summary>
public sealed class DeskFixture : SimulatorBrowserFixture
{
    public const string AppSecret = "desk-app-secret";
    public const string PageId = "100000000000001"; // sai-gon-facebook in dialogs/units/wards.yaml

    protected override IEnumerable<KeyValuePair<string, string?>> AppSettings(PlatformSimulator simulator) => new Dictionary<string, string?>
    {
        ["Facebook:AppSecret"] = AppSecret, ["Facebook:VerifyToken"] = "desk-verify", ["Facebook:GraphBaseUrl"] = simulator.GraphBaseUrl,
        ["Channels:sai-gon-facebook:AccessToken"] = "fb-page-token", ["Inbox:PollInterval"] = "00:00:00.200",
    };

    /// <summary>A citizen writing to the Sài Gòn Page.</summary>
    public MessengerCitizen Citizen(string psid) => new(App, Simulator, PageId, AppSecret, psid);
}

/// <summary>
/// Issue 14 in a real browser: a Messenger citizen asks for a person, a Sài Gòn officer answers from /admin/inbox on a
/// phone-sized Chromium, the simulator receives one RESPONSE message with the answer, and a Tân Định officer gets 404
/// on the Sài Gòn thread.
/// </summary>
public sealed class DeskBrowserTests(DeskFixture desk) : IClassFixture<DeskFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    [SkippableFact]
    public async Task A_ward_officer_answers_a_Messenger_citizen_and_another_wards_officer_gets_404()
    {
        BrowserFixture.RequireChromium();
        await Task.WhenAll(
            StaffUsers.CreateAsync(desk.Database, "cb-sai-gon", "WardEditor", "sai-gon"),
            StaffUsers.CreateAsync(desk.Database, "cb-tan-dinh", "WardEditor", "tan-dinh"));
        var citizen = desk.Citizen("psid-browser");
        await citizen.SaysAsync("gặp cán bộ");
        await Wait.UntilAsync(() => citizen.Received().Count >= 1, "the offer");
        await citizen.SaysAsync("Đồng ý");
        await Wait.UntilAsync(() => citizen.Texts().Any(t => t.Contains("Đã chuyển cho cán bộ")), "the hand-off");
        await citizen.SaysAsync("Cho hỏi phường có lớp dạy dùng điện thoại thông minh không?");

        var officer = await desk.SignInAsync("cb-sai-gon", 390, 844);
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

        var answers = citizen.Received().Where(m => MessengerCitizen.TextOf(m).Contains("lớp học vào sáng thứ Bảy")).ToList();
        var answer = Assert.Single(answers);
        Assert.Equal("RESPONSE", answer.Body["messaging_type"]!.GetValue<string>());

        var other = await desk.SignInAsync("cb-tan-dinh", 390, 844);
        var response = await other.GotoAsync(threadUrl);
        Assert.Equal(404, response!.Status);
        await other.GotoAsync("/admin/inbox?state=open");
        await Assertions.Expect(other.Locator("#threads")).ToContainTextAsync("Không có cuộc trò chuyện nào.");
    }
}
