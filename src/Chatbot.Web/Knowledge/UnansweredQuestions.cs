using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Knowledge;

/// <summary>How an ask ended: not the topic, a support question, a "did you mean" the citizen rejected or resolved.</summary>
public static class QuestionOutcomes
{
    public const string None = "none";
    public const string Support = "support";
    public const string ClarifyRejected = "clarify_rejected";
    public const string ClarifyChosen = "clarify_chosen";
}

/// <summary>One ask to record: the text, where it came from, its ward (null when unknown) and what the bot offered.</summary>
public sealed record QuestionAsk(string Text, string Channel, string ConversationId, string? WardId,
    string Outcome = QuestionOutcomes.None, IReadOnlyList<int>? Candidates = null, int? Chosen = null);

/// <summary>One ask, as stored (properties, not a positional record: SQLite and PostgreSQL return different column types).</summary>
public sealed record UnansweredQuestion
{
    public long Id { get; init; }
    public string Text { get; init; } = "";
    public string Channel { get; init; } = "";
    public string ConversationId { get; init; } = "";
    public DateTimeOffset AskedAt { get; init; }
    public bool Handled { get; init; }
    public string? WardId { get; init; }
    public string Outcome { get; init; } = QuestionOutcomes.None;
    public string? Candidates { get; init; }
    public int? Chosen { get; init; }
    public string? Resolution { get; init; }
    public string? ResolvedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    public IReadOnlyList<int> Offered => (Candidates ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
}

/// <summary>Open asks of one text, as the review queue shows them: the latest ask's id stands for the group.</summary>
public sealed record QuestionGroup(long Id, string Text, int Count, DateTimeOffset LastAskedAt, string? WardId,
    string Outcome, IReadOnlyList<int> Offered, int? Chosen);

/// <summary>
/// What the bot could not answer outright (text, channel, time, conversation id, ward — nothing else about the citizen):
/// "none" answers, support questions and every "did you mean" the citizen resolved or rejected. Staff work through
/// them as a review queue, scoped like posts: a ward's staff see their ward's asks, a DistrictAdmin every ask
/// (including those whose ward is unknown).
/// </summary>
public sealed class UnansweredQuestions(IDbConnectionFactory db, TimeProvider clock) : IPersonalDataEraser
{
    /// <summary>Long pastes are cut: staff need the question, not a whole document.</summary>
    const int MaxLength = 500;
    const string Columns = "id, text, channel, conversation_id, asked_at, handled, ward_id, outcome, candidates, chosen, resolution, resolved_by, resolved_at";

    public async Task RecordAsync(QuestionAsk ask, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO unanswered_questions (text, channel, conversation_id, asked_at, handled, ward_id, outcome, candidates, chosen)
            VALUES (@text, @channel, @conversationId, @at, FALSE, @wardId, @outcome, @candidates, @chosen)
            """, new
            {
                text = ask.Text.Length > MaxLength ? ask.Text[..MaxLength] : ask.Text, channel = ask.Channel,
                conversationId = ask.ConversationId, at = clock.GetUtcNow(), wardId = ask.WardId, outcome = ask.Outcome,
                candidates = ask.Candidates is { Count: > 0 } c ? string.Join(",", c) : null, chosen = ask.Chosen,
            }, cancellationToken: ct));
    }

    public Task<IReadOnlyList<UnansweredQuestion>> ListAsync(CancellationToken ct) => ListAsync(WardScope.All, ct);

    /// <summary>"xóa dữ liệu của tôi": the citizen's asks go (what they typed is theirs), handled or not. A native
    /// channel's conversation id ends with the user id ("facebook:&lt;page&gt;:&lt;psid&gt;"); web chat's is the user id.</summary>
    public async Task EraseAsync(string channel, string userId, CancellationToken ct)
    {
        var escaped = userId.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM unanswered_questions
            WHERE channel = @channel AND (conversation_id = @userId OR conversation_id LIKE @suffix ESCAPE '\')
            """, new { channel, userId, suffix = "%:" + escaped }, cancellationToken: ct));
    }

    /// <summary>Every ask the scope sees, oldest first.</summary>
    public async Task<IReadOnlyList<UnansweredQuestion>> ListAsync(WardScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<UnansweredQuestion>(new CommandDefinition(
            $"SELECT {Columns} FROM unanswered_questions WHERE {scope.Sql} ORDER BY id", new { ward = scope.WardId }, cancellationToken: ct))).ToList();
    }

    public async Task<UnansweredQuestion?> FindAsync(long id, WardScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UnansweredQuestion>(new CommandDefinition(
            $"SELECT {Columns} FROM unanswered_questions WHERE id = @id AND {scope.Sql}", new { id, ward = scope.WardId }, cancellationToken: ct));
    }

    /// <summary>The review queue: open asks grouped by text, most asked first; each group carries its latest ask's
    /// outcome, the candidates the bot offered then, and the difference the citizen tapped (if any).</summary>
    public async Task<IReadOnlyList<QuestionGroup>> QueueAsync(WardScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<UnansweredQuestion>(new CommandDefinition(
            $"SELECT {Columns} FROM unanswered_questions WHERE handled = FALSE AND {scope.Sql} ORDER BY id", new { ward = scope.WardId }, cancellationToken: ct));
        return rows.GroupBy(r => r.Text, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.Last();
                var chosen = g.Where(r => r.Chosen is not null).Select(r => r.Chosen).LastOrDefault();
                var wards = g.Select(r => r.WardId).Distinct().ToList();
                return new QuestionGroup(latest.Id, g.Key, g.Count(), latest.AskedAt, wards.Count == 1 ? wards[0] : null,
                    latest.Outcome, g.Reverse().Select(r => r.Offered).FirstOrDefault(o => o.Count > 0) ?? [], chosen);
            })
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.LastAskedAt).ToList();
    }

    /// <summary>Closes every open ask with this text in <paramref name="scope"/> with a resolution ("example:12",
    /// "out_of_scope"), who and when. A later ask of the same text opens a new one. Returns how many asks were closed.</summary>
    public async Task<int> ResolveAsync(string text, WardScope scope, string resolution, string by, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE unanswered_questions SET handled = TRUE, resolution = @resolution, resolved_by = @by, resolved_at = @at
            WHERE text = @text AND handled = FALSE AND {scope.Sql}
            """, new { text, resolution, by, at = clock.GetUtcNow(), ward = scope.WardId }, cancellationToken: ct));
    }
}

/// <summary>Which asks a staff member may see: one ward's, or (DistrictAdmin) all, including those of unknown ward.</summary>
public sealed record WardScope(string? WardId)
{
    public static readonly WardScope All = new((string?)null);

    public static WardScope Of(Staff.CurrentStaff staff) => staff.IsDistrictAdmin ? All : new(staff.WardId ?? "-");

    internal string Sql => WardId is null ? "1 = 1" : "ward_id = @ward";
}
