using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Channels.ZaloBot;

internal static class ZaloBotExtensions
{
    /// <summary>Zalo Bot Platform: the webhook (/webhooks/zalo-bot/{channelId}), updates, replies with numbered choices, the
    /// Bot API client, the webhook set-up command, and the profile the rest of the service reads.</summary>
    public static WebApplicationBuilder AddZaloBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(ZaloBotProfile.Value);
        services.AddOptions<ZaloBotOptions>().BindConfiguration(ZaloBotOptions.Section);
        services.AddSingleton<ZaloBotSecret>();
        services.AddSingleton<IPlatformEndpoints, ZaloBotWebhookEndpoints>();
        services.AddSingleton<IChannelEventHandler, ZaloBotEventHandler>();
        services.AddSingleton<ZaloBotChoices>();
        services.AddSingleton<IPersonalDataEraser>(sp => sp.GetRequiredService<ZaloBotChoices>());
        services.AddPlatformHttpClient<ZaloBotClient>();
        services.AddSingleton<IPlatformClient>(sp => sp.GetRequiredService<ZaloBotClient>());
        services.AddSingleton<IAdminCommand, ZaloBotWebhookCommand>();
        return builder;
    }
}
