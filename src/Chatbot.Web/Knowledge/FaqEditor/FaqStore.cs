using System.Data.Common;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Knowledge;

public enum FaqOutcome { Saved, Unchanged, NotFound, Stale, Exists, Invalid }

/// <summary>What a change came to; <see cref="Row"/> is the entry after it (Saved, Unchanged) or as someone else left
/// it (Stale, Exists).</summary>
public sealed record FaqChange(FaqOutcome Outcome, FaqRow? Row = null);

/// <summary>What an import did: entries created, changed (a new version each) and left as they were.</summary>
public sealed record FaqImportResult(int Created, int Changed, int Unchanged);

/// <summary>
/// The FAQ in the database (issue 16). Seeded once from dialogs/knowledge/faq.yaml — the first instance to get there
/// marks faq_state in the same transaction, so two instances starting together seed once — and from then on the database
/// wins. Every change writes a new version row and bumps knowledge_revision in one transaction, so every instance's
/// <see cref="KnowledgeIndex"/> rebuilds before its next answer. A change names the version it edits; if someone saved
/// in between the change is refused (<see cref="FaqOutcome.Stale"/>) and nothing is overwritten.
/// </summary>
public sealed class FaqStore(IDbConnectionFactory db, IDbWriter writer, KnowledgeBase content, TimeProvider clock)
{
    /// <summary>Who wrote the seeded versions.</summary>
    public const string SeedActor = "dialogs/knowledge/faq.yaml";

    const string Columns = "id, position, version, question, answer, related, keywords, questions, updated_by, updated_at, deleted_by, deleted_at";
    const string VersionColumns = "faq_id, version, action, question, answer, related, keywords, questions, changed_by, changed_at, note";

    volatile bool seeded;

    /// <summary>Copies faq.yaml into the database unless some instance already did (once per database, ever).</summary>
    public async Task EnsureSeededAsync(CancellationToken ct)
    {
        if (seeded) return;
        await using (var conn = await db.OpenAsync(ct))
        {
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM faq_state WHERE seeded_at IS NOT NULL", cancellationToken: ct)) > 0)
            {
                seeded = true;
                return;
            }
        }
        await writer.WriteAsync(async (conn, tx, token) =>
        {
            var at = clock.GetUtcNow();
            // Row-locked on PostgreSQL: a second instance waits here, then finds seeded_at set and adds nothing.
            if (await conn.ExecuteAsync(new CommandDefinition("UPDATE faq_state SET seeded_at = @at WHERE id = 1 AND seeded_at IS NULL",
                    new { at }, tx, cancellationToken: token)) == 0) return 0;
            var position = 0;
            foreach (var entry in content.Faq)
            {
                await InsertAsync(conn, tx, entry, ++position, SeedActor, at, FaqActions.Seed, token);
            }
            await BumpAsync(conn, tx, token);
            return position;
        }, ct);
        seeded = true;
    }

