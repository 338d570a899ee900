using System.Data.Common;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Wards;

/// <summary>
/// Teams and ward details in the database (community_teams, ward_details), seeded from dialogs/units/ on first use;
/// after that the database wins over the files. Every change bumps ward_registry.revision in the same transaction, and
/// every read compares that number first, so each instance sees a change at once, without a restart (as the knowledge
/// index does with knowledge_revision).
/// </summary>
public sealed class WardRegistry(IDbConnectionFactory db, IDbWriter writer, UnitDirectory seed, TimeProvider clock)
{
    /// <summary>Who wrote the rows seeded from the files.</summary>
    public const string SeedActor = "dialogs/units";

    volatile WardBook? cached;

    sealed class State { public long Revision { get; init; } public long Seeded { get; init; } }

    sealed class TeamRow
    {
        public string Code { get; init; } = "";
        public string WardId { get; init; } = "";
        public string Name { get; init; } = "";
        public long Active { get; init; }
    }

    sealed class DetailsRow
    {
        public string WardId { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string OfficeHours { get; init; } = "";
        public string? Address { get; init; }
        public string? Hotline { get; init; }
        public string UpdatedBy { get; init; } = "";
        public DateTimeOffset UpdatedAt { get; init; }
    }

    /// <summary>The teams and ward details in force now (one small query when nothing changed since the last call).</summary>
    public async Task<WardBook> CurrentAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var conn = await db.OpenAsync(ct);
            var state = await conn.QuerySingleAsync<State>(new CommandDefinition(
                "SELECT revision, seeded FROM ward_registry WHERE id = 1", cancellationToken: ct));
            if (state.Seeded == 0 && attempt == 0)
            {
                await conn.DisposeAsync();
                await SeedAsync(ct);
                continue;
            }
            if (cached is { } book && book.Revision == state.Revision) return book;
            // The revision was read first: a change made in between costs one more reload, never a stale book that
            // believes it is current.
            var teams = await conn.QueryAsync<TeamRow>(new CommandDefinition(
                "SELECT code, ward_id, name, active FROM community_teams ORDER BY ward_id, code", cancellationToken: ct));
            var details = await conn.QueryAsync<DetailsRow>(new CommandDefinition(
                "SELECT ward_id, display_name, office_hours, address, hotline, updated_by, updated_at FROM ward_details", cancellationToken: ct));
            var fresh = new WardBook(state.Revision,
                teams.Select(t => new Team(t.Code, t.Name, t.WardId) { Active = t.Active != 0 }).ToList(),
                details.Select(d => new WardDetails(d.WardId, d.DisplayName, Lines(d.OfficeHours), d.Address, d.Hotline, d.UpdatedBy, d.UpdatedAt)).ToList());
            cached = fresh;
            return fresh;
        }
    }

    static IReadOnlyList<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>First use of a database: the files' teams and ward details become rows. Claimed by flipping
    /// <c>seeded</c> in the same transaction, so two instances starting together seed once.</summary>
    async Task SeedAsync(CancellationToken ct) =>
        await writer.WriteAsync(async (conn, tx, token) =>
        {
            var claimed = await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE ward_registry SET seeded = 1, revision = revision + 1 WHERE id = 1 AND seeded = 0", transaction: tx, cancellationToken: token));
            if (claimed == 0) return 0;
            var at = clock.GetUtcNow();
            foreach (var t in seed.Teams)
                await InsertTeam(conn, tx, t, SeedActor, at, token);
            foreach (var u in seed.Units)
                await UpsertDetails(conn, tx, new WardDetails(u.Id, u.Name, u.OfficeHourLines, u.Address, u.Hotline, SeedActor, at), token);
            return claimed;
        }, ct);

    /// <summary>Adds a team with the next free code of its ward (<see cref="TeamCodes"/>); returns the team. Two adds at
    /// once on PostgreSQL may pick the same code: the loser's insert violates the key and it picks again.</summary>
    public async Task<Team> AddTeamAsync(Unit ward, string name, string actor, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await TryAddTeamAsync(ward, name, actor, ct); }
            catch (Exception e) when (attempt < 5 && db.Dialect.IsUniqueViolation(e)) { }
        }
    }

    Task<Team> TryAddTeamAsync(Unit ward, string name, string actor, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var rows = (await conn.QueryAsync<TeamRow>(new CommandDefinition(
                "SELECT code, ward_id, name, active FROM community_teams", transaction: tx, cancellationToken: token))).ToList();
            var taken = rows.Select(r => r.Code).Concat(seed.Teams.Select(t => t.Code)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var code = TeamCodes.Next(ward, rows.Where(r => r.WardId == ward.Id).Select(r => new Team(r.Code, r.Name, r.WardId)), taken);
            var team = new Team(code, name, ward.Id);
            await InsertTeam(conn, tx, team, actor, clock.GetUtcNow(), token);
            await Bump(conn, tx, token);
            return team;
        }, ct);

    /// <summary>Renames and/or (de)activates a team; false when no team has that code.</summary>
    public Task<bool> UpdateTeamAsync(string code, string? name, bool? active, string actor, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var n = await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE community_teams SET name = COALESCE(@name, name), active = COALESCE(@active, active),
                       updated_by = @actor, updated_at = @at
                WHERE code = @code
                """, new { code, name, active = active is null ? (int?)null : active.Value ? 1 : 0, actor, at = clock.GetUtcNow() },
                tx, cancellationToken: token));
            if (n == 1) await Bump(conn, tx, token);
            return n == 1;
        }, ct);

    public Task SaveDetailsAsync(WardDetails details, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            await UpsertDetails(conn, tx, details, token);
            await Bump(conn, tx, token);
            return 0;
        }, ct);

    /// <summary>An import, all or nothing: teams by code (added or updated), ward details by ward.</summary>
    public Task ImportAsync(IReadOnlyList<Team> teams, IReadOnlyList<WardDetails> details, string actor, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            var at = clock.GetUtcNow();
            foreach (var t in teams)
            {
                var n = await conn.ExecuteAsync(new CommandDefinition("""
                    UPDATE community_teams SET ward_id = @WardId, name = @Name, active = @active, updated_by = @actor, updated_at = @at
                    WHERE code = @Code
                    """, new { t.Code, t.WardId, t.Name, active = t.Active ? 1 : 0, actor, at }, tx, cancellationToken: token));
                if (n == 0) await InsertTeam(conn, tx, t, actor, at, token);
            }
            foreach (var d in details) await UpsertDetails(conn, tx, d with { UpdatedBy = actor, UpdatedAt = at }, token);
            await Bump(conn, tx, token);
            return 0;
        }, ct);

    static Task InsertTeam(DbConnection conn, DbTransaction tx, Team t, string actor, DateTimeOffset at, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO community_teams (code, ward_id, name, active, updated_by, updated_at) VALUES (@Code, @WardId, @Name, @active, @actor, @at)
            """, new { t.Code, t.WardId, t.Name, active = t.Active ? 1 : 0, actor, at }, tx, cancellationToken: ct));

    static Task UpsertDetails(DbConnection conn, DbTransaction tx, WardDetails d, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO ward_details (ward_id, display_name, office_hours, address, hotline, updated_by, updated_at)
            VALUES (@WardId, @DisplayName, @hours, @Address, @Hotline, @UpdatedBy, @UpdatedAt)
            ON CONFLICT (ward_id) DO UPDATE SET display_name = excluded.display_name, office_hours = excluded.office_hours,
                address = excluded.address, hotline = excluded.hotline, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """, new { d.WardId, d.DisplayName, hours = string.Join('\n', d.OfficeHourLines), d.Address, d.Hotline, d.UpdatedBy, d.UpdatedAt },
            tx, cancellationToken: ct));

    static Task Bump(DbConnection conn, DbTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("UPDATE ward_registry SET revision = revision + 1 WHERE id = 1",
            transaction: tx, cancellationToken: ct));
}
