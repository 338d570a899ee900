using Chatbot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// Microsoft's Web Chat (botframework-webchat 4.18 from npm, tests/Chatbot.BrowserTests/webchat) in Chromium, talking to
/// the running app's POST /api/messages through a Direct Line-shaped object that asks for the replies inline
/// (expectReplies, as the Emulator does). The page and the bundle are served at the app's own origin by Playwright, so
/// the browser calls the real endpoint; what is asserted is what a citizen sees in Web Chat.
/// </summary>
public sealed class WebChatTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    static string Folder => Path.Combine(AppProcess.RepositoryRoot(), "tests", "Chatbot.BrowserTests", "webchat");

    /// <summary>The Web Chat bundle, installed by the README's test command (fetch-webchat.sh); a clear message when it is not.</summary>
    static string Bundle()
    {
        var bundle = Path.Combine(Folder, "node_modules", "botframework-webchat", "dist", "webchat.js");
        if (File.Exists(bundle)) return bundle;
        const string why = "Web Chat is not installed: run tests/Chatbot.BrowserTests/webchat/fetch-webchat.sh (the README's test command does).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(why);
        throw new SkipException(why);
    }

    async Task<IPage> OpenAsync(string user)
    {
        var bundle = Bundle();
        var page = await browser.NewPhonePageAsync();
        await page.RouteAsync("**/__webchat/**", route =>
        {
            var name = new Uri(route.Request.Url).AbsolutePath["/__webchat/".Length..];
            var (path, type) = name switch
            {
                "index.html" => (Path.Combine(Folder, "index.html"), "text/html; charset=utf-8"),
                "directline-expect-replies.js" => (Path.Combine(Folder, name), "text/javascript; charset=utf-8"),
                "webchat.js" => (bundle, "text/javascript; charset=utf-8"),
                _ => (null, null),
            };
            return path is null ? route.FulfillAsync(new() { Status = 404 }) : route.FulfillAsync(new() { Path = path, ContentType = type });
        });
        await page.GotoAsync($"/__webchat/index.html?user={user}&conversation=wc-{user}-{Guid.NewGuid():N}");
        return page;
    }

    static ILocator BotMessages(IPage page) => page.Locator(".webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content");

    /// <summary>Taps one of the suggested actions Web Chat shows under the last message (not its screen-reader copy).</summary>
    static Task TapAsync(IPage page, string label) =>
        page.Locator(".webchat__suggested-actions").GetByRole(AriaRole.Button, new() { Name = label, Exact = true }).ClickAsync();

    static async Task SayAsync(IPage page, string text)
    {
        var box = page.Locator("[data-id='webchat-sendbox-input']");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    [SkippableFact]
    public async Task In_Web_Chat_each_quiz_option_is_its_own_line_and_the_buttons_answer()
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync("citizen-quiz");
        await Assertions.Expect(BotMessages(page).First).ToContainTextAsync("Xin chào");

        await SayAsync(page, "Làm bài trắc nghiệm");
        await TapAsync(page, "Sài Gòn");
        var question = BotMessages(page).Filter(new() { HasText = "Câu 1/10" });
        await Assertions.Expect(question).ToBeVisibleAsync();

        // What the citizen sees (the rendered text, line by line): the question, then each option on a line of its own.
        var lines = (await question.EvaluateAsync<string>("e => e.innerText")).Split('\n', StringSplitOptions.TrimEntries);
        var options = lines.Where(l => l.Length > 3 && l[1] == '.' && l[0] is >= 'A' and <= 'D').ToList();
        Assert.True(options.Count >= 2, "options on their own lines:\n" + string.Join("\n", lines));
        Assert.Equal(options.Select((_, i) => (char)('A' + i)), options.Select(o => o[0]));
        Assert.Contains(lines, l => l.StartsWith("Câu 1/10", StringComparison.Ordinal) && !l.Contains("A. "));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "webchat-quiz.png"), FullPage = true });

        // The suggested actions answer the question.
        await TapAsync(page, "A");
        await Assertions.Expect(BotMessages(page).Filter(new() { HasText = "Câu 2/10" })).ToBeVisibleAsync();
        await Assertions.Expect(BotMessages(page).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Chính xác|Chưa đúng") }))
            .ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task In_Web_Chat_erasing_ones_data_during_a_quiz_is_obeyed_on_the_first_try()
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync("citizen-erase");
        await Assertions.Expect(BotMessages(page).First).ToContainTextAsync("Xin chào");
        await SayAsync(page, "Làm bài trắc nghiệm");
        await TapAsync(page, "Sài Gòn");
        await Assertions.Expect(BotMessages(page).Filter(new() { HasText = "Câu 1/10" })).ToBeVisibleAsync();

        await SayAsync(page, "xoa du lieu cua toi");
        await Assertions.Expect(BotMessages(page).Last).ToContainTextAsync("Bạn muốn xóa dữ liệu của mình?");
        await Assertions.Expect(BotMessages(page).Filter(new() { HasText = "chưa nhận ra đáp án" })).ToHaveCountAsync(0);
    }
}
