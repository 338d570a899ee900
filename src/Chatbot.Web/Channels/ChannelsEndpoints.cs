using Chatbot.Web.Channels.Connect;
using Chatbot.Web.Channels.Outbound;

namespace Chatbot.Web.Channels;

internal static class ChannelsEndpoints
{
    /// <summary>Every registered platform's webhook, and what channels without credentials would have sent (Development only
    /// until the staff console shows it).</summary>
    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder routes)
    {
        foreach (var platform in routes.ServiceProvider.GetServices<IPlatformEndpoints>()) platform.Map(routes);
        routes.MapGet("/api/channels/sandbox-replies", SandboxReplies).WithTags("Channels");
        routes.MapChannelConnect(); // GET /api/channels, the daily health check
        return routes;
    }

    static async Task<IResult> SandboxReplies(string? channel, int? limit, OutboundLog log, IHostEnvironment env, CancellationToken ct)
    {
        if (!env.IsDevelopment()) return TypedResults.NotFound();
        return TypedResults.Ok(await log.ListSandboxAsync(channel, Math.Clamp(limit ?? 50, 1, 500), ct));
    }
}
