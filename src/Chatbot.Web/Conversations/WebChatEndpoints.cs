using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Conversations;

/// <summary>What the browser sends: the conversation it holds (none to start one) and the citizen's text.</summary>
public sealed record WebChatRequest(string? ConversationId, string? Text);

public sealed record WebChatButton(string Label, string Say);
public sealed record WebChatReply(string Text, IReadOnlyList<WebChatButton> Buttons);
public sealed record WebChatResponse(string ConversationId, IReadOnlyList<WebChatReply> Replies);

/// <summary>
/// The web chat on the public pages: the same bot and dialogs, reached without Bot Framework credentials. The server
/// builds the activity itself (channel "webchat"), so a browser can never claim another channel or user; the
/// conversation id is a random capability the browser keeps. Rate-limited per client address — the citizen's own behind
/// a configured proxy (ForwardedHeaders:*), not the proxy's — with Retry-After on a 429.
/// </summary>
internal static class WebChatEndpoints
{
    public const string RateLimitPolicy = "webchat";
    const int MaxTextLength = 1000;

    public static WebApplicationBuilder AddWebChat(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 40, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/webchat", Send).WithTags("Bot").RequireRateLimiting(RateLimitPolicy).DisableAntiforgery();
        return routes;
    }

    static async Task<Results<Ok<WebChatResponse>, ValidationProblem>> Send(
        WebChatRequest request, BotAdapter adapter, IBot bot, CancellationToken ct)
    {
        var text = Knowledge.VietnameseText.Nfc(request.Text);
        var errors = new Dictionary<string, string[]>();
        if (text.Length > MaxTextLength) errors["text"] = [$"Tin nhắn dài quá {MaxTextLength} ký tự."];
        if (request.ConversationId is { } given && !IsConversationId(given)) errors["conversationId"] = ["Mã cuộc trò chuyện không hợp lệ."];
        if (request.ConversationId is not null && text.Length == 0) errors["text"] = ["Bạn chưa nhập nội dung."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Yêu cầu không hợp lệ");

        // A new conversation is greeted first; text sent with that first call (an API client's question) is then
        // answered in the same call rather than dropped.
        var conversationId = request.ConversationId ?? NewConversationId();
        var replies = new List<Activity>();
        if (request.ConversationId is null)
            replies.AddRange(await adapter.ProcessTrustedActivityAsync(Incoming(conversationId, ActivityTypes.ConversationUpdate, ""), bot.OnTurnAsync, ct));
        if (text.Length > 0)
            replies.AddRange(await adapter.ProcessTrustedActivityAsync(Incoming(conversationId, ActivityTypes.Message, text), bot.OnTurnAsync, ct));

        return TypedResults.Ok(new WebChatResponse(conversationId, replies
            .Where(r => r.Type == ActivityTypes.Message)
            .Select(r => new WebChatReply(r.Text ?? "",
                r.SuggestedActions?.Actions?.Select(a => new WebChatButton(a.Title, a.Value?.ToString() ?? a.Title)).ToList() ?? []))
            .ToList()));
    }

    /// <summary>The server builds the activity itself (channel "webchat"); replies come back inline (expectReplies).</summary>
    static Activity Incoming(string conversationId, string type, string text)
    {
        var activity = new Activity
        {
            Type = type,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = "webchat",
            ServiceUrl = "https://webchat.invalid/", // replies are returned inline (expectReplies), never posted
            From = new ChannelAccount("web:" + conversationId, "Người dân"),
            Recipient = new ChannelAccount("bot", "Trợ lý"),
            Conversation = new ConversationAccount(id: "web:" + conversationId),
            Text = text,
            Locale = "vi-VN",
            Timestamp = DateTimeOffset.UtcNow,
            DeliveryMode = DeliveryModes.ExpectReplies,
        };
        if (type == ActivityTypes.ConversationUpdate) activity.MembersAdded = [activity.From];
        return activity;
    }

    static string NewConversationId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    static bool IsConversationId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