    /// <summary>Entries in list order; deleted ones too when asked.</summary>
    public async Task<IReadOnlyList<FaqRow>> ListAsync(bool withDeleted, CancellationToken ct)
    {
        await EnsureSeededAsync(ct);
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<FaqRow>(new CommandDefinition(
            $"SELECT {Columns} FROM faq_entries {(withDeleted ? "" : "WHERE deleted_at IS NULL")} ORDER BY position, id",
            cancellationToken: ct))).ToList();
    }

    /// <summary>The entry, deleted or not; null when no such id was ever created.</summary>
    public async Task<FaqRow?> FindAsync(string id, CancellationToken ct)
    {
        await EnsureSeededAsync(ct);
        await using var conn = await db.OpenAsync(ct);
        return await FindAsync(conn, null, id, ct);
    }

    /// <summary>Every version of an entry, newest first.</summary>
    public async Task<IReadOnlyList<FaqVersion>> VersionsAsync(string id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<FaqVersion>(new CommandDefinition(
            $"SELECT {VersionColumns} FROM faq_versions WHERE faq_id = @id ORDER BY version DESC", new { id }, cancellationToken: ct))).ToList();
    }

    /// <summary>The entries and additions in force, for the index.</summary>
    public async Task<(IReadOnlyList<FaqEntry> Faq, IReadOnlyList<DifferenceAddition> Additions)> ActiveAsync(CancellationToken ct)
    {
        var rows = await ListAsync(withDeleted: false, ct);
        return (rows.Select(r => r.ToEntry()).ToList(), await AdditionsAsync(ct));
    }

    public async Task<FaqChange> CreateAsync(FaqEntry entry, string by, CancellationToken ct)
    {
        await EnsureSeededAsync(ct);
        return await writer.WriteAsync(async (conn, tx, token) =>
        {
            if (await FindAsync(conn, tx, entry.Id, token) is { } existing) return new FaqChange(FaqOutcome.Exists, existing);
            var position = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM faq_entries", transaction: tx, cancellationToken: token));
            await InsertAsync(conn, tx, entry, position, by, clock.GetUtcNow(), FaqActions.Create, token);
            await BumpAsync(conn, tx, token);
            return new FaqChange(FaqOutcome.Saved, await FindAsync(conn, tx, entry.Id, token));
        }, ct);
    }

    /// <summary>Saves new text over <paramref name="expectedVersion"/> of an entry in force.</summary>
    public Task<FaqChange> EditAsync(FaqEntry entry, int expectedVersion, string by, CancellationToken ct) =>
        ChangeAsync(entry.Id, expectedVersion, by, FaqActions.Edit, null, allowDeleted: false, delete: false, _ => entry, ct);

    /// <summary>Takes an entry out of the bot's answers; its row and versions stay, so it can be restored.</summary>
    public Task<FaqChange> DeleteAsync(string id, int expectedVersion, string by, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, by, FaqActions.Delete, null, allowDeleted: false, delete: true, row => row.ToEntry(), ct);

    public Task<FaqChange> RestoreAsync(string id, int expectedVersion, string by, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, by, FaqActions.Restore, null, allowDeleted: true, delete: false, row => row.Deleted ? row.ToEntry() : null, ct);

    /// <summary>Makes the text of <paramref name="toVersion"/> the current one, as a new version (a deleted entry comes back).</summary>
    public async Task<FaqChange> RollbackAsync(string id, int toVersion, int expectedVersion, string by, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var old = await conn.QuerySingleOrDefaultAsync<FaqVersion>(new CommandDefinition(
            $"SELECT {VersionColumns} FROM faq_versions WHERE faq_id = @id AND version = @toVersion", new { id, toVersion }, cancellationToken: ct));
        if (old is null) return new FaqChange(FaqOutcome.NotFound);
        return await ChangeAsync(id, expectedVersion, by, FaqActions.Rollback, $"về bản {toVersion}", allowDeleted: true, delete: false,
            _ => old.ToEntry(), ct);
    }

    /// <summary>Applies every entry of an import in one transaction: new ids are created, changed ones get a new version
    /// (a deleted one comes back), the same text is left alone. Entries not in the file are not touched.</summary>
    public async Task<FaqImportResult> ImportAsync(IReadOnlyList<FaqEntry> entries, string by, CancellationToken ct)
    {
        await EnsureSeededAsync(ct);
        return await writer.WriteAsync(async (conn, tx, token) =>
        {
            var at = clock.GetUtcNow();
            var (created, changed, unchanged) = (0, 0, 0);
            var position = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(position), 0) FROM faq_entries", transaction: tx, cancellationToken: token));
            foreach (var entry in entries)
            {
                var row = await FindAsync(conn, tx, entry.Id, token);
                if (row is null)
                {
                    await InsertAsync(conn, tx, entry, ++position, by, at, FaqActions.Import, token);
                    created++;
                }
                else if (row.Deleted || !FaqJson.Same(row.ToEntry(), entry))
                {
                    await UpdateAsync(conn, tx, row, entry, by, at, FaqActions.Import, null, delete: false, token);
                    changed++;
                }
                else unchanged++;
            }
            if (created + changed > 0) await BumpAsync(conn, tx, token);
            return new FaqImportResult(created, changed, unchanged);
        }, ct);
    }

    public async Task<IReadOnlyList<DifferenceAddition>> AdditionsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<DifferenceAddition>(new CommandDefinition(
            "SELECT id, difference, kind, text, created_by, created_at FROM difference_additions WHERE removed_at IS NULL ORDER BY difference, id",
            cancellationToken: ct))).ToList();
    }

    public async Task<DifferenceAddition?> FindAdditionAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DifferenceAddition>(new CommandDefinition(
            "SELECT id, difference, kind, text, created_by, created_at FROM difference_additions WHERE id = @id AND removed_at IS NULL",
            new { id }, cancellationToken: ct));
    }

    public Task<long> AddAdditionAsync(int difference, string kind, string text, string by, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO difference_additions (difference, kind, text, created_by, created_at)
                VALUES (@difference, @kind, @text, @by, @at) RETURNING id
                """, new { difference, kind, text, by, at = clock.GetUtcNow() }, tx, cancellationToken: token));
            await BumpAsync(conn, tx, token);
            return id;
        }, ct);

    /// <summary>Takes an addition out of the index; the row stays with who removed it and when.</summary>
    public Task<bool> RemoveAdditionAsync(long id, string by, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var n = await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE difference_additions SET removed_by = @by, removed_at = @at WHERE id = @id AND removed_at IS NULL",
                new { id, by, at = clock.GetUtcNow() }, tx, cancellationToken: token));
            if (n == 1) await BumpAsync(conn, tx, token);
            return n == 1;
        }, ct);

    /// <summary>Answers ward officers proposed in the inbox as FAQ entries (faq_drafts, issue 14), waiting for a decision.</summary>
    public async Task<IReadOnlyList<FaqProposal>> ProposalsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<FaqProposal>(new CommandDefinition("""
            SELECT id, ward_id, question, answer, created_by, created_at FROM faq_drafts WHERE state = 'draft' ORDER BY id DESC LIMIT 100
            """, cancellationToken: ct))).ToList();
    }

    public async Task<FaqProposal?> FindProposalAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<FaqProposal>(new CommandDefinition(
            "SELECT id, ward_id, question, answer, created_by, created_at FROM faq_drafts WHERE id = @id AND state = 'draft'",
            new { id }, cancellationToken: ct));
    }

    /// <summary>Marks a proposal adopted or dismissed; false when it was decided already.</summary>
    public Task<bool> DecideProposalAsync(long id, bool adopted, string by, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) => await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE faq_drafts SET state = @state, decided_by = @by, decided_at = @at WHERE id = @id AND state = 'draft'",
            new { id, state = adopted ? "adopted" : "dismissed", by, at = clock.GetUtcNow() }, tx, cancellationToken: token)) == 1, ct);

    async Task<FaqChange> ChangeAsync(string id, int expectedVersion, string by, string action, string? note, bool allowDeleted, bool delete,
        Func<FaqRow, FaqEntry?> next, CancellationToken ct)
    {
        await EnsureSeededAsync(ct);
        return await writer.WriteAsync(async (conn, tx, token) =>
        {
            var row = await FindAsync(conn, tx, id, token);
            if (row is null || row.Deleted && !allowDeleted) return new FaqChange(FaqOutcome.NotFound);
            if (row.Version != expectedVersion) return new FaqChange(FaqOutcome.Stale, row);
            var entry = next(row);
            if (entry is null || !delete && !row.Deleted && FaqJson.Same(row.ToEntry(), entry)) return new FaqChange(FaqOutcome.Unchanged, row);
            // The version check again in the UPDATE: on PostgreSQL two transactions may both have read the old row.
            if (!await UpdateAsync(conn, tx, row, entry, by, clock.GetUtcNow(), action, note, delete, token))
                return new FaqChange(FaqOutcome.Stale, await FindAsync(conn, tx, id, token));
            await BumpAsync(conn, tx, token);
            return new FaqChange(FaqOutcome.Saved, await FindAsync(conn, tx, id, token));
        }, ct);
    }

    static Task<FaqRow?> FindAsync(DbConnection conn, DbTransaction? tx, string id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<FaqRow>(new CommandDefinition($"SELECT {Columns} FROM faq_entries WHERE id = @id",
            new { id }, tx, cancellationToken: ct));

    static async Task InsertAsync(DbConnection conn, DbTransaction tx, FaqEntry entry, int position, string by, DateTimeOffset at,
        string action, CancellationToken ct)
    {
        var p = Parameters(entry, by, at, 1, action, null);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO faq_entries (id, position, version, question, answer, related, keywords, questions, updated_by, updated_at)
            VALUES (@id, @position, 1, @question, @answer, @related, @keywords, @questions, @by, @at)
            """, new { p.id, position, p.question, p.answer, p.related, p.keywords, p.questions, by, at }, tx, cancellationToken: ct));
        await InsertVersionAsync(conn, tx, p, ct);
    }

    static async Task<bool> UpdateAsync(DbConnection conn, DbTransaction tx, FaqRow row, FaqEntry entry, string by, DateTimeOffset at,
        string action, string? note, bool delete, CancellationToken ct)
    {
        var p = Parameters(entry, by, at, row.Version + 1, action, note);
        var n = await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE faq_entries SET version = @version, question = @question, answer = @answer, related = @related,
                keywords = @keywords, questions = @questions, updated_by = @by, updated_at = @at,
                deleted_by = {(delete ? "@by" : "NULL")}, deleted_at = {(delete ? "@at" : "NULL")}
            WHERE id = @id AND version = @expected
            """, new { p.id, p.version, p.question, p.answer, p.related, p.keywords, p.questions, by, at, expected = row.Version },
            tx, cancellationToken: ct));
        if (n == 0) return false;
        await InsertVersionAsync(conn, tx, p, ct);
        return true;
    }

    static (string id, int version, string action, string question, string answer, string related, string keywords, string questions,
        string by, DateTimeOffset at, string? note) Parameters(FaqEntry e, string by, DateTimeOffset at, int version, string action, string? note) =>
        (e.Id, version, action, e.Question, e.Answer, FaqJson.Write(e.Related), FaqJson.Write(e.Keywords), FaqJson.Write(e.Questions), by, at, note);

    static Task InsertVersionAsync(DbConnection conn, DbTransaction tx,
        (string id, int version, string action, string question, string answer, string related, string keywords, string questions,
            string by, DateTimeOffset at, string? note) p, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO faq_versions (faq_id, version, action, question, answer, related, keywords, questions, changed_by, changed_at, note)
            VALUES (@id, @version, @action, @question, @answer, @related, @keywords, @questions, @by, @at, @note)
            """, new { p.id, p.version, p.action, p.question, p.answer, p.related, p.keywords, p.questions, p.by, p.at, p.note },
            tx, cancellationToken: ct));

    static Task BumpAsync(DbConnection conn, DbTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("UPDATE knowledge_revision SET revision = revision + 1 WHERE id = 1",
            transaction: tx, cancellationToken: ct));
}
