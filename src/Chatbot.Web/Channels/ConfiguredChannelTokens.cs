using Chatbot.Web.Wards;

namespace Chatbot.Web.Channels;

/// <summary>Tokens straight from configuration (Channels:&lt;channelId&gt;:AccessToken), with no refresh.</summary>
internal sealed class ConfiguredChannelTokens(IConfiguration configuration) : IChannelTokens
{
    public Task<string?> GetAccessTokenAsync(WardChannel channel, CancellationToken ct)
    {
        var token = configuration.GetSection($"Channels:{channel.Id}").Get<ChannelSecrets>()?.AccessToken;
        return Task.FromResult(string.IsNullOrWhiteSpace(token) ? null : token);
    }

    public Task<string?> RenewAfterRejectionAsync(WardChannel channel, string rejected, CancellationToken ct) =>
        Task.FromResult<string?>(null);
}
