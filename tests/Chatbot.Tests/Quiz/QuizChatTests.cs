using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Quiz;

public sealed class QuizChatTests
{
    [Fact]
    public async Task From_the_menu_the_ward_is_asked_once_then_ten_questions_take_typed_and_tapped_answers()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u1");

        var first = await player.SayAsync("Làm bài trắc nghiệm");
        Assert.Contains("phường của bạn", first.Texts());
        Assert.Equal(["Sài Gòn", "Tân Định", "Bến Thành", "Cầu Ông Lãnh"], first.Buttons());

        var started = await player.TapAsync("Sài Gòn");
        Assert.Contains("Bắt đầu bài", started.Texts());
        Assert.Contains("Câu 1/10: ", started.Texts());
        Assert.Equal("A", started.Buttons()[0]);

        // Tapped ("A"), lower case, "câu c", a digit, and the option's text without diacritics all answer.
        var forms = new Func<string, string, string>[]
        {
            (letter, _) => letter,
            (letter, _) => letter.ToLowerInvariant(),
            (letter, _) => "câu " + letter.ToLowerInvariant(),
            (letter, _) => (letter[0] - 'A' + 1).ToString(),
            // "dung" without accents is the stop word "dừng" everywhere; "Đúng" typed with accents is tested below.
            (letter, option) => GlobalCommands.Match(VietnameseText.Fold(option)) == GlobalCommand.None ? VietnameseText.Fold(option) : letter,
        };
        var differences = new HashSet<int>();
        for (var i = 0; i < 10; i++)
        {
            var (_, question, correct, _, option) = player.Current();
            differences.Add(question.Difference);
            var replies = i % forms.Length == 0 ? await player.TapAsync(correct) : await player.SayAsync(forms[i % forms.Length](correct, option));
            Assert.Contains("✅ Chính xác!", replies.Texts());
            Assert.Contains($"(Điểm {question.Difference} trong 17 điểm khác nhau.)", replies.Texts());
            if (i < 9) Assert.Contains($"Câu {i + 2}/10: ", replies.Texts());
        }
        Assert.Equal(10, differences.Count); // drawn to cover different differences
        Assert.Contains("Hoàn thành! Bạn trả lời đúng 10/10 câu.", player.Last.Texts());
        Assert.Contains("Phường Sài Gòn: hạng 1/4", player.Last.Texts());
        Assert.Equal(["Làm lại"], player.Last.Buttons());

