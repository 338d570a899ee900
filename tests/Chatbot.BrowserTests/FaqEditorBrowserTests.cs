using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// Issue 16 in Chromium against the real app process: a DistrictAdmin edits an FAQ entry in the console («Hỏi đáp»),
/// previews it, saves, and a citizen asking in the home page's web chat gets the new answer — no restart.
/// </summary>
public sealed class FaqEditorBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    const string NewAnswer = "Nền tảng số là môi trường làm việc chung trên mạng, nhiều người ở nhiều nơi cùng dùng (sửa trong Chromium).";

    [SkippableFact]
    public async Task An_admin_edits_an_faq_entry_in_the_console_and_the_web_chat_answers_with_the_new_text()
    {
        BrowserFixture.RequireChromium();
        await StaffUsers.CreateAsync(browser.Database, "quan-faq", "DistrictAdmin", null);
        var admin = await browser.NewDesktopPageAsync();
        await admin.GotoAsync("/admin");
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/admin/login"));
        await StaffUsers.SignInAsync(admin, "quan-faq");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Hỏi đáp", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Hỏi đáp");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Nền tảng số là gì?", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("Sửa mục hỏi đáp");

        // A bad edit first: an empty answer is refused with the field named, and the page keeps the rest.
        await admin.Locator("#Answer").FillAsync("");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu thành bản mới" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#errors")).ToContainTextAsync("«Câu trả lời» không được để trống.");
        await Assertions.Expect(admin.Locator("#Question")).ToHaveValueAsync("Nền tảng số là gì?");

        // Preview with the draft, then save.
        await admin.Locator("#Answer").FillAsync(NewAnswer);
        await admin.Locator("#PreviewQuestion").FillAsync("cho mình hỏi nền tảng số là gì");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Xem bot trả lời thế nào" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#preview")).ToContainTextAsync("Bot trả lời bằng mục này (nội dung đang soạn):");
        await Assertions.Expect(admin.Locator("#preview")).ToContainTextAsync(NewAnswer);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu thành bản mới" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã lưu «Nền tảng số là gì?» (bản 2)");
        await Assertions.Expect(admin.Locator("#history")).ToContainTextAsync("Bản 2 · Sửa · quan-faq");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "console-faq-edit.png"), FullPage = true });

        // A citizen in the home page's web chat gets the new answer at once.
        var citizen = await browser.NewPhonePageAsync();
        await citizen.GotoAsync("/");
        var log = citizen.Locator(".chat-log");
        await Assertions.Expect(log).ToContainTextAsync("Xin chào");
        await citizen.Locator(".chat-form input").FillAsync("nền tảng số là gì");
        await citizen.Locator(".chat-form button").ClickAsync();
        await Assertions.Expect(log).ToContainTextAsync(NewAnswer);
        await citizen.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "webchat-faq-edited.png"), FullPage = true });
    }
}
