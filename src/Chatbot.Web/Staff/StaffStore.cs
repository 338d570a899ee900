using System.Security.Cryptography;
using System.Text;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Chatbot.Web.Staff;

public static class Roles
{
    public const string DistrictAdmin = "DistrictAdmin";
    public const string WardEditor = "WardEditor";
    public const string WardApprover = "WardApprover";
    public static readonly string[] All = [DistrictAdmin, WardEditor, WardApprover];
}

/// <summary>A staff user row. WardId is null for a DistrictAdmin (all wards).</summary>
public sealed record StaffUser
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public string? WardId { get; init; }
    public string PasswordHash { get; init; } = "";
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public bool Disabled { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public enum SignInResult { Ok, Unknown, WrongPassword, LockedOut }

/// <summary>
/// Staff users, passwords (ASP.NET Core's PasswordHasher) and personal API tokens (random, shown once, stored as
/// SHA-256: they are high-entropy, so a fast hash is right for them, unlike passwords). Used by the API's Bearer
/// handler and the admin commands; the console's cookie sign-in uses <see cref="VerifyPasswordAsync"/>.
/// </summary>
public sealed class StaffStore(IDbConnectionFactory db, TimeProvider clock)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);
    static readonly PasswordHasher<StaffUser> Hasher = new();

    public async Task<long> CreateUserAsync(string name, string role, string? wardId, string password, CancellationToken ct)
    {
        var user = new StaffUser { Name = name, Role = role, WardId = wardId };
        var hash = Hasher.HashPassword(user, password);
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO staff_users (name, role, ward_id, password_hash, created_at) VALUES (@name, @role, @wardId, @hash, @now)
            RETURNING id
            """, new { name, role, wardId, hash, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<StaffUser?> FindAsync(string name, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StaffUser>(new CommandDefinition(
            "SELECT * FROM staff_users WHERE name = @name", new { name }, cancellationToken: ct));
    }

    public async Task<StaffUser?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StaffUser>(new CommandDefinition(
            "SELECT * FROM staff_users WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<StaffUser>> ListAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<StaffUser>(new CommandDefinition("SELECT * FROM staff_users ORDER BY name", cancellationToken: ct))).ToList();
    }

    /// <summary>Checks a password and keeps the lock-out counters: <see cref="MaxFailedSignIns"/> failures lock the
    /// account for <see cref="LockOut"/>; a success resets the count.</summary>
    public async Task<(SignInResult Result, StaffUser? User)> VerifyPasswordAsync(string name, string password, CancellationToken ct)
    {
        var user = await FindAsync(name, ct);
        if (user is null || user.Disabled) return (SignInResult.Unknown, null);
        var now = clock.GetUtcNow();
        if (user.LockedUntil > now) return (SignInResult.LockedOut, user);
        await using var conn = await db.OpenAsync(ct);
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            var failed = user.FailedSignIns + 1;
            DateTimeOffset? lockedUntil = failed >= MaxFailedSignIns ? now + LockOut : null;
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE staff_users SET failed_sign_ins = @failed, locked_until = @lockedUntil WHERE id = @id",
                new { failed = lockedUntil is null ? failed : 0, lockedUntil, id = user.Id }, cancellationToken: ct));
            return (lockedUntil is null ? SignInResult.WrongPassword : SignInResult.LockedOut, user);
        }
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id", new { id = user.Id }, cancellationToken: ct));
        return (SignInResult.Ok, user);
    }

    public async Task SetPasswordAsync(long userId, string password, CancellationToken ct)
    {
        var hash = Hasher.HashPassword(new StaffUser(), password);
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_users SET password_hash = @hash, failed_sign_ins = 0, locked_until = NULL WHERE id = @userId",
            new { hash, userId }, cancellationToken: ct));
    }

    /// <summary>A new personal API token; only its hash is stored, so this is the one time it can be shown.</summary>
    public async Task<string> CreateTokenAsync(long userId, CancellationToken ct)
    {
        var token = "cb_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_tokens (user_id, token_hash, created_at) VALUES (@userId, @hash, @now)",
            new { userId, hash = Hash(token), now = clock.GetUtcNow() }, cancellationToken: ct));
        return token;
    }

    public async Task<StaffUser?> FindByTokenAsync(string token, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<StaffUser>(new CommandDefinition("""
            SELECT u.* FROM staff_tokens t JOIN staff_users u ON u.id = t.user_id
            WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND NOT u.disabled
            """, new { hash = Hash(token) }, cancellationToken: ct));
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
