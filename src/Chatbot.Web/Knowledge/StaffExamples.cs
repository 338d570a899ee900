using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Knowledge;

/// <summary>An example question a staff member assigned (properties: SQLite and PostgreSQL return different column types).</summary>
public sealed record StaffExample
{
    public long Id { get; init; }
    public string Text { get; init; } = "";
    public int? Difference { get; init; }
    public string? FaqId { get; init; }
    public string? WardId { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }

    public ExampleQuestion ToExample() => new(Text, Difference, FaqId);
}

/// <summary>
/// Staff-assigned example questions (knowledge_examples) and the revision every instance compares before answering
/// (knowledge_revision). Each change bumps the revision in the same transaction, so no instance can see the row
/// without the new number or the number without the row. The official text is never stored here.
/// </summary>
public sealed class StaffExamples(IDbConnectionFactory db, IDbWriter writer, TimeProvider clock)
{
    public const int MaxLength = 500;

    public async Task<long> RevisionAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT revision FROM knowledge_revision WHERE id = 1", cancellationToken: ct));
    }

    /// <summary>The examples in force and a revision no newer than them: the revision is read first, so a change made
    /// in between only causes one more rebuild, never a stale index that believes it is current.</summary>
    public async Task<(long Revision, IReadOnlyList<StaffExample> Examples)> ActiveAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var revision = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT revision FROM knowledge_revision WHERE id = 1", cancellationToken: ct));
        var rows = await conn.QueryAsync<StaffExample>(new CommandDefinition("""
            SELECT id, text, difference, faq_id, ward_id, created_by, created_at FROM knowledge_examples
            WHERE removed_at IS NULL ORDER BY id
            """, cancellationToken: ct));
        return (revision, rows.ToList());
    }

    public async Task<StaffExample?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StaffExample>(new CommandDefinition("""
            SELECT id, text, difference, faq_id, ward_id, created_by, created_at FROM knowledge_examples
            WHERE id = @id AND removed_at IS NULL
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>Examples in force that the given wards' staff added (null = every one), newest first.</summary>
    public async Task<IReadOnlyList<StaffExample>> ListAsync(string? wardId, bool all, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<StaffExample>(new CommandDefinition($"""
            SELECT id, text, difference, faq_id, ward_id, created_by, created_at FROM knowledge_examples
            WHERE removed_at IS NULL {(all ? "" : "AND ward_id = @wardId")} ORDER BY id DESC
            """, new { wardId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Adds an example (text cut to <see cref="MaxLength"/>) and bumps the revision; returns its id.</summary>
    public Task<long> AddAsync(string text, int? difference, string? faqId, string? wardId, string createdBy, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO knowledge_examples (text, difference, faq_id, ward_id, created_by, created_at)
                VALUES (@text, @difference, @faqId, @wardId, @createdBy, @at) RETURNING id
                """, new { text = text.Length > MaxLength ? text[..MaxLength] : text, difference, faqId, wardId, createdBy, at = clock.GetUtcNow() },
                tx, cancellationToken: token));
            await Bump(conn, tx, token);
            return id;
        }, ct);

    /// <summary>Takes an example out of the index (the row stays, with who removed it and when). False when it was not in force.</summary>
    public Task<bool> RemoveAsync(long id, string removedBy, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var n = await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE knowledge_examples SET removed_by = @removedBy, removed_at = @at WHERE id = @id AND removed_at IS NULL
                """, new { id, removedBy, at = clock.GetUtcNow() }, tx, cancellationToken: token));
            if (n == 1) await Bump(conn, tx, token);
            return n == 1;
        }, ct);

    static Task Bump(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("UPDATE knowledge_revision SET revision = revision + 1 WHERE id = 1",
            transaction: tx, cancellationToken: ct));
}
