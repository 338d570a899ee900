using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// The staff console on a phone-sized Chromium against the real app process with its job server on: an editor composes
/// and submits, the approver approves, the post is in the calendar and, at its time (1–2 minutes ahead), in the
/// sandbox; an editor of another ward gets 404; a bad form shows Vietnamese messages. Users come from the real
/// <c>admin create-user</c> command.
/// </summary>
public sealed class StaffConsoleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);

    async Task<IPage> SignInAsync(string user)
    {
        var page = await browser.NewPhonePageAsync();
        await page.GotoAsync("/admin");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/login"));
        await StaffUsers.SignInAsync(page, user);
        return page;
    }

    [SkippableFact]
    public async Task An_editor_composes_the_approver_approves_and_it_is_published_to_the_sandbox_at_its_time()
    {
        BrowserFixture.RequireChromium();
        await Task.WhenAll(
            StaffUsers.CreateAsync(browser.Database, "bt-sai-gon", "WardEditor", "sai-gon"),
            StaffUsers.CreateAsync(browser.Database, "ld-sai-gon", "WardApprover", "sai-gon"),
            StaffUsers.CreateAsync(browser.Database, "bt-tan-dinh", "WardEditor", "tan-dinh"));

        var login = await browser.NewPhonePageAsync();
        await login.GotoAsync("/admin/login");
        await login.GetByLabel("Tên đăng nhập").FillAsync("bt-sai-gon");
        await login.GetByLabel("Mật khẩu").FillAsync("sai-mat-khau");
        await login.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(login.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");
        await login.ScreenshotAsync(new() { Path = Shot("console-login.png") });

        // A bad form: empty text, a time in the past.
        var editor = await SignInAsync("bt-sai-gon");
        await editor.GotoAsync("/admin/posts/new");
        var past = DateTime.UtcNow.AddHours(7).AddDays(-1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        await editor.Locator("#At").FillAsync(past);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Lưu và gửi duyệt" }).ClickAsync();
        var summary = editor.Locator(".validation-summary-errors");
        await Assertions.Expect(summary).ToContainTextAsync("Nội dung bài không được để trống.");
        await Assertions.Expect(summary).ToContainTextAsync("chọn một thời điểm trong tương lai (giờ Việt Nam)");

        // Compose for 1–2 minutes from now (Vietnam time, minute precision); live counts and previews follow the text.
        var text = $"Phường Sài Gòn thông báo lịch tiếp công dân tuần này ({Guid.NewGuid():N})."[..70];
        await editor.Locator("#Text").FillAsync(text);
        await Assertions.Expect(editor.Locator("[data-count=zalo] b")).ToHaveTextAsync(text.Length.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(editor.Locator(".preview.zalo [data-preview=text]")).ToHaveTextAsync(text);
        await editor.Locator("#Link").FillAsync("https://example.gov.vn/lich-tiep-cong-dan");
        var at = DateTime.UtcNow.AddHours(7).AddMinutes(2);
        await editor.Locator("#At").FillAsync(at.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await editor.ScreenshotAsync(new() { Path = Shot("console-compose.png"), FullPage = true });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Lưu và gửi duyệt" }).ClickAsync();
        await Assertions.Expect(editor.Locator("h1")).ToContainTextAsync("Chờ duyệt");
        var postUrl = new Uri(editor.Url).AbsolutePath;

        // The approver approves it.
        var approver = await SignInAsync("ld-sai-gon");
        await approver.GotoAsync(postUrl);
        await approver.GetByText("Duyệt bài…").ClickAsync(); // asks first
        await approver.GetByRole(AriaRole.Button, new() { Name = "Xác nhận duyệt" }).ClickAsync();
        await Assertions.Expect(approver.Locator("h1")).ToContainTextAsync("Đã lên lịch");
        await Assertions.Expect(approver.Locator("table")).ToContainTextAsync("Zalo OA UBND Phường Sài Gòn");

        // It is in the calendar of its day.
        await approver.GotoAsync($"/admin/calendar?date={at:yyyy-MM-dd}");
        await Assertions.Expect(approver.Locator($"table.calendar a[href='{postUrl}']")).ToContainTextAsync(at.ToString("HH:mm", CultureInfo.InvariantCulture));
        await approver.ScreenshotAsync(new() { Path = Shot("console-calendar.png"), FullPage = true });

        // Another ward's editor: not in their calendar, and the URL gives 404.
        var other = await SignInAsync("bt-tan-dinh");
        var tampered = await other.GotoAsync(postUrl);
        Assert.Equal(404, tampered!.Status);
        await other.GotoAsync($"/admin/calendar?date={at:yyyy-MM-dd}");
        await Assertions.Expect(other.Locator($"a[href='{postUrl}']")).ToHaveCountAsync(0);
        Assert.Equal(403, (await other.GotoAsync("/admin/calendar?ward=sai-gon"))!.Status);

        // At its time the job server publishes it; the channels have no token, so it lands in the sandbox.
        await editor.GotoAsync("/admin/sandbox?refresh=5");
        await Assertions.Expect(editor.Locator("table.sandbox-posts")).ToContainTextAsync(text, new() { Timeout = 150_000 });
        await Assertions.Expect(editor.Locator("table.sandbox-posts")).ToContainTextAsync("Trang Facebook Phường Sài Gòn");
        await editor.GotoAsync(postUrl);
        await Assertions.Expect(editor.Locator("h1")).ToContainTextAsync("Đã đăng");
        await editor.ScreenshotAsync(new() { Path = Shot("console-post.png"), FullPage = true });

        await editor.GotoAsync("/admin/insight");
        await Assertions.Expect(editor.Locator("svg.chart")).ToBeVisibleAsync();
        await editor.ScreenshotAsync(new() { Path = Shot("console-insight.png"), FullPage = true });
    }
}
