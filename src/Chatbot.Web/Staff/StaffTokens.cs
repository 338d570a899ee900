using System.Security.Cryptography;
using System.Text;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Staff;

public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>How long a new personal API token works (Staff:TokenLifetime).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromDays(90);
}

/// <summary>A personal API token as the console lists it (never the token itself: only its hash is stored).</summary>
public sealed record StaffToken
{
    public long Id { get; init; }
    public long UserId { get; init; }
    public string UserName { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>
/// Personal API tokens: random, shown once, stored as SHA-256 (they are high-entropy, so a fast hash is right for them,
/// unlike passwords). A token works until it expires (<see cref="StaffOptions.TokenLifetime"/>, 90 days), is revoked
/// (console, <c>admin revoke-token</c>), or its user's password is reset or the account disabled (<see cref="StaffStore"/>).
/// </summary>
public sealed class StaffTokens(IDbConnectionFactory db, IOptions<StaffOptions> options, TimeProvider clock)
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)> CreateAsync(long userId, CancellationToken ct)
    {
        var token = "cb_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_tokens (user_id, token_hash, created_at, expires_at) VALUES (@userId, @hash, @now, @expires)",
            new { userId, hash = Hash(token), now, expires }, cancellationToken: ct));
        return (token, expires);
    }

    /// <summary>The token's user, when the token is known, not revoked, not expired and the account is not disabled.</summary>
    public async Task<StaffUser?> FindUserAsync(string token, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StaffUser>(new CommandDefinition("""
            SELECT u.* FROM staff_tokens t JOIN staff_users u ON u.id = t.user_id
            WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND t.expires_at > @now AND NOT u.disabled
            """, new { hash = Hash(token), now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>Tokens of one user (null: everyone's), newest first.</summary>
    public async Task<IReadOnlyList<StaffToken>> ListAsync(long? userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<StaffToken>(new CommandDefinition($"""
            SELECT t.id, t.user_id, u.name AS user_name, t.created_at, t.expires_at, t.revoked_at
            FROM staff_tokens t JOIN staff_users u ON u.id = t.user_id
            {(userId is null ? "" : "WHERE t.user_id = @userId")} ORDER BY t.id DESC LIMIT 500
            """, new { userId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Revokes one token; <paramref name="ownerId"/> (when given) must own it. False when nothing was revoked.</summary>
    public async Task<bool> RevokeAsync(long tokenId, long? ownerId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE staff_tokens SET revoked_at = @now
            WHERE id = @tokenId AND revoked_at IS NULL {(ownerId is null ? "" : "AND user_id = @ownerId")}
            """, new { tokenId, ownerId, now = clock.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Revokes every live token of a user; returns how many.</summary>
    public async Task<int> RevokeAllAsync(long userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_tokens SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
