using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// The public pages as a citizen sees them in Chromium, on a phone (390×844) and a desktop (1366×768) — and the display
/// board also on portrait and landscape screens — each checked with axe and kept as a screenshot (issue 17).
/// </summary>
public sealed class PublicPagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<int, int> PhoneAndDesktop => new() { { 390, 844 }, { 1366, 768 } };

    Task<IPage> OpenAsync(int width, int height) => browser.NewPageAsync(width, height);

    static ILocator Log(IPage page) => page.Locator(".chat-log");
    static ILocator BotMessages(IPage page) => page.Locator(".chat-log .msg.bot");

    static async Task AskAsync(IPage page, string text)
    {
        await page.Locator(".chat-form input").FillAsync(text);
        await page.Locator(".chat-form button").ClickAsync();
    }

    /// <summary>Where an element is now, relative to the top of the screen (negative: scrolled above it).</summary>
    static async Task<(double Top, double Bottom)> OnScreenAsync(ILocator element)
    {
        var box = await element.EvaluateAsync<double[]>("e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; }");
        return (box[0], box[1]);
    }

    [SkippableTheory, MemberData(nameof(PhoneAndDesktop))]
    public async Task The_home_page_chat_comes_first_keeps_its_input_in_view_and_opens_each_answer_at_its_top(int width, int height)
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync(width, height);
        await page.GotoAsync("/");
        await Assertions.Expect(BotMessages(page).First).ToContainTextAsync("Xin chào");
        var name = $"home-{width}x{height}";

        // The chat is the first section, before what the service is and the privacy notice.
        var chatTop = (await OnScreenAsync(page.Locator(".chat-card"))).Top;
        Assert.True(chatTop < (await OnScreenAsync(page.Locator("#du-lieu-ca-nhan"))).Top);
        Assert.True(chatTop < height / 2.0, $"the chat starts at {chatTop}px on a {height}px screen");
        var input = page.Locator(".chat-form input");
        var (inputTop, inputBottom) = await OnScreenAsync(input);
        Assert.True(inputTop >= 0 && inputBottom <= height, $"the input is at {inputTop}–{inputBottom}px on a {height}px screen");

        // The log is the page's own flow, not a small box scrolled inside it; a keyboard user can still reach it.
        Assert.Equal("0", await Log(page).GetAttributeAsync("tabindex"));
        Assert.True(await Log(page).EvaluateAsync<bool>("e => e.scrollHeight <= e.clientHeight + 1 && getComputedStyle(e).overflowY === 'visible'"));

        // The greeting's short privacy line cites the law, as the notice on the page does.
        await Assertions.Expect(Log(page)).ToContainTextAsync("91/2025/QH15");
        await Assertions.Expect(page.Locator("#du-lieu-ca-nhan")).ToContainTextAsync("Luật số 91/2025/QH15, có hiệu lực từ ngày 1/1/2026");

        // A long answer opens at its top (its heading in view), and the input is still on screen.
        var before = await BotMessages(page).CountAsync();
        await AskAsync(page, "cho em hỏi điện toán đám mây là gì ạ");
        var answer = page.Locator(".chat-log .msg.bot", new() { HasText = "Điểm 7/17" });
        await Assertions.Expect(answer).ToBeVisibleAsync();
        await Assertions.Expect(BotMessages(page).Nth(before)).ToBeVisibleAsync();
        var first = BotMessages(page).Nth(before);
        await page.WaitForFunctionAsync("n => document.querySelectorAll('.chat-log .msg.bot')[n].getBoundingClientRect().top < innerHeight", before);
        var (answerTop, _) = await OnScreenAsync(first);
        Assert.True(answerTop >= 0 && answerTop < height / 2.0, $"the answer starts at {answerTop}px: its beginning must be in view");
        (inputTop, inputBottom) = await OnScreenAsync(input);
        Assert.True(inputTop >= 0 && inputBottom <= height, $"after an answer the input is at {inputTop}–{inputBottom}px");

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + "-screen.png") }); // what the screen shows
        await page.AssertAccessibleAsync(name);
    }

    [SkippableFact]
    public async Task Web_chat_links_are_links_and_a_point_opens_in_the_chat()
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync(1366, 768);
        await page.GotoAsync("/");
        await Assertions.Expect(BotMessages(page).First).ToContainTextAsync("Xin chào");

        await AskAsync(page, "quên mật khẩu Zalo thì lấy lại sao");
        await Assertions.Expect(page.Locator(".chat-log a[href='https://dichvucong.gov.vn']").Last).ToHaveTextAsync("dichvucong.gov.vn");

        // A choice of points: each «Điểm N» is a link that opens the point in the conversation.
        await AskAsync(page, "người dùng quan trọng thế nào trong chuyển đổi số");
        var point = page.Locator(".chat-log a[data-say]", new() { HasText = "Điểm 15" }).Last;
        await Assertions.Expect(point).ToBeVisibleAsync();
        await point.ClickAsync();
        await Assertions.Expect(BotMessages(page).Filter(new() { HasText = "Điểm 15/17" })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task After_a_reload_the_conversation_is_still_there_and_a_half_done_quiz_is_offered_again()
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync(390, 844);
        await page.GotoAsync("/");
        await Assertions.Expect(BotMessages(page).First).ToContainTextAsync("Xin chào");

        await page.Locator(".chat-buttons button", new() { HasText = "Làm bài trắc nghiệm" }).ClickAsync();
        await page.Locator(".chat-buttons button", new() { HasText = "Bến Thành" }).ClickAsync();
        await Assertions.Expect(BotMessages(page).Filter(new() { HasText = "Câu 1/10" })).ToBeVisibleAsync();
        await page.Locator(".chat-buttons button", new() { HasTextRegex = new Regex("^A$") }).ClickAsync();
        await Assertions.Expect(BotMessages(page).Filter(new() { HasText = "Câu 2/10" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Assertions.Expect(BotMessages(page).Filter(new() { HasText = "Câu 1/10" })).ToHaveCountAsync(1); // kept, not replayed
        await Assertions.Expect(BotMessages(page).Last).ToContainTextAsync("Bạn đang làm dở bài trắc nghiệm — làm tiếp?");
        await Assertions.Expect(BotMessages(page).Last).ToContainTextAsync("đã trả lời 1/10 câu");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "home-quiz-resume-390x844.png"), FullPage = true });

        await page.Locator(".chat-buttons button", new() { HasText = "Làm tiếp" }).ClickAsync();
        await Assertions.Expect(BotMessages(page).Last).ToContainTextAsync("Câu 2/10");
        await Assertions.Expect(page.Locator(".chat-buttons button", new() { HasTextRegex = new Regex("^A$") })).ToBeVisibleAsync();
    }

    [SkippableTheory, MemberData(nameof(PhoneAndDesktop))]
    public async Task The_standings_page_shows_wards_and_teams_with_participants_completions_and_average(int width, int height)
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync(width, height);
        var team = width < 800 ? "TD01A1" : "TD02A1"; // one finished attempt per size, each for its own team
        await page.GotoAsync("/q/" + team);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Làm bài trắc nghiệm") }).ClickAsync();
        for (var i = 1; i <= 10; i++)
        {
            await Assertions.Expect(page.Locator(".card strong").First).ToContainTextAsync($"Câu {i}/10");
            await page.Locator(".options button").First.ClickAsync();
        }
        var finished = await page.Locator("#result strong").First.TextContentAsync();
        var score = Regex.Match(finished!, @"đúng (\d+)/10").Groups[1].Value;

        // The points to review are links that open the point in the web chat.
        var review = page.Locator("#result .review a");
        if (score != "10")
        {
            var first = (await review.First.TextContentAsync())!;
            Assert.Matches(@"^Điểm (1[0-7]|[1-9])$", first);
            var reviewPage = await page.Context.NewPageAsync();
            await reviewPage.GotoAsync((await review.First.GetAttributeAsync("href"))!);
            await Assertions.Expect(reviewPage.Locator(".chat-log .msg.bot").Filter(new() { HasText = first + "/17:" })).ToBeVisibleAsync();
            Assert.DoesNotContain("diem=", reviewPage.Url);
        }

        await page.Locator("#result a", new() { HasText = "Xem bảng xếp hạng" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Bảng xếp hạng");
        var row = page.Locator("#by-team ~ .scroll tbody tr").Filter(new() { HasText = "Phường Tân Định" })
            .Filter(new() { HasText = team == "TD01A1" ? "khu phố 1" : "khu phố 2" });
        var cells = await row.Locator("td, th").AllTextContentsAsync();
        Assert.Equal(["1", "1", score + "/10"], cells.Skip(3).Select(c => c.Trim()).ToArray());
        var ward = page.Locator("#by-ward ~ .scroll tbody tr").Filter(new() { HasText = "Phường Tân Định" });
        await Assertions.Expect(ward).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= innerWidth"), "no sideways scrolling of the page");
        await page.AssertAccessibleAsync($"standings-{width}x{height}");
    }

    [Trait("Storage", "None")] // layout and start-up log: pass 1 on SQLite says it all
    [SkippableTheory, MemberData(nameof(PhoneAndDesktop))]
    public async Task The_quiz_page_is_accessible(int width, int height)
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync(width, height);
        await page.GotoAsync("/q/SG01A1");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Làm bài trắc nghiệm \\(10 câu\\)") })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync($"quiz-{width}x{height}");
    }

    public static TheoryData<int, int> Screens => new() { { 1920, 1080 }, { 1080, 1920 }, { 390, 844 }, { 1366, 768 } };

    [Trait("Storage", "None")] // layout and start-up log: pass 1 on SQLite says it all
    [SkippableTheory, MemberData(nameof(Screens))]
    public async Task The_display_board_fits_every_slide_on_the_screen_and_links_to_the_public_address(int width, int height)
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync(width, height);
        await page.GotoAsync("/display/ben-thanh?seconds=600");
        var first = page.Locator(".slide.active");
        await Assertions.Expect(first).ToHaveAttributeAsync("data-slide", "1");
        await Assertions.Expect(first).ToContainTextAsync("Chuyển trọng tâm từ chính quyền sang người dân");
        await Assertions.Expect(first.Locator(".qr svg")).ToBeVisibleAsync();
        // The QR code and its caption carry Quiz:PublicBaseUrl (the test app keeps the default), not the browser's address.
        await Assertions.Expect(first.Locator("footer strong")).ToHaveTextAsync("http://localhost:5000/q/BT01A1");

        // Every slide, the standings last, shown in turn: no text cut, nothing wider than the screen, type big enough
        // to read; on a board (not a phone) the slide fits the screen without scrolling.
        var board = width >= 1000;
        var problems = await page.EvaluateAsync<string[]>("""
            ([board, minText]) => {
              const slides = [...document.querySelectorAll('.slide')];
              const out = [];
              for (const s of slides) {
                slides.forEach(x => x.classList.toggle('active', x === s));
                const name = s.dataset.slide;
                for (const side of s.querySelectorAll('.side'))
                  if (side.scrollHeight > side.clientHeight + 1) out.push(name + ': text cut in a side');
                if (document.scrollingElement.scrollWidth > innerWidth) out.push(name + ': wider than the screen');
                if (board && s.scrollHeight > innerHeight + 1) out.push(name + ': taller than the screen (' + s.scrollHeight + ')');
                for (const p of s.querySelectorAll('.side p, td'))
                  if (parseFloat(getComputedStyle(p).fontSize) < minText) out.push(name + ': text of ' + getComputedStyle(p).fontSize);
              }
              slides.forEach((x, i) => x.classList.toggle('active', i === 0));
              return out;
            }
            """, new object[] { board, 14 });
        Assert.True(problems.Length == 0, string.Join("\n", problems));
        Assert.Equal(18, await page.Locator(".slide").CountAsync()); // 17 points and the standings
        await Assertions.Expect(page.Locator("[data-slide=standings] tbody tr").First).ToContainTextAsync("Phường");

        await page.AssertAccessibleAsync($"display-{width}x{height}");
    }

    [Trait("Storage", "None")] // layout and start-up log: pass 1 on SQLite says it all
    [SkippableFact]
    public async Task The_display_board_rotates()
    {
        BrowserFixture.RequireChromium();
        var page = await OpenAsync(1920, 1080);
        // With a short timer another slide replaces the first (Playwright waits for the change; no fixed sleep).
        await page.GotoAsync("/display/ben-thanh?seconds=1");
        await Assertions.Expect(page.Locator(".slide.active")).ToHaveAttributeAsync("data-slide",
            new Regex("^([2-9]|1[0-7]|standings)$"), new() { Timeout = 10000 });
    }

    [Trait("Storage", "None")] // layout and start-up log: pass 1 on SQLite says it all
    [SkippableFact]
    public void A_loopback_public_address_is_warned_in_the_log_at_start()
    {
        BrowserFixture.RequireChromium();
        Assert.Contains(browser.App.Output, l => l.Contains("Quiz:PublicBaseUrl is http://localhost:5000/, a loopback address", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_loopback_public_address_is_shown_to_district_admins_only()
    {
        BrowserFixture.RequireChromium();
        await StaffUsers.CreateAsync(browser.Database, "quan-uxp", "DistrictAdmin", null);
        await StaffUsers.CreateAsync(browser.Database, "bientap-uxp", "WardEditor", "ben-thanh");
        var banner = "Địa chỉ công khai (Quiz:PublicBaseUrl) đang là http://localhost:5000/";

        var admin = await browser.SignInAsync("quan-uxp", 1366, 768);
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync(banner);

        var editor = await browser.SignInAsync("bientap-uxp", 1366, 768);
        await Assertions.Expect(editor.GetByText(banner)).ToHaveCountAsync(0);
    }
}
