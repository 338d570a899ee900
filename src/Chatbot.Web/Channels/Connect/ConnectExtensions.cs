using Chatbot.Web.Hosting;

namespace Chatbot.Web.Channels.Connect;

internal static class ConnectExtensions
{
    /// <summary>Connecting channels from the console: OAuth states, the connections overlay (and its refresher on every
    /// instance), health, the daily check. The platforms register their <see cref="IChannelConnector"/> in their AddX().</summary>
    public static IServiceCollection AddChannelConnect(this IServiceCollection services)
    {
        services.AddOptions<ConnectOptions>().BindConfiguration(ConnectOptions.Section);
        services.AddSingleton<OAuthStates>();
        services.AddSingleton<ChannelConnections>();
        services.AddSingleton<ChannelHealth>();
        services.AddSingleton<ChannelWarnings>();
        services.AddTransient<ConnectFlow>();
        services.AddTransient<ChannelHealthJob>();
        services.AddRecurringJob<ChannelHealthJob>(ChannelHealthJob.RecurringId, j => j.RunAsync(CancellationToken.None), ChannelHealthJob.Cron);
        services.AddHostedService<ConnectionsRefresher>();
        return services;
    }

    /// <summary>GET /api/channels.</summary>
    public static IEndpointRouteBuilder MapChannelConnect(this IEndpointRouteBuilder routes)
    {
        routes.MapChannelsApi();
        return routes;
    }
}
