using Chatbot.Web.Channels.Connect;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Channels.Publishing;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Channels.Zalo;

internal static class ZaloExtensions
{
    /// <summary>Zalo Official Accounts: the webhook (/webhooks/zalo), events, CS replies, the free CS allowance, OAuth token
    /// refresh, article publishing, and the profile the rest of the service reads.</summary>
    public static WebApplicationBuilder AddZalo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(ZaloProfile.Value);
        services.AddOptions<ZaloOptions>().BindConfiguration(ZaloOptions.Section);
        services.AddOptions<ZaloArticleOptions>().BindConfiguration(ZaloArticleOptions.Section);
        services.AddSingleton<ZaloSignature>();
        services.AddSingleton<IPlatformEndpoints, ZaloWebhookEndpoints>();
        services.AddSingleton<IChannelEventHandler, ZaloEventHandler>();
        services.AddPlatformHttpClient<ZaloClient>();
        services.AddSingleton<IPlatformClient>(sp => sp.GetRequiredService<ZaloClient>());
        services.AddPlatformHttpClient<ZaloOAuthClient>();
        services.AddSingleton<ITokenRefresher>(sp => sp.GetRequiredService<ZaloOAuthClient>());
        services.AddPlatformHttpClient<ZaloConnector>();
        services.AddTransient<IChannelConnector>(sp => sp.GetRequiredService<ZaloConnector>());
        services.AddSingleton<ZaloCsQuota>();
        services.AddSingleton<ISendAllowance>(sp => sp.GetRequiredService<ZaloCsQuota>());
        services.AddSingleton<ICitizenWrote>(sp => sp.GetRequiredService<ZaloCsQuota>());
        services.AddSingleton<IPersonalDataEraser>(sp => sp.GetRequiredService<ZaloCsQuota>());
        services.AddPagePublisher<ZaloArticlePublisher>(ZaloArticlePublisher.ClientName, ZaloArticlePublisher.IsTransient);
        return builder;
    }
}
