using System.Security.Cryptography;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Staff;

/// <summary>
/// Console sessions on the server. The cookie only names its session (a random id); every request checks that the
/// session is still open, so sign-out ends it for every copy of the cookie, and a password reset or a disabled account
/// (<see cref="StaffStore"/>) ends all of a user's sessions.
/// </summary>
public sealed class StaffSessions(IDbConnectionFactory db, TimeProvider clock)
{
    public async Task<string> StartAsync(long userId, CancellationToken ct)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_sessions (id, user_id, created_at) VALUES (@id, @userId, @now)",
            new { id, userId, now = clock.GetUtcNow() }, cancellationToken: ct));
        return id;
    }

    /// <summary>The session's user while the session is open (and the account not disabled); else null.</summary>
    public async Task<StaffUser?> FindUserAsync(string sessionId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StaffUser>(new CommandDefinition("""
            SELECT u.* FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
            WHERE s.id = @sessionId AND s.ended_at IS NULL AND NOT u.disabled
            """, new { sessionId }, cancellationToken: ct));
    }

    public async Task EndAsync(string sessionId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_sessions SET ended_at = @now WHERE id = @sessionId AND ended_at IS NULL",
            new { sessionId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }
}
