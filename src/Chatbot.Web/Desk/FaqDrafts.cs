using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Desk;

public sealed record FaqDraft
{
    public long Id { get; init; }
    public long ThreadId { get; init; }
    public long MessageId { get; init; }
    public string? WardId { get; init; }
    public string Question { get; init; } = "";
    public string Answer { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string State { get; init; } = "";
}

/// <summary>
/// faq_drafts: an officer's answer proposed as a frequently asked question, for a DistrictAdmin to adopt in the FAQ
/// editor (issue 16 owns adopting; this only proposes). One draft per answer.
/// </summary>
public sealed class FaqDrafts(IDbConnectionFactory db, IDbWriter writer, TimeProvider clock)
{
    public const int MaxQuestion = 300;

    /// <summary>Null when this answer was proposed already.</summary>
    public Task<long?> ProposeAsync(DeskThread thread, DeskMessage answer, string question, string by, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) => await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO faq_drafts (thread_id, message_id, ward_id, question, answer, created_by, created_at)
            VALUES (@threadId, @messageId, @wardId, @question, @answer, @by, @at)
            ON CONFLICT (message_id) DO NOTHING RETURNING id
            """, new { threadId = thread.Id, messageId = answer.Id, wardId = thread.WardId, question, answer = answer.Text, by, at = clock.GetUtcNow() },
            tx, cancellationToken: token)), ct);

    public async Task<IReadOnlyList<FaqDraft>> ListAsync(WardScope scope, string state, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<FaqDraft>(new CommandDefinition($"""
            SELECT id AS Id, thread_id AS ThreadId, message_id AS MessageId, ward_id AS WardId, question AS Question, answer AS Answer,
                   created_by AS CreatedBy, created_at AS CreatedAt, state AS State
            FROM faq_drafts WHERE state = @state AND {scope.Sql} ORDER BY id DESC LIMIT 200
            """, new { state, ward = scope.WardId }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlySet<long>> ProposedAsync(long threadId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition("SELECT message_id FROM faq_drafts WHERE thread_id = @threadId",
            new { threadId }, cancellationToken: ct))).ToHashSet();
    }
}
