using Chatbot.Web.Channels.Outbound;

namespace Chatbot.Web.Channels;

internal static class ChannelsEndpoints
{
    /// <summary>What channels without credentials would have sent. Development only until the staff console shows it.</summary>
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/channels/sandbox-replies", SandboxReplies).WithTags("Channels");
        return routes;
    }

    static async Task<IResult> SandboxReplies(string? channel, int? limit, OutboundLog log, IHostEnvironment env, CancellationToken ct)
    {
        if (!env.IsDevelopment()) return TypedResults.NotFound();
        return TypedResults.Ok(await log.ListSandboxAsync(channel, Math.Clamp(limit ?? 50, 1, 500), ct));
    }
}
