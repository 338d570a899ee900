using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>An inbox event that will not be handled: unreadable at intake, or failed every attempt.</summary>
public sealed record ParkedEvent
{
    public long Id { get; init; }
    public string Platform { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Reason { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>What staff see of parked events (Quản trị → Kênh): when, which channel, why. Raw payloads stay in the table
/// (personal data, purged with the inbox).</summary>
internal sealed class ParkedEvents(IDbConnectionFactory db)
{
    /// <param name="accounts">Page / OA ids the reader may see; null = every event, also those naming no known account.</param>
    public async Task<IReadOnlyList<ParkedEvent>> LatestAsync(IReadOnlyCollection<string>? accounts, int limit, CancellationToken ct)
    {
        if (accounts is { Count: 0 }) return [];
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<ParkedEvent>(new CommandDefinition($"""
            SELECT id AS Id, platform AS Platform, account_id AS AccountId, kind AS Kind, last_error AS Reason, attempts AS Attempts,
                   received_at AS ReceivedAt
            FROM inbox_events WHERE state = 'parked' {(accounts is null ? "" : "AND " + db.Dialect.In("account_id", "@accounts"))}
            ORDER BY id DESC LIMIT @limit
            """, new { accounts = accounts?.ToArray(), limit }, cancellationToken: ct))).ToList();
    }
}
