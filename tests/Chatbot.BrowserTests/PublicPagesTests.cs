using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

public sealed class PublicPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task The_home_page_web_chat_greets_and_answers_in_Vietnamese()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.NewPhonePageAsync();
        await page.GotoAsync("/");

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("17 điểm khác nhau");
        var log = page.Locator(".chat-log");
        await Assertions.Expect(log).ToContainTextAsync("Xin chào");
        await Assertions.Expect(page.Locator(".chat-buttons button", new() { HasText = "Góp ý" })).ToBeVisibleAsync();

        // A citizen's question typed without diacritics is answered from the official text.
        await page.Locator(".chat-form input").FillAsync("lanh dao cao nhat co vai tro gi khi chuyen doi so");
        await page.Locator(".chat-form button").ClickAsync();
        await Assertions.Expect(log).ToContainTextAsync("người đứng đầu");

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "home-webchat.png"), FullPage = true });
    }

    [SkippableFact]
    public async Task The_ward_display_shows_the_differences_full_screen_and_rotates()
    {
        BrowserFixture.RequireChromium();
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, BaseURL = browser.App.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/display/ben-thanh?seconds=600");

        var first = page.Locator(".slide.active");
        await Assertions.Expect(first).ToHaveAttributeAsync("data-slide", "1");
        await Assertions.Expect(first).ToContainTextAsync("Chuyển trọng tâm từ chính quyền sang người dân");
        await Assertions.Expect(first.Locator(".qr svg")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "display-ward.png") });

        // With a short timer another slide replaces the first (Playwright waits for the change; no fixed sleep).
        await page.GotoAsync("/display/ben-thanh?seconds=1");
        await Assertions.Expect(page.Locator(".slide.active")).ToHaveAttributeAsync("data-slide",
            new System.Text.RegularExpressions.Regex("^([2-9]|1[0-7])$"), new() { Timeout = 10000 });
    }
}
