using Chatbot.Web.Channels.Connect;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Channels.Publishing;
using Chatbot.Web.Content;
using Chatbot.Web.Storage;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels;

/// <summary>A platform's HTTP routes (its webhook), mapped with the rest of the channels by <see cref="ChannelsEndpoints.MapChannels"/>.</summary>
internal interface IPlatformEndpoints
{
    void Map(IEndpointRouteBuilder routes);
}

/// <summary>A platform's admin command: <c>dotnet run --project src/Chatbot.Web -- admin &lt;verb&gt; …</c>.</summary>
internal interface IAdminCommand
{
    string Verb { get; }
    Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct);
}

internal static class ChannelsExtensions
{
    /// <summary>What every platform shares: the ward channels, the durable inbox and its worker, the outbound path (replies
    /// and notifications), channel tokens, publishing. The platforms themselves are added by their own AddX().</summary>
    public static WebApplicationBuilder AddChannels(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChannelSecretsOptions>().BindConfiguration(ChannelSecretsOptions.Section);
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section);
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.Section);
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.Section);

        services.AddSingleton<Platforms>();
        services.AddContentPart(sp => new ChannelDirectoryLoader(sp.GetServices<PlatformProfile>()));
        services.AddSingleton<TokenCipher>();
        services.AddSingleton<ChannelConfigHash>();
        services.AddSingleton<StoredChannelTokens>();
        services.AddSingleton<IChannelTokens>(sp => sp.GetRequiredService<StoredChannelTokens>());

        services.AddSingleton(sp => InstanceIdentity.From(sp.GetRequiredService<IOptions<InboxOptions>>(), sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<InboxStore>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<ParkedEvents>();
        services.AddSingleton<ChannelConversations>();
        services.AddSingleton<CitizenActivity>();
        services.AddSingleton<OutboundLog>();
        services.AddSingleton<NativeChannelAdapter>();
        services.AddSingleton<ChannelTurns>();
        services.AddSingleton<ReplyDelivery>();
        services.AddSingleton<CommentReplies>();
        services.AddSingleton<IPostActivity>(sp => sp.GetRequiredService<CommentReplies>());
        services.AddSingleton<CitizenMessenger>();
        services.AddSingleton<ICitizenMessenger>(sp => sp.GetRequiredService<CitizenMessenger>());
        services.AddSingleton<IPersonalDataEraser, InboxEraser>();
        services.AddHostedService<InboxWorker>();
        services.AddHostedService<ChannelTokenHashUpgrade>();
        services.AddChannelConnect();
        return builder;
    }

    /// <summary>A platform client: plain, with the outbound timeout. Retries are decided on the platform's answer in
    /// <see cref="ReplyDelivery"/> (never blindly on a POST).</summary>
    public static IHttpClientBuilder AddPlatformHttpClient<TClient>(this IServiceCollection services) where TClient : class =>
        services.AddHttpClient<TClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<OutboundOptions>>().Value.Timeout);

    /// <summary>Runs a platform's admin command (messenger-profile…) when <paramref name="args"/> names one; null otherwise.</summary>
    public static async Task<int?> TryRunAdminCommandAsync(this WebApplication app, string[] args)
    {
        if (args is not ["admin", var verb, ..]) return null;
        if (app.Services.GetServices<IAdminCommand>().FirstOrDefault(c => c.Verb == verb) is not { } command) return null;
        return await command.RunAsync(app.Services, args[2..], CancellationToken.None);
    }

    /// <summary>Upgrades config_hash values of older versions once, at start.</summary>
    sealed class ChannelTokenHashUpgrade(ChannelConfigHash hashes) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => hashes.UpgradeLegacyAsync(ct);
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
