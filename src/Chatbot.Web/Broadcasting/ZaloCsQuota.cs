using System.Data.Common;
using Dapper;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// Zalo's free allowance for CS messages (platforms.md §1.5 [S]): up to 8 within 48 h of the citizen's last message, the
/// count restarting when they write again; after that a message is paid (up to 7 days, then -230). The fan-out tells a
/// Zalo subscriber only while it is free; bot replies count toward the 8 as well. Kept in zalo_cs_quota per Zalo user.
/// </summary>
public static class ZaloCsQuota
{
    public static readonly TimeSpan FreeWindow = TimeSpan.FromHours(48);
    public const int FreeMessages = 8;

    /// <summary>Skip reasons, shown to staff with the post's notification counts.</summary>
    public const string OutsideWindow = "Zalo: ngoài 48 giờ";
    public const string FreeMessagesUsed = "Zalo: hết 8 tin miễn phí";

    /// <summary>The citizen wrote at <paramref name="at"/>: the count restarts (an event handled late never moves it back).</summary>
    public static Task TouchAsync(DbConnection conn, DbTransaction? tx, string userId, DateTimeOffset at, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO zalo_cs_quota (user_id, last_interaction_at, sent_since) VALUES (@userId, @at, 0)
            ON CONFLICT (user_id) DO UPDATE SET last_interaction_at = excluded.last_interaction_at, sent_since = 0
            WHERE zalo_cs_quota.last_interaction_at IS NULL OR zalo_cs_quota.last_interaction_at < excluded.last_interaction_at
            """, new { userId, at }, tx, cancellationToken: ct));

    /// <summary>A CS message reached the citizen (called with the outbound_log row, in its transaction).</summary>
    public static Task CountSentAsync(DbConnection conn, DbTransaction? tx, string userId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO zalo_cs_quota (user_id, last_interaction_at, sent_since) VALUES (@userId, NULL, 1)
            ON CONFLICT (user_id) DO UPDATE SET sent_since = zalo_cs_quota.sent_since + 1
            """, new { userId }, tx, cancellationToken: ct));
}
