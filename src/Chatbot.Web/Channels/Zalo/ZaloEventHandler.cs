using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Content;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>
/// Stored Zalo events → the bot: text (button taps arrive as text too) and attachments (the bot answers "text only for
/// now") as messages; follow as a new member (welcome); unfollow marks the citizen unreachable (nothing is sent to them
/// until they write or follow again); an echo the bot did not send is staff typing in the OA chat: a person owns the conversation.
/// </summary>
internal sealed class ZaloEventHandler(ChannelTurns turns, OutboundLog log, MenuContent content) : IChannelEventHandler
{
    public PlatformId Platform => ZaloProfile.Id;

    public async Task<string?> HandleAsync(InboxEvent e, CancellationToken ct)
    {
        switch (e.Kind)
        {
            case "unfollow":
                await turns.Conversations.MarkUnreachableAsync(e.ConversationKey, e.Platform, e.UserId, e.EventAt, "unfollowed the OA", ct);
                return "unfollowed: unreachable";
            case "echo":
                using (var doc = System.Text.Json.JsonDocument.Parse(e.Payload))
                {
                    var msgId = JsonFields.Text(doc.RootElement, "message", "msg_id");
                    if (msgId.Length > 0 && await log.IsOwnMessageAsync(Platform, msgId, ct)) return "own echo";
                    return await turns.StaffRepliedElsewhereAsync(e, JsonFields.Text(doc.RootElement, "message", "text"), ct);
                }
            case "follow":
                await turns.Conversations.InboundAsync(e, ct);
                var welcome = ChannelTurns.Activity(ActivityTypes.ConversationUpdate, e);
                welcome.MembersAdded = [new ChannelAccount(e.UserId)];
                await turns.RunAsync(e, [welcome], Build(e), ct);
                return null;
            default:
                await turns.CitizenWroteAsync(e, ct);
                if (await turns.IsPausedAsync(e, ct)) return "bot paused (human takeover)";
                var message = ChannelTurns.Activity(ActivityTypes.Message, e);
                if (e.Kind == "text")
                {
                    using var doc = System.Text.Json.JsonDocument.Parse(e.Payload);
                    message.Text = JsonFields.Text(doc.RootElement, "message", "text");
                }
                await turns.RunAsync(e, [message], Build(e), ct);
                return null;
        }
    }

    public Task ApologizeAsync(InboxEvent e, CancellationToken ct) =>
        turns.DeliverAsync(e, Build(e)([(Activity)MessageFactory.Text(content.Text("apology"))]), ct, "apology");

    Func<IReadOnlyList<Activity>, IReadOnlyList<System.Text.Json.Nodes.JsonObject>> Build(InboxEvent e) =>
        replies => ZaloMessages.Build(e.UserId, replies, content.Text("more_choices"));
}
