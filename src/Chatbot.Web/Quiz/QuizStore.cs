using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Quiz;

/// <summary>Who plays: the channel and the channel's user id ("web" + a cookie id in the browser).</summary>
public sealed record Player(string Channel, string UserId);

public sealed record AttemptRow
{
    public long Id { get; init; }
    public string QuizId { get; init; } = "";
    public string Channel { get; init; } = "";
    public string UserId { get; init; } = "";
    public string? TeamCode { get; init; }
    public string? WardId { get; init; }
    public string Plan { get; init; } = "";
    public int QuestionCount { get; init; }
    public int? Score { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

public sealed record AnswerRow
{
    public int QuestionIndex { get; init; }
    public string QuestionId { get; init; } = "";
    public int Chosen { get; init; }
    public bool IsCorrect { get; init; }
    public string? ActivityId { get; init; }
    public DateTimeOffset AnsweredAt { get; init; }
}

/// <summary>An attempt with its answers so far, read together: the rows are the truth, dialog state only points here.</summary>
public sealed record AttemptState(AttemptRow Attempt, IReadOnlyList<AnswerRow> Answers)
{
    public int Position => Answers.Count;
    public bool Finished => Attempt.FinishedAt is not null;
    public int Score => Answers.Count(a => a.IsCorrect);
}

internal sealed class QuizStore(IDbConnectionFactory db, IDbWriter writer)
{
    const string AttemptColumns =
        "id, quiz_id, channel, user_id, team_code, ward_id, plan, question_count, score, started_at, finished_at";

    public Task<long> CreateAttemptAsync(string quizId, Player player, string? teamCode, string? wardId, string plan,
        int questionCount, DateTimeOffset now, CancellationToken ct) =>
        writer.WriteAsync((conn, tx, token) => conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO quiz_attempts (quiz_id, channel, user_id, team_code, ward_id, plan, question_count, started_at)
            VALUES (@quizId, @Channel, @UserId, @teamCode, @wardId, @plan, @questionCount, @now)
            RETURNING id
            """, new { quizId, player.Channel, player.UserId, teamCode, wardId, plan, questionCount, now }, tx,
            cancellationToken: token)), ct);

    public async Task<AttemptState?> GetAsync(long attemptId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        using var multi = await conn.QueryMultipleAsync(new CommandDefinition($"""
            SELECT {AttemptColumns} FROM quiz_attempts WHERE id = @attemptId;
            SELECT question_index, question_id, chosen, is_correct, activity_id, answered_at
            FROM quiz_answers WHERE attempt_id = @attemptId ORDER BY question_index;
            """, new { attemptId }, cancellationToken: ct));
        var attempt = await multi.ReadSingleOrDefaultAsync<AttemptRow>();
        var answers = (await multi.ReadAsync<AnswerRow>()).ToList();
        return attempt is null ? null : new AttemptState(attempt, answers);
    }

    /// <summary>The player's latest unfinished attempt at this quiz, to resume even days later.</summary>
    public async Task<long?> FindUnfinishedAsync(string quizId, Player player, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT id FROM quiz_attempts
            WHERE quiz_id = @quizId AND channel = @Channel AND user_id = @UserId AND finished_at IS NULL
            ORDER BY id DESC LIMIT 1
            """, new { quizId, player.Channel, player.UserId }, cancellationToken: ct));
    }

    /// <summary>Records one answer; false when that question of the attempt was already answered (a replayed
    /// webhook, a double form post): the first answer stands and nothing is written twice.</summary>
    public async Task<bool> RecordAnswerAsync(long attemptId, int questionIndex, string questionId, int chosen, bool correct,
        string? activityId, DateTimeOffset now, CancellationToken ct) =>
        await writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO quiz_answers (attempt_id, question_index, question_id, chosen, is_correct, activity_id, answered_at)
            VALUES (@attemptId, @questionIndex, @questionId, @chosen, @isCorrect, @activityId, @now)
            ON CONFLICT (attempt_id, question_index) DO NOTHING
            """, new { attemptId, questionIndex, questionId, chosen, isCorrect = correct ? 1 : 0, activityId, now }, tx,
            cancellationToken: token)), ct) == 1;

    /// <summary>Marks the attempt finished with its score, once; the score is counted from the answer rows.</summary>
    public Task FinishAsync(long attemptId, DateTimeOffset now, CancellationToken ct) =>
        writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition("""
            UPDATE quiz_attempts
            SET finished_at = @now, score = (SELECT COUNT(*) FROM quiz_answers WHERE attempt_id = @attemptId AND is_correct = 1)
            WHERE id = @attemptId AND finished_at IS NULL
            """, new { attemptId, now }, tx, cancellationToken: token)), ct);

    /// <summary>Every attempt at a quiz, only the columns the leaderboard needs (no plan, no answers): it works out
    /// first completions from these.</summary>
    public async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(string quizId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<AttemptRow>(new CommandDefinition(
            "SELECT id, quiz_id, channel, user_id, team_code, ward_id, score, started_at, finished_at FROM quiz_attempts WHERE quiz_id = @quizId ORDER BY id",
            new { quizId }, cancellationToken: ct))).ToList();
    }
}
