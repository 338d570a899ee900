using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// The webhook secret of a bot channel (X-Bot-Api-Secret-Token, set with setWebhook's secret_token, 8–256 characters):
/// derived from the channel's bot token (HMAC-SHA256 of the channel id), so it needs no setting of its own, changes when
/// the token is replaced, and is never stored. No token configured means nothing verifies.
/// </summary>
internal sealed class ZaloBotSecret(IOptionsMonitor<ChannelSecretsOptions> secrets)
{
    public const string Header = "X-Bot-Api-Secret-Token";

    public static string Derive(string botToken, string channelId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(botToken), Encoding.UTF8.GetBytes("zalo-bot-webhook:" + channelId)));

    public string? For(string channelId) =>
        secrets.CurrentValue.GetValueOrDefault(channelId)?.AccessToken is { Length: > 0 } token ? Derive(token, channelId) : null;

    /// <summary>Compared in constant time (for equal lengths; a length says nothing about a random secret).</summary>
    public bool Matches(string channelId, string? given) =>
        For(channelId) is { } expected && given is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
