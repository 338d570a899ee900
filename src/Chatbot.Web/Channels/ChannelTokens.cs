namespace Chatbot.Web.Channels;

/// <summary>
/// Access tokens of ward channels (a Page token, an OA token, a bot token). A channel without credentials in
/// configuration (Channels:&lt;channelId&gt;:AccessToken) has none, and whatever it would publish goes to the sandbox.
/// </summary>
public interface IChannelTokens
{
    /// <summary>The token to call the platform with, or null when the channel is not connected (sandbox).</summary>
    Task<string?> GetAccessTokenAsync(WardChannel channel, CancellationToken ct);

    /// <summary>The platform rejected <paramref name="rejected"/> as invalid or expired (<see cref="Outbound.SendStatus.TokenRejected"/>):
    /// refresh once where the platform allows it (a registered <see cref="ITokenRefresher"/>), else flag the channel for
    /// re-authorisation. Returns the token to retry with, or null when there is none.</summary>
    Task<string?> RenewAfterRejectionAsync(WardChannel channel, string rejected, CancellationToken ct);
}

public sealed class ChannelSecrets
{
    public string AccessToken { get; init; } = "";
    public string RefreshToken { get; init; } = "";

    /// <summary>When the configured access token expires (Zalo, ~25 h after it was issued); unknown = until rejected.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }
}

/// <summary>The "Channels" section: secrets per ward channel id (Channels:sai-gon-zalo:RefreshToken...).</summary>
public sealed class ChannelSecretsOptions : Dictionary<string, ChannelSecrets>
{
    public const string Section = "Channels";
}

/// <summary>A platform whose access tokens expire and are renewed with a refresh token (Zalo OA: 25 h, single-use refresh
/// tokens, platforms.md §1.2). Channels of other platforms keep their configured token until it is rejected.</summary>
internal interface ITokenRefresher
{
    PlatformId Platform { get; }

    /// <summary>Refresh when less than this remains.</summary>
    TimeSpan RefreshAhead { get; }

    /// <summary>How long a refresh token works after it was issued (each refresh issues a new one). Only refreshes renew
    /// it, and the service refreshes only when it sends or publishes, so an idle channel can lose it: the health board
    /// warns ahead (<see cref="Connect.ChannelHealth"/>).</summary>
    TimeSpan RefreshTokenLifetime { get; }

    Task<TokenRefresh> RefreshAsync(string refreshToken, CancellationToken ct);
}

/// <summary>A new token pair, or why there is none.</summary>
public sealed record TokenRefresh(string? AccessToken, string? RefreshToken, TimeSpan? ExpiresIn, string? Error);
