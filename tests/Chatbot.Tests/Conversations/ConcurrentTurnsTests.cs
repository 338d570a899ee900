using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Quiz;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Conversations;

/// <summary>Issue 13 point 14: messages of one conversation arriving at once on /api/messages.</summary>
public sealed class ConcurrentTurnsTests
{
    const string Apology = "Xin lỗi, mình vừa gặp sự cố";

    [Fact]
    public async Task Six_answers_of_one_quiz_at_once_each_get_a_real_reply_and_the_quiz_goes_on()
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u-six");
        await player.StartAsync();

        // A citizen taps six times before the first answer comes back (a slow connection, an impatient thumb).
        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.SayAsync("A", player.Conversation, "u-six")));

        Assert.All(replies, r => Assert.DoesNotContain(Apology, r.Texts()));
        Assert.All(replies, r => Assert.Matches("Chính xác|Chưa đúng", r.Texts()));
        var asked = replies.Select(r => System.Text.RegularExpressions.Regex.Match(r.Texts(), @"Câu (\d+)/10").Groups[1].Value).Order().ToList();
        Assert.Equal(["2", "3", "4", "5", "6", "7"], asked); // one turn after the other, each on the state the last one saved
        await using (var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync())
            Assert.Equal(6L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quiz_answers"));

        // The quiz in progress survived: the next answer is question 7's, and question 8 follows.
        var next = await player.SayAsync("A");
        Assert.Contains("Câu 8/10", next.Texts());
    }

    [SkippableFact]
    [Trait("Provider", "Postgres")] // two instances on one database: PostgreSQL is the multi-instance path
    public async Task Two_instances_taking_turns_of_one_conversation_at_once_rerun_a_conflicting_turn_on_fresh_state()
    {
        TestDatabase.RequirePostgres();
        await using var a = await ChatbotApp.StartAsync(StorageProvider.Postgres, CounterDialog.AddTo);
        await using var b = ChatbotApp.OnSameDatabase(a, CounterDialog.AddTo);
        await a.SayAsync("đếm", conversation: "shared");

        const int each = 8;
        var replies = await Task.WhenAll(Enumerable.Range(0, 2 * each)
            .Select(i => (i % 2 == 0 ? a : b).SayAsync("tiếp", conversation: "shared")));

        Assert.All(replies, r => Assert.DoesNotContain(Apology, r.Texts()));
        // Every turn counted once, on the state the previous one saved, whichever instance ran it.
        Assert.All(replies, r => Assert.Single(r));
        Assert.Equal(Enumerable.Range(1, 2 * each), replies.Select(r => int.Parse(r.Texts()["Đếm: ".Length..])).Order());
        Assert.Equal($"Đếm: {2 * each + 1}", (await b.SayAsync("tiếp", conversation: "shared")).Texts());
    }

    [Fact]
    public async Task A_turn_that_fails_without_replying_gets_the_apology_and_keeps_the_conversation_state()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.WithServices(s => s.AddSingleton<IQuestionAnswerer, FailingAnswerer>()));
        var player = new QuizPlayer(app, "u-fail");
        await player.StartAsync();
        Assert.Contains("Câu 1/10", player.Last.Texts());
        var shown = player.Current();

        Assert.DoesNotContain(Apology, (await player.SayAsync("làm hỏng")).Texts()); // the quiz asks again first
        Assert.Contains(Apology, (await player.SayAsync("làm hỏng")).Texts());      // then it is taken as a question: the turn fails

        var after = await player.SayAsync(shown.Correct); // the question shown before the failure is still the open one
        Assert.Contains("Chính xác", after.Texts());
        Assert.Contains("Câu 2/10", after.Texts());
    }

    /// <summary>Fails the turn on the question "làm hỏng" (a bug, a database hiccup), before anything is said.</summary>
    sealed class FailingAnswerer : IQuestionAnswerer
    {
        public Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct) =>
            text == "làm hỏng" ? throw new InvalidOperationException("boom") : Task.FromResult(false);
    }
}
