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

        await page.Locator(".chat-form input").FillAsync("tro giup");
        await page.Locator(".chat-form button").ClickAsync();
        await Assertions.Expect(log).ToContainTextAsync("bắt đầu lại");

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "home-webchat.png"), FullPage = true });
    }
}
