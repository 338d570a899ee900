using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Staff;

public sealed record AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string Target { get; init; } = "";
    public string? WardId { get; init; }
    public string? Detail { get; init; }
}

/// <summary>Who did what to which post/user, and when (design.md: every change is audited).</summary>
public sealed class AuditLog(IDbConnectionFactory db, TimeProvider clock)
{
    public async Task WriteAsync(string actor, string action, string target, string? wardId, string? detail, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (at, actor, action, target, ward_id, detail) VALUES (@at, @actor, @action, @target, @wardId, @detail)",
            new { at = clock.GetUtcNow(), actor, action, target, wardId, detail }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? wardId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<AuditEntry>(new CommandDefinition(
            $"SELECT * FROM audit_log {(wardId is null ? "" : "WHERE ward_id = @wardId")} ORDER BY id DESC LIMIT @limit",
            new { wardId, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Entries matching every filter given (null = any), newest first. <paramref name="wardIds"/> limits to entries
    /// touching one of those wards (ward_id may list several, comma-separated); null = every entry.</summary>
    public async Task<IReadOnlyList<AuditEntry>> SearchAsync(string? actor, string? action, string? wardId, DateTimeOffset? from,
        DateTimeOffset? to, IReadOnlyList<string>? wardIds, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<AuditEntry>(new CommandDefinition($"""
            SELECT * FROM audit_log WHERE 1 = 1
              {(actor is null ? "" : "AND actor = @actor")}
              {(action is null ? "" : "AND action LIKE @actionPrefix")}
              {(from is null ? "" : "AND at >= @from")}
              {(to is null ? "" : "AND at < @to")}
            ORDER BY id DESC LIMIT 5000
            """, new { actor, actionPrefix = action + "%", from, to }, cancellationToken: ct));
        bool Touches(AuditEntry e, string w) => e.WardId is { } ids && ids.Split(',').Contains(w);
        return rows.Where(e => (wardId is null || Touches(e, wardId)) && (wardIds is null || wardIds.Any(w => Touches(e, w))))
            .Take(limit).ToList();
    }
}
