using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations;
using Chatbot.Web.Quiz;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Quiz;

public sealed class QuizStoreTests
{
    static readonly Player Citizen = new("facebook", "psid-1");

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Attempts_and_answers_round_trip_and_a_duplicate_answer_is_a_no_op(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var store = app.Services.GetRequiredService<QuizStore>();
        var now = app.Clock.GetUtcNow();
        var id = await store.CreateAttemptAsync("cds-17", Citizen, "SG01A1", "sai-gon", "q01:0,1;q02:3,1,0,2", 2, now, default);

        Assert.Equal(id, await store.FindUnfinishedAsync("cds-17", Citizen, default));
        Assert.True(await store.RecordAnswerAsync(id, 0, "q01", 0, true, "act-1", now, default));
        Assert.False(await store.RecordAnswerAsync(id, 0, "q01", 1, false, "act-2", now, default)); // same question again
        Assert.True(await store.RecordAnswerAsync(id, 1, "q02", 2, false, null, now.AddMinutes(1), default));
        await store.FinishAsync(id, now.AddMinutes(2), default);
        await store.FinishAsync(id, now.AddMinutes(9), default); // finishing twice keeps the first time

        var state = (await store.GetAsync(id, default))!;
        Assert.Equal(("SG01A1", "sai-gon", 2, 1), (state.Attempt.TeamCode, state.Attempt.WardId, state.Attempt.QuestionCount, state.Attempt.Score));
        Assert.Equal(now.AddMinutes(2), state.Attempt.FinishedAt);
        Assert.Equal(now, state.Attempt.StartedAt);
        Assert.Equal([(0, "q01", 0, true, "act-1"), (1, "q02", 2, false, null)],
            state.Answers.Select(a => (a.QuestionIndex, a.QuestionId, a.Chosen, a.IsCorrect, a.ActivityId)).ToList());
        Assert.Null(await store.FindUnfinishedAsync("cds-17", Citizen, default));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erasing_a_citizen_deletes_answers_and_unlinks_attempts_but_keeps_the_totals(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var store = app.Services.GetRequiredService<QuizStore>();
        var now = app.Clock.GetUtcNow();
        var id = await store.CreateAttemptAsync("cds-17", Citizen, null, "ben-thanh", "q01:0,1", 1, now, default);
        await store.RecordAnswerAsync(id, 0, "q01", 0, true, null, now, default);
        await store.FinishAsync(id, now, default);

        var eraser = app.Services.GetServices<IPersonalDataEraser>().OfType<QuizPersonalData>().Single();
        await eraser.EraseAsync("facebook", "psid-1", default);
        await eraser.EraseAsync("facebook", "psid-1", default);

        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quiz_answers"));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM quiz_attempts WHERE user_id = 'psid-1'"));
        var standings = await app.Services.GetRequiredService<QuizStandings>().ComputeAsync("cds-17", StandingsBy.Ward, default);
        Assert.Equal((1, 1), standings.Where(s => s.Id == "ben-thanh").Select(s => (s.Completions, s.BestScore)).Single());
    }

    [Fact]
    public async Task Results_under_a_former_ward_count_for_its_successor()
    {
        await using var app = await ChatbotApp.StartAsync();
        var store = app.Services.GetRequiredService<QuizStore>();
        var now = app.Clock.GetUtcNow();
        var id = await store.CreateAttemptAsync("cds-17", Citizen, null, "ben-nghe", "q01:0,1", 1, now, default);
        await store.RecordAnswerAsync(id, 0, "q01", 0, true, null, now, default);
        await store.FinishAsync(id, now, default);

        var wards = await app.Services.GetRequiredService<QuizStandings>().ComputeAsync("cds-17", StandingsBy.Ward, default);
        Assert.Equal("sai-gon", wards[0].Id);
        Assert.Equal(1, wards[0].Completions);
        Assert.DoesNotContain(wards, w => w.Id == "ben-nghe");
    }
}
