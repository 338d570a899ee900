using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Quiz;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Quiz;

public sealed partial class QuizWebTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")] private static partial Regex Token();
    [GeneratedRegex("<strong>(Câu (\\d+)/(\\d+): [^<]*)</strong>")] private static partial Regex Question();
    [GeneratedRegex("<button type=\"submit\" name=\"choice\" value=\"(\\d)\">[A-D]\\. ([^<]*)</button>")] private static partial Regex Option();

    /// <summary>A browser: cookies kept by the client; each form post carries the page's antiforgery token.</summary>
    sealed class Browser(ChatbotApp app, string code)
    {
        readonly HttpClient client = app.CreateClient();
        public string Page { get; private set; } = "";

        public async Task<string> GetAsync()
        {
            using var response = await client.GetAsync($"/q/{code}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        public async Task<string> PostAsync(string handler, params (string, string)[] fields)
        {
            var form = fields.Append(("__RequestVerificationToken", Token().Match(Page).Groups[1].Value))
                .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));
            using var response = await client.PostAsync($"/q/{code}?handler={handler}", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        /// <summary>Answers the question on the page (rightly or not); returns the question number answered.</summary>
        public async Task<int> AnswerAsync(bool correct)
        {
            var q = Question().Match(Page);
            Assert.True(q.Success, "no question on the page");
            var question = app.Services.GetRequiredService<QuizCatalog>().Default.Questions
                .Where(x => q.Groups[1].Value.Contains(x.Ask)).MaxBy(x => x.Ask.Length)!;
            var choice = Option().Matches(Page).First(m => (m.Groups[2].Value == question.Options[question.Correct]) == correct);
            var number = int.Parse(q.Groups[2].Value);
            await PostAsync("Answer", ("question", (number - 1).ToString()), ("choice", choice.Groups[1].Value));
            return number;
        }
    }

    [Fact]
    public async Task The_share_page_is_Vietnamese_mobile_first_with_messenger_zalo_and_qr()
    {
        await using var app = await ChatbotApp.StartAsync();
        var page = await new Browser(app, "SG01A1").GetAsync();
        Assert.Contains("<html lang=\"vi\">", page);
        Assert.Contains("name=\"viewport\"", page);
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1", page);
        Assert.Contains("https://m.me/100000000000001?ref=quiz.cds-17.SG01A1", page);
        Assert.Contains("https://zalo.me/4000000000000000001", page);
        Assert.Contains("«QUIZ SG01A1»", page);
        Assert.Contains("/q/SG01A1/qr.svg", page);
        Assert.Contains("<option value=\"sai-gon\" selected=\"selected\">", page);

        using var css = await app.CreateClient().GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Fact]
    public async Task A_browser_plays_to_the_end_and_the_result_counts_for_the_team_and_ward()
    {
        await using var app = await ChatbotApp.StartAsync();
        var browser = new Browser(app, "TD02A1");
        await browser.GetAsync();
        var page = await browser.PostAsync("Start", ("ward", "tan-dinh"));
        Assert.Contains("Câu 1/10", page);

        Assert.Equal(1, await browser.AnswerAsync(correct: false));
        Assert.Contains("Chưa đúng", browser.Page);
        Assert.Contains("Câu 2/10", browser.Page);
        // The same form posted again (double tap) answers nothing twice.
        await browser.PostAsync("Answer", ("question", "0"), ("choice", "0"));
        Assert.Contains("Câu 2/10", browser.Page);
        for (var i = 2; i <= 10; i++) Assert.Equal(i, await browser.AnswerAsync(correct: true));

        Assert.Contains("Hoàn thành! Bạn trả lời đúng 9/10 câu.", browser.Page);
        Assert.Contains("Phường Tân Định: hạng 1/4", browser.Page);
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 2: hạng 1/12", browser.Page);

        var team = await LeaderboardAsync(app, "team");
        var row = team.Single(r => r.GetProperty("id").GetString() == "TD02A1");
        Assert.Equal((1, 1, 9.0, 9), (row.GetProperty("participants").GetInt32(), row.GetProperty("completions").GetInt32(),
            row.GetProperty("averageScore").GetDouble(), row.GetProperty("bestScore").GetInt32()));
    }

    [Fact]
    public async Task An_unknown_code_says_so_and_offers_the_general_quiz()
    {
        await using var app = await ChatbotApp.StartAsync();
        var browser = new Browser(app, "ZZ99ZZ");
        var page = await browser.GetAsync();
        Assert.Contains("Mã «ZZ99ZZ» chưa có", page);
        page = await browser.PostAsync("Start", ("ward", "ben-thanh"));
        Assert.Contains("Câu 1/10", page);
    }

    [Fact]
    public async Task Qr_codes_are_a_valid_png_and_svg_of_the_share_link()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();
        using var png = await client.GetAsync("/q/SG01A1/qr.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(bytes.Length > 200);

        using var svg = await client.GetAsync("/q/SG01A1/qr.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var doc = System.Xml.Linq.XDocument.Parse(await svg.Content.ReadAsStringAsync());
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName is "path" or "rect");
    }

    [Fact]
    public async Task Leaderboard_by_ward_and_team_counts_each_players_first_completed_attempt_from_chat_and_web()
    {
        await using var app = await ChatbotApp.StartAsync();
        // Chat player on team SG01A1 in Sài Gòn: first attempt 10/10, a retry 0/10 (retries are for learning).
        var chat = new QuizPlayer(app, "p1");
        await chat.StartAsync("QUIZ SG01A1", ward: "Sài Gòn");
        await chat.FinishAsync(correct: true);
        await chat.TapAsync("Làm lại");
        await chat.FinishAsync(correct: false);
        // A second chat player on the same team starts but does not finish.
        var quitter = new QuizPlayer(app, "p2");
        await quitter.StartAsync("QUIZ SG01A1", ward: "Sài Gòn");
        await quitter.SayAsync(quitter.Current().Correct);
        // A browser player on the same team finishes with 0/10.
        var browser = new Browser(app, "SG01A1");
        await browser.GetAsync();
        await browser.PostAsync("Start", ("ward", "sai-gon"));
        for (var i = 0; i < 10; i++) await browser.AnswerAsync(correct: false);

        var wards = await LeaderboardAsync(app, "ward");
        Assert.Equal(4, wards.Count);
        var saiGon = wards[0];
        Assert.Equal("sai-gon", saiGon.GetProperty("id").GetString());
        Assert.Equal(1, saiGon.GetProperty("rank").GetInt32());
        Assert.Equal(3, saiGon.GetProperty("participants").GetInt32());
        Assert.Equal(2, saiGon.GetProperty("completions").GetInt32());
        Assert.Equal(5.0, saiGon.GetProperty("averageScore").GetDouble()); // (10 + 0) / 2, not (10 + 0 + 0) / 3
        Assert.Equal(10, saiGon.GetProperty("bestScore").GetInt32());
        Assert.All(wards.Skip(1), w => Assert.Equal(0, w.GetProperty("participants").GetInt32()));

        var teams = await LeaderboardAsync(app, "team");
        var team = teams[0];
        Assert.Equal(("SG01A1", 3, 2, 5.0), (team.GetProperty("id").GetString(), team.GetProperty("participants").GetInt32(),
            team.GetProperty("completions").GetInt32(), team.GetProperty("averageScore").GetDouble()));
    }

    [Fact]
    public async Task Leaderboard_bad_grouping_is_400_and_unknown_quiz_is_404_as_problem_details()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();
        using var bad = await client.GetAsync("/api/quizzes/cds-17/leaderboard?by=district");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using var missing = await client.GetAsync("/api/quizzes/nope/leaderboard?by=ward");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    static async Task<List<JsonElement>> LeaderboardAsync(ChatbotApp app, string by)
    {
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/quizzes/cds-17/leaderboard?by={by}"));
        Assert.Equal(by, doc.RootElement.GetProperty("by").GetString());
        return doc.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