        var again = await player.TapAsync("Làm lại");
        Assert.DoesNotContain("phường của bạn", again.Texts()); // remembered
        Assert.Contains("Câu 1/10: ", again.Texts());
    }

    [Fact]
    public async Task A_wrong_answer_gets_the_right_one_with_the_explanation_and_the_end_offers_the_differences_to_review()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u2");
        await player.StartAsync();

        var (_, question, _, wrong, option) = player.Current();
        var replies = await player.SayAsync(wrong);
        Assert.Contains("❌ Chưa đúng. Đáp án đúng là", replies.Texts());
        Assert.Contains(option, replies.Texts());
        Assert.Contains(question.Explain, replies.Texts());

        var end = await player.FinishAsync(correct: true);
        Assert.Contains("9/10", end.Texts());
        Assert.Equal(["Làm lại", $"Điểm {question.Difference}"], end.Buttons());
        Assert.Equal($"điểm {question.Difference}", end.Last().SuggestedActions.Actions[1].Value);
    }

    [Fact]
    public async Task An_answer_that_matches_nothing_is_asked_again_once_with_the_options_then_left_to_the_bot()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u3");
        await player.StartAsync();
        var before = player.Current();

        var reask = await player.SayAsync("không biết nữa");
        Assert.Contains("chưa nhận ra đáp án", reask.Texts());
        Assert.Contains("\nA. ", reask.Texts());
        Assert.Equal("A", reask.Buttons()[0]);

        var second = await player.SayAsync("không biết nữa");
        Assert.DoesNotContain("chưa nhận ra đáp án", second.Texts()); // handed to the bot (no answerer here: not understood)

        await player.SayAsync(before.Correct);
        Assert.Contains("✅", player.Last.Texts());
        Assert.Contains("Câu 2/10", player.Last.Texts());
    }

    [Fact]
    public async Task Typed_dung_with_accents_answers_a_true_false_question_and_is_not_the_stop_word()
    {
        Assert.Equal(GlobalCommand.None, GlobalCommands.Match("Đúng"));
        Assert.Equal(GlobalCommand.None, GlobalCommands.Match("đúng ạ"));
        Assert.Equal(GlobalCommand.Cancel, GlobalCommands.Match("dừng"));
        await using var app = await ChatbotApp.StartAsync();
        // Draws are random: a few players make a true/false question certain in practice (11 of 51 in the bank).
        QuizPlayer? player = null;
        for (var i = 0; i < 8 && player is null; i++)
        {
            var candidate = new QuizPlayer(app, $"u-tf-{i}");
            await candidate.StartAsync();
            while (candidate.Last.Buttons() is ["A", ..] && candidate.Current().Question.Kind != "true-false")
                await candidate.SayAsync(candidate.Current().Correct);
            if (candidate.Last.Buttons() is ["A", ..]) player = candidate;
        }
        Assert.True(player is not null, "no true/false question in eight draws");
        var replies = await player.SayAsync(player.Current().CorrectOption); // "Đúng" or "Sai", typed
        Assert.Contains("✅", replies.Texts());
    }

    [Fact]
    public async Task Stop_leaves_the_attempt_which_resumes_at_the_same_question_even_after_a_restart()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u4");
        await player.StartAsync();
        for (var i = 0; i < 3; i++) await player.SayAsync(player.Current().Correct);
        var fourth = player.Current().Text;
        Assert.StartsWith("Câu 4/10", fourth[fourth.IndexOf("Câu 4/10", StringComparison.Ordinal)..]);

        var stopped = await player.SayAsync("dừng");
        Assert.Contains("Đã thoát", stopped.Texts());
        await app.StopAsync();

        await using var restarted = ChatbotApp.OnSameDatabase(app);
        var again = new QuizPlayer(restarted, "u4");
        var resumed = await again.SayAsync("trắc nghiệm");
        Assert.Contains("làm dở", resumed.Texts());
        Assert.Contains("(3/10 câu)", resumed.Texts());
        Assert.Equal(fourth, again.Current().Text); // same question, same option order
        await again.SayAsync(again.Current().Correct);
        Assert.Contains("Câu 5/10", again.Last.Texts());
    }

    [Fact]
    public async Task A_share_code_starts_the_quiz_for_that_team_and_the_result_carries_share_links()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u5", channel: "zalo");
        var replies = await player.SayAsync("QUIZ SG01A1");
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1", replies.Texts());
        await player.SayAsync("Bến Thành");
        var end = await player.FinishAsync(correct: true);

        Assert.Contains("https://m.me/100000000000001?ref=quiz.cds-17.SG01A1", end.Texts());
        Assert.Contains("https://zalo.me/4000000000000000001", end.Texts());
        Assert.Contains("«QUIZ SG01A1»", end.Texts());
        Assert.Contains("http://localhost:5000/q/SG01A1", end.Texts());
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1: hạng 1/12", end.Texts());
        var row = await SingleAttemptAsync(app, "u5");
        Assert.Equal(("SG01A1", "ben-thanh", "zalo", 10), (row.team_code, row.ward_id, row.channel, (int)row.score));
    }

    [Theory]
    [InlineData("quiz.cds-17.TD01A1", "TD01A1")]
    [InlineData("quiz:td02a1", "TD02A1")]
    [InlineData("  Quiz   BT01A1 ", "BT01A1")]
    public async Task Messenger_refs_and_zalo_button_payloads_start_the_team_quiz(string text, string team)
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u6", channel: "facebook");
        await player.StartAsync(text);
        await player.SayAsync(player.Current().Correct);
        Assert.Equal(team, (await SingleAttemptAsync(app, "u6")).team_code);
    }

    [Fact]
    public async Task An_unknown_code_gets_a_friendly_message_and_the_general_quiz()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u7");
        var replies = await player.SayAsync("QUIZ AB12CD");
        Assert.Contains("Mã «AB12CD» chưa có", replies.Texts());
        await player.SayAsync("Tân Định");
        Assert.Contains("Câu 1/10", player.Last.Texts());
        Assert.Null((await SingleAttemptAsync(app, "u7")).team_code);
    }

    [Theory]
    [InlineData("quiz hay quá")]
    [InlineData("thi thử")]
    [InlineData("quiz ABCDEF")]
    public void Ordinary_chat_is_not_read_as_a_share_code(string text) =>
        Assert.False(Chatbot.Web.Quiz.QuizLinks.TryParseCode(text, out _, out _));

    [Fact]
    public void A_messenger_ref_parses_to_quiz_and_team()
    {
        Assert.True(Chatbot.Web.Quiz.QuizLinks.TryParseRef("quiz.cds-17.SG01A1", out var quiz, out var team));
        Assert.Equal(("cds-17", "SG01A1"), (quiz, team));
        Assert.False(Chatbot.Web.Quiz.QuizLinks.TryParseRef("QUIZ SG01A1", out _, out _));
    }

    [Fact]
    public async Task A_replayed_answer_webhook_is_recorded_once_and_does_not_answer_the_next_question()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u8");
        await player.StartAsync();
        var answer = new Activity { Type = ActivityTypes.Message, Text = player.Current().Correct, Id = "same-webhook-id" };

        var once = await app.SendAsync(answer, player.Conversation, "u8");
        Assert.Contains("Câu 2/10", once.Texts());
        answer.Text = "A"; // the replay carries the same id; whatever it says must not answer question 2
        var twice = await app.SendAsync(answer, player.Conversation, "u8");
        Assert.DoesNotContain("Chính xác", twice.Texts());
        Assert.DoesNotContain("Chưa đúng", twice.Texts());

        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quiz_answers"));
    }

    [Fact]
    public async Task Standings_in_chat_list_the_wards()
    {
        await using var app = await ChatbotApp.StartAsync();
        var empty = await new QuizPlayer(app, "u9").SayAsync("bảng xếp hạng");
        Assert.Contains("Chưa có ai hoàn thành", empty.Texts());

        var player = new QuizPlayer(app, "u10");
        await player.StartAsync("QUIZ CL01A1", ward: "Cầu Ông Lãnh");
        await player.FinishAsync(correct: true);
        var board = await player.SayAsync("bang xep hang");
        Assert.Contains("1. Phường Cầu Ông Lãnh: 1 người hoàn thành, điểm trung bình 10, cao nhất 10", board.Texts());
        Assert.Contains("Tổ công nghệ số cộng đồng khu phố 1: hạng 1/12", board.Texts());
        Assert.Contains("lượt hoàn thành đầu tiên", board.Texts());
    }

    [Fact]
    public async Task Standings_asked_mid_quiz_come_back_to_the_question()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u11");
        await player.StartAsync();
        var question = player.Current().Text;
        var replies = await player.SayAsync("bảng xếp hạng");
        Assert.Contains("Chưa có ai hoàn thành", replies.Texts());
        Assert.Equal(question, player.Current().Text);
    }

    internal static async Task<dynamic> SingleAttemptAsync(ChatbotApp app, string user)
    {
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await conn.QuerySingleAsync("SELECT team_code, ward_id, channel, score FROM quiz_attempts WHERE user_id = @user", new { user });
    }

    [Fact]
    public async Task Dung_typed_without_diacritics_on_a_true_false_question_asks_whether_it_means_the_answer_or_stop()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "dung-khong-dau");
        await player.StartAsync();
        // Play (starting new attempts when one ends) until a true/false question is on screen.
        for (var answered = 0; !player.Current().Question.Options.Any(o => VietnameseText.Fold(o) == "dung"); answered++)
        {
            Assert.True(answered < 60, "no true/false question came up in 60 answers");
            await player.SayAsync(player.Current().Correct);
            if (player.Last.Buttons() is not ["A", ..]) await player.StartAsync();
        }
        var (question, content, _, _, _) = player.Current();
        var trueLetter = question.Split('\n').Single(l => l.EndsWith(". Đúng", StringComparison.Ordinal))[..1];

        var asked = await player.SayAsync("dung");
        Assert.Contains("hay dừng bài", asked.Texts());
        Assert.Equal([trueLetter, "Dừng bài"], asked.Buttons());
        Assert.DoesNotContain("Đã thoát", asked.Texts());

        // «Dừng bài» stops; back in the quiz, the same question waits, and tapping the answer records it.
        Assert.Contains("Đã thoát", (await player.TapAsync("Dừng bài")).Texts());
        Assert.Contains(content.Ask, (await player.SayAsync("trắc nghiệm")).Texts());
        await player.SayAsync("dung");
        var feedback = (await player.TapAsync(trueLetter)).Texts();
        Assert.True(feedback.Contains("Chính xác") || feedback.Contains("Chưa đúng"), feedback);

        // Typed with its diacritics, "dừng" is the command at once.
        if (player.Last.Buttons() is ["A", ..]) Assert.Contains("Đã thoát", (await player.SayAsync("dừng")).Texts());
    }
}
