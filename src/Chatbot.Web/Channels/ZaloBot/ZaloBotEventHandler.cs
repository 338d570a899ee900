using System.Text.Json;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Content;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// Stored bot updates → the same bot as every channel: text (a number answers the choices last offered) and attachments
/// (the bot answers "text only for now"). The replies go out as sendMessage texts with their choices numbered, and the
/// choices are kept for the next turn.
/// </summary>
internal sealed class ZaloBotEventHandler(ChannelTurns turns, ZaloBotChoices choices, MenuContent content) : IChannelEventHandler
{
    public PlatformId Platform => ZaloBotProfile.Id;

    public async Task<string?> HandleAsync(InboxEvent e, CancellationToken ct)
    {
        await turns.CitizenWroteAsync(e, ct);
        if (await turns.IsPausedAsync(e, ct)) return "bot paused (human takeover)";
        var message = ChannelTurns.Activity(ActivityTypes.Message, e);
        if (e.Kind == "text")
        {
            using var doc = JsonDocument.Parse(e.Payload);
            message.Text = await choices.ReadAsync(e.ConversationKey, JsonFields.Text(doc.RootElement, "message", "text"), ct);
        }
        var built = ZaloBotMessages.Build(e.UserId, await turns.RepliesAsync(message, ct));
        await turns.DeliverAsync(e, built.Bodies, ct);
        // After delivery: handled again after a crash, the event's "2" still reads the choices it answered.
        await choices.RememberAsync(e.ConversationKey, built.Choices, ct);
        return null;
    }

    public Task ApologizeAsync(InboxEvent e, CancellationToken ct) =>
        turns.DeliverAsync(e, ZaloBotMessages.Text(e.UserId, content.Text("apology")), ct, "apology");
}
