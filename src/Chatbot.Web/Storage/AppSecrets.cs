using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;

namespace Chatbot.Web.Storage;

/// <summary>
/// Random keys the app derives nothing else from, kept in app_secrets encrypted with the Data Protection key ring (so
/// they are exactly as secret as the tokens, and every instance reads the same key). The first instance that needs a
/// key creates it; racing instances keep the first one written. A key that no longer decrypts (key ring lost) is
/// replaced: what it protected — e.g. channel_tokens.config_hash — is then simply recomputed.
/// </summary>
internal sealed class AppSecrets(IDbConnectionFactory db, IDataProtectionProvider protection, ILogger<AppSecrets> logger)
{
    const string Purpose = "Chatbot.AppSecrets.v1";
    readonly Dictionary<string, byte[]> cache = new();
    readonly SemaphoreSlim gate = new(1, 1);

    public async Task<byte[]> KeyAsync(string name, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (cache.TryGetValue(name, out var cached)) return cached;
            var protector = protection.CreateProtector(Purpose, name);
            await using var conn = await db.OpenAsync(ct);
            var stored = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT value FROM app_secrets WHERE name = @name", new { name }, cancellationToken: ct));
            byte[]? key = null;
            if (stored is not null)
                try { key = Convert.FromBase64String(protector.Unprotect(stored)); }
                catch (CryptographicException e) { logger.LogError(e, "App secret {Name} no longer decrypts; a new one replaces it", name); }
            if (key is null)
            {
                var fresh = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                await conn.ExecuteAsync(new CommandDefinition(stored is null
                    ? "INSERT INTO app_secrets (name, value, created_at) VALUES (@name, @fresh, @now) ON CONFLICT (name) DO NOTHING"
                    : "UPDATE app_secrets SET value = @fresh, created_at = @now WHERE name = @name AND value = @stored",
                    new { name, fresh, stored, now = DateTimeOffset.UtcNow }, cancellationToken: ct));
                var winner = await conn.QuerySingleAsync<string>(new CommandDefinition(
                    "SELECT value FROM app_secrets WHERE name = @name", new { name }, cancellationToken: ct));
                key = Convert.FromBase64String(protector.Unprotect(winner));
            }
            cache[name] = key;
            return key;
        }
        finally
        {
            gate.Release();
        }
    }
}
