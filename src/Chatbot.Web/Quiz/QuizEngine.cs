namespace Chatbot.Web.Quiz;

/// <summary>What answering one question did.</summary>
public sealed record AnswerOutcome(PlannedQuestion Question, int Chosen, bool Correct, int Answered, int Count, int Score)
{
    public bool Finished => Answered == Count;
}

/// <summary>
/// The quiz rules, shared by the chat dialog and the web page so both play and score the same way: start or resume an
/// attempt, answer the current question once, finish with the score counted from the answer rows.
/// </summary>
internal sealed class QuizEngine(QuizStore store, TimeProvider clock)
{
    public async Task<(AttemptState State, bool Resumed)> StartOrResumeAsync(QuizBank quiz, Player player, string? teamCode,
        string? wardId, CancellationToken ct)
    {
        // An attempt whose questions were since edited out of the content cannot resume in place: start afresh.
        if (await store.FindUnfinishedAsync(quiz.Id, player, ct) is { } existing
            && await store.GetAsync(existing, ct) is { } open
            && PlanOf(open, quiz).Count == open.Attempt.QuestionCount)
            return (open, true);
        return (await StartAsync(quiz, player, teamCode, wardId, ct), false);
    }

    public async Task<AttemptState> StartAsync(QuizBank quiz, Player player, string? teamCode, string? wardId, CancellationToken ct)
    {
        var plan = QuizPlan.Draw(quiz, Random.Shared);
        var id = await store.CreateAttemptAsync(quiz.Id, player, teamCode, wardId, plan.Format(), plan.Count, clock.GetUtcNow(), ct);
        return (await store.GetAsync(id, ct))!;
    }

    public async Task<AttemptState?> FindUnfinishedAsync(QuizBank quiz, Player player, CancellationToken ct) =>
        await store.FindUnfinishedAsync(quiz.Id, player, ct) is { } id ? await store.GetAsync(id, ct) : null;

    public Task<AttemptState?> GetAsync(long attemptId, CancellationToken ct) => store.GetAsync(attemptId, ct);

    public static QuizPlan PlanOf(AttemptState state, QuizBank quiz) => QuizPlan.Parse(state.Attempt.Plan, quiz);

    /// <summary>Answers the attempt's current question. Null when nothing was recorded: the attempt is finished, this
    /// activity was already answered (a replayed webhook), or another request answered this question first.</summary>
    public async Task<AnswerOutcome?> AnswerAsync(AttemptState state, QuizPlan plan, int displayIndex, string? activityId,
        CancellationToken ct)
    {
        if (state.Finished || state.Position >= plan.Count) return null;
        if (activityId is not null && state.Answers.Any(a => a.ActivityId == activityId)) return null;
        var planned = plan[state.Position];
        var chosen = planned.Order[displayIndex];
        var correct = chosen == planned.Question.Correct;
        var now = clock.GetUtcNow();
        if (!await store.RecordAnswerAsync(state.Attempt.Id, state.Position, planned.Question.Id, chosen, correct, activityId, now, ct))
            return null;
        var answered = state.Position + 1;
        if (answered == plan.Count) await store.FinishAsync(state.Attempt.Id, now, ct);
        return new AnswerOutcome(planned, displayIndex, correct, answered, plan.Count, state.Score + (correct ? 1 : 0));
    }
}
