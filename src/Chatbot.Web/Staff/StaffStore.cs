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

/// <summary>WrongPassword and LockedNow were checked (LockedNow: that failure started the lock); LockedOut was refused
/// without checking the password.</summary>
public enum SignInResult { Ok, Unknown, WrongPassword, LockedNow, LockedOut }

/// <summary>
/// Staff users and their passwords (ASP.NET Core's PasswordHasher), with the console's lock-out. A password reset or
/// disabling an account also ends the user's console sessions and revokes their API tokens, in the same transaction.
/// </summary>
public sealed class StaffStore(IDbConnectionFactory db, TimeProvider clock, IPasswordHasher<StaffUser> hasher)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);
    // Checked against for an unknown name, so that answer takes as long as a wrong password for a real one; made on the
    // first such answer, not at start-up (a hash costs as much CPU as a sign-in).
    readonly Lazy<string> dummyHash = new(() => hasher.HashPassword(new StaffUser(), Convert.ToHexString(Guid.NewGuid().ToByteArray())));

    public async Task<long> CreateUserAsync(string name, string role, string? wardId, string password, CancellationToken ct)
    {
        var user = new StaffUser { Name = name, Role = role, WardId = wardId };
        var hash = hasher.HashPassword(user, password);
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

    /// <summary>
    /// Checks a password under the lock-out: <see cref="MaxFailedSignIns"/> failures lock the account for
    /// <see cref="LockOut"/>; a success resets the count. The attempt is counted <em>before</em> the password is checked,
    /// in one UPDATE that also refuses a locked account, so guesses sent in parallel each take a numbered attempt and no
    /// more than the limit are ever checked (reading the count and writing it back separately let 26 of 40 through).
    /// </summary>
    public async Task<(SignInResult Result, StaffUser? User)> VerifyPasswordAsync(string name, string password, CancellationToken ct)
    {
        var user = await FindAsync(name, ct);
        if (user is null || user.Disabled)
        {
            hasher.VerifyHashedPassword(new StaffUser(), dummyHash.Value, password);
            return (SignInResult.Unknown, null);
        }
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        // An expired lock starts a fresh count of MaxFailedSignIns attempts.
        var attempt = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition("""
            UPDATE staff_users
            SET failed_sign_ins = CASE WHEN locked_until IS NULL THEN failed_sign_ins + 1 ELSE 1 END,
                locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_sign_ins + 1 ELSE 1 END) >= @max THEN @until ELSE NULL END
            WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
            RETURNING failed_sign_ins
            """, new { id = user.Id, now, until = now + LockOut, max = MaxFailedSignIns }, cancellationToken: ct));
        if (attempt is null) return (SignInResult.LockedOut, user);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
            return (attempt >= MaxFailedSignIns ? SignInResult.LockedNow : SignInResult.WrongPassword, user);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id", new { id = user.Id }, cancellationToken: ct));
        return (SignInResult.Ok, user);
    }

    /// <summary>New password; unlocks the account, ends its console sessions and revokes its API tokens.</summary>
    public async Task SetPasswordAsync(long userId, string password, CancellationToken ct)
    {
        var hash = hasher.HashPassword(new StaffUser(), password);
        await ChangeAndEndAccessAsync(userId, "UPDATE staff_users SET password_hash = @hash, failed_sign_ins = 0, locked_until = NULL WHERE id = @userId",
            new { hash, userId }, ct);
    }

    /// <summary>Disables (or enables again) an account; disabling ends its sessions and revokes its API tokens.</summary>
    public async Task SetDisabledAsync(long userId, bool disabled, CancellationToken ct)
    {
        const string sql = "UPDATE staff_users SET disabled = @disabled WHERE id = @userId";
        if (!disabled)
        {
            await using var conn = await db.OpenAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(sql, new { disabled, userId }, cancellationToken: ct));
            return;
        }
        await ChangeAndEndAccessAsync(userId, sql, new { disabled, userId }, ct);
    }

    async Task ChangeAndEndAccessAsync(long userId, string sql, object args, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_sessions SET ended_at = @now WHERE user_id = @userId AND ended_at IS NULL", new { userId, now }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE staff_tokens SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL", new { userId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
