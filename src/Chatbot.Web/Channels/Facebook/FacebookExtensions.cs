using Chatbot.Web.Channels.Connect;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Channels.Publishing;

namespace Chatbot.Web.Channels.Facebook;

internal static class FacebookExtensions
{
    /// <summary>Messenger and Facebook Pages: the webhook (/webhooks/facebook), events, replies, the Send API client, Page
    /// publishing, Page comments' private replies, the Messenger profile command, and the profile the rest of the service reads.</summary>
    public static WebApplicationBuilder AddFacebook(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(FacebookProfile.Value);
        services.AddOptions<FacebookOptions>().BindConfiguration(FacebookOptions.Section);
        services.AddSingleton<FacebookSignature>();
        services.AddSingleton<IPlatformEndpoints, FacebookWebhookEndpoints>();
        services.AddSingleton<FacebookComments>();
        services.AddSingleton<IChannelEventHandler, FacebookEventHandler>();
        services.AddSingleton<GraphVersionCheck>();
        services.AddTransient<GraphVersionCheck.Handler>();
        services.AddPlatformHttpClient<FacebookClient>().AddHttpMessageHandler<GraphVersionCheck.Handler>();
        services.AddSingleton<IPlatformClient>(sp => sp.GetRequiredService<FacebookClient>());
        services.AddPagePublisher<FacebookPagePublisher>(FacebookPagePublisher.ClientName, FacebookPagePublisher.IsTransient)
            .AddHttpClient(FacebookPagePublisher.ClientName).AddHttpMessageHandler<GraphVersionCheck.Handler>();
        services.AddPlatformHttpClient<MessengerProfile>().AddHttpMessageHandler<GraphVersionCheck.Handler>();
        services.AddSingleton<IAdminCommand, MessengerProfileCommand>();
        services.AddPlatformHttpClient<FacebookConnector>().AddHttpMessageHandler<GraphVersionCheck.Handler>();
        services.AddTransient<IChannelConnector>(sp => sp.GetRequiredService<FacebookConnector>());
        return builder;
    }
}
