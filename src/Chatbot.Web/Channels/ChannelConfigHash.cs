using System.Security.Cryptography;
using System.Text;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels;

/// <summary>
/// channel_tokens.config_hash, which tells whether a channel's configured tokens changed: an HMAC-SHA256 keyed by an app
/// secret under the key ring (<see cref="AppSecrets"/>), so the table holds nothing that confirms a guessed token. The
/// value names its key ("h1:" + 8 hex of the key's SHA-256 + ":" + the HMAC): a hash made with a key that is gone (lost
/// key ring) is recognised as such instead of as a changed configuration. Older versions stored a plain SHA-256.
/// </summary>
internal sealed class ChannelConfigHash(IDbConnectionFactory db, AppSecrets appSecrets, IOptionsMonitor<ChannelSecretsOptions> secrets)
{
    public const string Prefix = "h1:";

    public async Task<string> OfAsync(ChannelSecrets s, CancellationToken ct)
    {
        var key = await appSecrets.KeyAsync("channel-config-hash", ct);
        return $"{Prefix}{Convert.ToHexStringLower(SHA256.HashData(key))[..8]}:{Convert.ToHexStringLower(HMACSHA256.HashData(key, Configured(s)))}";
    }

    public static bool IsFromAnotherKey(string stored, string current) =>
        stored.StartsWith(Prefix, StringComparison.Ordinal) && stored.Length > 12 && current.Length > 12 && stored[..12] != current[..12];

    /// <summary>What versions before the HMAC stored: an unsalted SHA-256 of the same text.</summary>
    public static string Legacy(ChannelSecrets s) => Convert.ToHexString(SHA256.HashData(Configured(s)));

    /// <summary>At start: no row keeps an older version's plain SHA-256. A row whose configuration is still set gets the
    /// HMAC of it (when it matches); any other loses the hash, so a configuration set again later replaces the row.</summary>
    public async Task UpgradeLegacyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(string ChannelId, string ConfigHash)>(new CommandDefinition(
            "SELECT channel_id, config_hash FROM channel_tokens WHERE config_hash <> '' AND config_hash NOT LIKE 'h1:%'", cancellationToken: ct));
        foreach (var (channelId, old) in rows)
        {
            var configured = secrets.CurrentValue.GetValueOrDefault(channelId);
            var hash = configured is not null && Legacy(configured) == old ? await OfAsync(configured, ct) : "";
            await conn.ExecuteAsync(new CommandDefinition("UPDATE channel_tokens SET config_hash = @hash WHERE channel_id = @channelId AND config_hash = @old",
                new { hash, channelId, old }, cancellationToken: ct));
        }
    }

    static byte[] Configured(ChannelSecrets s) => Encoding.UTF8.GetBytes($"{s.AccessToken}\n{s.RefreshToken}\n{s.AccessTokenExpiresAt:O}");
}
