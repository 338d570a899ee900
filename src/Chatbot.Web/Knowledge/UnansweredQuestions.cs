using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Knowledge;

/// <summary>A question the bot did not claim to know, as staff will see it: grouped by text, with how often it came.</summary>
public sealed record UnansweredSummary(string Text, int Count, DateTimeOffset LastAskedAt);

/// <summary>One ask, as stored (properties, not a positional record: SQLite and PostgreSQL return different column types).</summary>
public sealed record UnansweredQuestion
{
    public long Id { get; init; }
    public string Text { get; init; } = "";
    public string Channel { get; init; } = "";
    public string ConversationId { get; init; } = "";
    public DateTimeOffset AskedAt { get; init; }
    public bool Handled { get; init; }
}

/// <summary>Records what the bot could not answer (text, channel, time, conversation id: nothing else about the citizen).</summary>
public sealed class UnansweredQuestions(IDbConnectionFactory db, TimeProvider clock)
{
    /// <summary>Long pastes are cut: staff need the question, not a whole document.</summary>
    const int MaxLength = 500;

    public async Task RecordAsync(string text, string channel, string conversationId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO unanswered_questions (text, channel, conversation_id, asked_at, handled)
            VALUES (@text, @channel, @conversationId, @at, FALSE)
            """, new { text = text.Length > MaxLength ? text[..MaxLength] : text, channel, conversationId, at = clock.GetUtcNow() },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> ListAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<UnansweredQuestion>(new CommandDefinition("""
            SELECT id, text, channel, conversation_id, asked_at, handled FROM unanswered_questions ORDER BY id
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>Open questions grouped by text, most asked first.</summary>
    public async Task<IReadOnlyList<UnansweredSummary>> SummaryAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<SummaryRow>(new CommandDefinition("""
            SELECT text, COUNT(*) AS count, MAX(asked_at) AS last_asked_at FROM unanswered_questions
            WHERE handled = FALSE GROUP BY text ORDER BY COUNT(*) DESC, MAX(asked_at) DESC
            """, cancellationToken: ct));
        return rows.Select(r => new UnansweredSummary(r.Text, (int)r.Count, r.LastAskedAt)).ToList();
    }

    /// <summary>Marks every open ask with this text handled (staff answered it in the content, or judged it off-topic);
    /// it leaves the summary. A later ask of the same text opens it again. Returns how many asks were closed.</summary>
    public async Task<int> MarkHandledAsync(string text, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE unanswered_questions SET handled = TRUE WHERE text = @text AND handled = FALSE", new { text }, cancellationToken: ct));
    }

    sealed record SummaryRow
    {
        public string Text { get; init; } = "";
        public long Count { get; init; }
        public DateTimeOffset LastAskedAt { get; init; }
    }
}
