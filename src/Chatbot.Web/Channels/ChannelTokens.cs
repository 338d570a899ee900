using Chatbot.Web.Wards;

namespace Chatbot.Web.Channels;

/// <summary>
/// Access tokens of ward channels (a Facebook Page token, a Zalo OA token). A channel without credentials in
/// configuration (Channels:&lt;channelId&gt;:AccessToken) has none, and whatever it would publish goes to the sandbox.
/// </summary>
public interface IChannelTokens
{
    /// <summary>The token to call the platform with, or null when the channel is not connected (sandbox).</summary>
    Task<string?> GetAccessTokenAsync(WardChannel channel, CancellationToken ct);

    /// <summary>The platform rejected <paramref name="rejected"/> as invalid or expired (Zalo -216/-220, Graph 190):
    /// refresh once where the platform allows it (Zalo), else flag the channel for re-authorisation. Returns the
    /// token to retry with, or null when there is none.</summary>
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
