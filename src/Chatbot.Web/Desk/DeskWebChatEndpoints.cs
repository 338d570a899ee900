using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Chatbot.Web.Desk;

public sealed record WebChatStaffReply(long Id, string Text);

/// <param name="WithPerson">A ward officer owns the conversation now (the page keeps it: no «menu» on return).</param>
public sealed record WebChatStaffReplies(bool WithPerson, IReadOnlyList<WebChatStaffReply> Replies);

/// <summary>
/// What the open web chat page fetches every few seconds: the staff replies (and the closing notice) of its
/// conversation after the last one it showed, so an officer's answer appears without the citizen writing again, and a
/// returning visitor with the same conversation sees what was answered meanwhile. The conversation id is the same
/// random capability /api/webchat hands out.
/// </summary>
internal static class DeskWebChatEndpoints
{
    public const string RateLimitPolicy = "webchat-poll";

    public static WebApplicationBuilder AddDeskWebChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o => o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) })));
        return builder;
    }

    public static IEndpointRouteBuilder MapDeskWebChat(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/webchat/{conversationId}/staff", Poll).WithTags("Bot").RequireRateLimiting(RateLimitPolicy);
        return routes;
    }

    static async Task<IResult> Poll(string conversationId, long? after, DeskThreads threads, CancellationToken ct)
    {
        if (conversationId.Length != 32 || !conversationId.All(char.IsAsciiHexDigitLower))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["conversationId"] = ["Mã cuộc trò chuyện không hợp lệ."] },
                title: "Yêu cầu không hợp lệ");
        var id = "web:" + conversationId;
        var replies = await threads.StaffRepliesAsync("webchat", id, after ?? 0, ct);
        var live = await threads.LiveAsync("webchat", id, ct) is not null;
        return TypedResults.Ok(new WebChatStaffReplies(live, replies.Select(r => new WebChatStaffReply(r.Id, r.Text)).ToList()));
    }
}
