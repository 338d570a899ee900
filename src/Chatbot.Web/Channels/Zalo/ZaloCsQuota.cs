using System.Data.Common;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>
/// Zalo's free allowance for CS messages (platforms.md §1.5 [S]): up to 8 within 48 h of the citizen's last message, the
/// count restarting when they write again; after that a message is paid (up to 7 days, then -230). The Zalo profile's
/// push rule tells a subscriber ward news only while it is free; bot replies count toward the 8 as well. Kept in
/// zalo_cs_quota per Zalo user, subscribed or not.
/// </summary>
internal sealed class ZaloCsQuota(IDbConnectionFactory db, IDbWriter writer) : ISendAllowance, ICitizenWrote, IPersonalDataEraser
{
    public static readonly TimeSpan FreeWindow = TimeSpan.FromHours(48);
    public const int FreeMessages = 8;

    public PlatformId Platform => ZaloProfile.Id;

    /// <summary>The citizen wrote at <paramref name="at"/>: the count restarts (an event handled late never moves it back).</summary>
    /// <remarks>A receipt of the turn, like the subscriptions' touch: it runs on every Zalo message and rides on the turn's next write.</remarks>
    public Task WroteAsync(PlatformId platform, string userId, DateTimeOffset at, CancellationToken ct) =>
        platform != Platform ? Task.CompletedTask : TurnWrites.ReceiptAsync(writer, new HeldStatement("""
            INSERT INTO zalo_cs_quota (user_id, last_interaction_at, sent_since) VALUES (@userId, @at, 0)
            ON CONFLICT (user_id) DO UPDATE SET last_interaction_at = excluded.last_interaction_at, sent_since = 0
            WHERE zalo_cs_quota.last_interaction_at IS NULL OR zalo_cs_quota.last_interaction_at < excluded.last_interaction_at
            """, new { userId, at }), ct);

    /// <summary>A CS message reached the citizen (called with the outbound_log row, in its transaction).</summary>
    public Task CountSentAsync(DbConnection conn, DbTransaction tx, string userId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO zalo_cs_quota (user_id, last_interaction_at, sent_since) VALUES (@userId, NULL, 1)
            ON CONFLICT (user_id) DO UPDATE SET sent_since = zalo_cs_quota.sent_since + 1
            """, new { userId }, tx, cancellationToken: ct));

    public async Task<IReadOnlyDictionary<string, SendCount>> ReadAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return new Dictionary<string, SendCount>();
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            SELECT user_id AS UserId, last_interaction_at AS Since, sent_since AS Sent FROM zalo_cs_quota
            WHERE {db.Dialect.In("user_id", "@userIds")}
            """, new { userIds = userIds.ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.UserId, r => new SendCount(r.Since, (int)r.Sent));
    }

    sealed record Row
    {
        public string UserId { get; init; } = "";
        public DateTimeOffset? Since { get; init; }
        public long Sent { get; init; }
    }

    public async Task EraseAsync(string channel, string userId, CancellationToken ct)
    {
        if (channel != Platform.Value) return;
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM zalo_cs_quota WHERE user_id = @userId", new { userId }, cancellationToken: ct));
    }
}
