using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// Every console page in Chromium at a phone's 390×844 and a desktop's 1366×768 against the real app: axe-core finds no
/// serious or critical violation, the page is never wider than a phone's screen, and a screenshot of each is kept in
/// the test results. Then what a ward officer does with a thumb: the compact menu, the repeat picker's next times, and
/// confirming (and undoing) a cancel.
/// </summary>
public sealed class ConsolePagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    static readonly string[] Pages =
    [
        "/admin", "/admin/posts", "/admin/posts/new", "/admin/calendar", "/admin/calendar?view=month", "/admin/campaign",
        "/admin/channels", "/admin/sandbox", "/admin/deliveries", "/admin/insight", "/admin/questions", "/admin/inbox",
        "/admin/audit", "/admin/tokens", "/admin/users",
    ];

    static string Name(string url) => url == "/admin" ? "overview" : Regex.Replace(url["/admin/".Length..], "[^a-z0-9]+", "-").Trim('-');

    async Task<IPage> SignInAsync(string user, bool phone)
    {
        var page = phone ? await browser.NewPhonePageAsync() : await browser.NewDesktopPageAsync();
        await page.GotoAsync("/admin");
        await StaffUsers.SignInAsync(page, user);
        return page;
    }

    static async Task AssertFitsAsync(IPage page, string name)
    {
        var (content, viewport) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(content <= viewport, $"{name}: the page is {content} px wide on a {viewport} px screen");
    }

    async Task<string> ComposeAsync(IPage page, string text, bool submit)
    {
        await page.GotoAsync("/admin/posts/new");
        await page.Locator("#Text").FillAsync(text);
        await page.Locator("#At").FillAsync(DateTime.UtcNow.AddHours(7).AddDays(2).ToString("yyyy-MM-ddT08:00", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = submit ? "Lưu và gửi duyệt" : "Lưu nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(submit ? "Chờ duyệt" : "Bản nháp");
        return new Uri(page.Url).AbsolutePath;
    }

    [SkippableFact]
    public async Task Every_console_page_passes_axe_and_fits_a_phone_and_a_desktop_with_screenshots()
    {
        BrowserFixture.RequireChromium();
        await Task.WhenAll(
            StaffUsers.CreateAsync(browser.Database, "quan-tri", "DistrictAdmin", null),
            StaffUsers.CreateAsync(browser.Database, "bt-ben-thanh", "WardEditor", "ben-thanh"));
        var editor = await SignInAsync("bt-ben-thanh", phone: false);
        var post = await ComposeAsync(editor, "Phường Bến Thành thông báo lịch tiếp công dân và lịch tiêm chủng tuần tới.", submit: true);
        // A 17-day series too, so its page (every post, read before approving) and a second page of posts are walked.
        await editor.GotoAsync("/admin/campaign");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Tạo 17 bài và gửi duyệt" }).ClickAsync();
        await Assertions.Expect(editor.Locator(".notice")).ToContainTextAsync("Đã tạo 17 bài");
        var series = new Uri(new Uri(editor.Url), await editor.Locator("th a[href^='/admin/campaign/']").First.GetAttributeAsync("href")).AbsolutePath;

        foreach (var phone in new[] { true, false })
        {
            var size = phone ? "phone" : "desktop";
            var admin = await SignInAsync("quan-tri", phone);
            foreach (var url in Pages.Append(post).Append(series).Append("/admin/posts?trang=2"))
            {
                var response = await admin.GotoAsync(url);
                Assert.True(response!.Ok, $"{url}: {response.Status}");
                var name = $"console-{size}-{(url == post ? "post" : url == series ? "campaign-series" : Name(url))}";
                await admin.AssertAccessibleAsync(name);
                if (phone) await AssertFitsAsync(admin, name);
            }
            // An error inside the console is a console page with a way back.
            Assert.Equal(404, (await admin.GotoAsync("/admin/posts/999999"))!.Status);
            await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Không tìm thấy");
            await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Về trang Tổng quan" })).ToBeVisibleAsync();
            await admin.AssertAccessibleAsync($"console-{size}-error-404");
            if (phone) await AssertFitsAsync(admin, "error-404");
            await admin.Context.CloseAsync();
        }
    }

    /// <summary>The check every browser test relies on finds what it must: a serious violation fails it, naming the
    /// rule and the element.</summary>
    [SkippableFact]
    public async Task The_accessibility_check_fails_on_an_image_without_a_text_alternative()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPhonePageAsync();
        await page.SetContentAsync("""<html lang="vi"><head><title>Thử</title></head><body><main><h1>Thử</h1><img id="anh" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>""");
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => page.AssertAccessibleAsync("axe-self-check"));
        Assert.Contains("critical image-alt", failure.Message);
        Assert.Contains("#anh", failure.Message);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task On_a_phone_the_menu_is_compact_the_repeat_picker_shows_next_times_and_a_cancel_is_confirmed_and_undone()
    {
        BrowserFixture.RequireChromium();
        await StaffUsers.CreateAsync(browser.Database, "bt-cau-ong-lanh", "WardEditor", "cau-ong-lanh");
        var page = await SignInAsync("bt-cau-ong-lanh", phone: true);

        // The menu: one button naming the current page; opened, it marks that page; the user and role are shown.
        var toggle = page.Locator(".menu-toggle");
        await Assertions.Expect(toggle).ToContainTextAsync("Tổng quan");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lịch", Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".signed-in")).ToContainTextAsync("bt-cau-ong-lanh · Biên tập viên phường · Phường Cầu Ông Lãnh");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator("#console-menu a[aria-current=page]")).ToHaveTextAsync("Tổng quan");
        await page.GetByRole(AriaRole.Link, new() { Name = "Bài đăng", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".menu-toggle")).ToContainTextAsync("Bài đăng");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "console-phone-menu.png") });

        // The repeat picker: weekly on Monday at 07:30 shows the coming Mondays, in Vietnamese.
        await page.GotoAsync("/admin/posts/new");
        await page.GetByLabel("Lặp lại theo lịch").CheckAsync();
        await page.GetByLabel("Các ngày trong tuần", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Thứ Hai" }).CheckAsync();
        await page.Locator("#RepeatTime").FillAsync("07:30");
        await page.Locator("#Until").FillAsync(DateTime.UtcNow.AddHours(7).AddDays(40).ToString("yyyy-MM-ddT23:59", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-next-times] li").First).ToContainTextAsync(new Regex("^Thứ Hai \\d\\d/\\d\\d/\\d{4} 07:30$"));
        await Assertions.Expect(page.Locator("#Cron")).ToBeHiddenAsync();
        await page.AssertAccessibleAsync("console-phone-repeat-picker");

        // Cancel asks first; the cancelled draft comes back with one tap.
        var post = await ComposeAsync(page, "Bản nháp để thử hủy rồi khôi phục.", submit: false);
        await page.GetByText("Hủy bài…").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận hủy bài" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Bản nháp"); // nothing happened yet
        await page.AssertAccessibleAsync("console-phone-confirm-cancel");
        await confirm.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Đã hủy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Khôi phục bản nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Bản nháp");
        Assert.EndsWith(post, new Uri(page.Url).AbsolutePath);
    }
}
