using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Conversations;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels;

internal static class ChannelsExtensions
{
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FacebookOptions>().BindConfiguration(FacebookOptions.Section);
        services.AddOptions<ZaloOptions>().BindConfiguration(ZaloOptions.Section);
        services.AddOptions<ChannelSecretsOptions>().BindConfiguration(ChannelSecretsOptions.Section);
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section);
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);

        services.AddSingleton<TokenCipher>();
        services.AddSingleton<ChannelConfigHash>();
        services.AddSingleton<StoredChannelTokens>();
        services.AddSingleton<IChannelTokens>(sp => sp.GetRequiredService<StoredChannelTokens>());
        services.AddHttpClient<ZaloOAuthClient>(Timeout);

        services.AddSingleton<FacebookSignature>();
        services.AddSingleton<ZaloSignature>();
        services.AddSingleton(sp => InstanceIdentity.From(sp.GetRequiredService<IOptions<InboxOptions>>(), sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<InboxStore>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<ParkedEvents>();
        services.AddSingleton<ChannelConversations>();
        services.AddSingleton<OutboundLog>();
        services.AddSingleton<NativeChannelAdapter>();
        services.AddSingleton<ChannelTurns>();
        services.AddSingleton<ReplyDelivery>();
        // Ward news to subscribers goes out through the same outbound path as replies (replaces Broadcasting's default).
        services.AddSingleton<ChannelCitizenMessenger>();
        services.AddSingleton<Broadcasting.ICitizenMessenger>(sp => sp.GetRequiredService<ChannelCitizenMessenger>());
        // Plain clients: retries are decided on the platform's answer in ReplyDelivery (never blindly on a POST).
        services.AddHttpClient<FacebookClient>(Timeout);
        services.AddHttpClient<ZaloClient>(Timeout);
        services.AddHttpClient<MessengerProfile>(Timeout);
        services.AddSingleton<IPlatformClient>(sp => sp.GetRequiredService<FacebookClient>());
        services.AddSingleton<IPlatformClient>(sp => sp.GetRequiredService<ZaloClient>());
        services.AddSingleton<IChannelEventHandler, FacebookEventHandler>();
        services.AddSingleton<IChannelEventHandler, ZaloEventHandler>();
        services.AddSingleton<IPersonalDataEraser, InboxEraser>();
        services.AddHostedService<InboxWorker>();
        services.AddHostedService<ChannelTokenHashUpgrade>();
        return builder;
    }

    /// <summary>Upgrades config_hash values of older versions once, at start.</summary>
    sealed class ChannelTokenHashUpgrade(ChannelConfigHash hashes) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => hashes.UpgradeLegacyAsync(ct);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }

    static void Timeout(IServiceProvider sp, HttpClient http) =>
        http.Timeout = sp.GetRequiredService<IOptions<OutboundOptions>>().Value.Timeout;
}
