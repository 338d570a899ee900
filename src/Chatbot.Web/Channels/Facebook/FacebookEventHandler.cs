using System.Text.Json;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Content;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Stored Messenger events → the bot. Text and quick-reply taps (payload) are messages; a postback is a message with
/// its payload, except Get Started, which greets; attachments get "text only for now". A referral (m.me/…?ref=, either
/// as messaging_referrals or inside the Get Started postback) is an event activity named "referral" whose Value is the
/// ref string (quiz links: "quiz.&lt;quizId&gt;.&lt;teamCode&gt;") and whose ChannelData is Messenger's referral object.
/// A Page comment (kind "comment") goes to <see cref="FacebookComments"/>.
/// An echo not sent by this app (no metadata of ours, another app id) is a human replying from the Page inbox: the bot
/// stays silent in that conversation (ChannelTurns.StaffRepliedElsewhereAsync).
/// </summary>
internal sealed class FacebookEventHandler(ChannelTurns turns, MenuContent content, IOptions<FacebookOptions> facebook,
    FacebookComments comments) : IChannelEventHandler
{
    public const string ReferralEvent = "referral";

    public PlatformId Platform => FacebookProfile.Id;

    public async Task<string?> HandleAsync(InboxEvent e, CancellationToken ct)
    {
        // A Page comment is no chat message: it opens no window, and its one reply is private (FacebookComments).
        if (e.Kind == FacebookComments.Kind) return await comments.HandleAsync(e, ct);
        using var doc = JsonDocument.Parse(e.Payload);
        var m = doc.RootElement;
        if (e.Kind == "echo")
        {
            var appId = JsonFields.Text(m, "message", "app_id");
            if (JsonFields.Text(m, "message", "metadata") == FacebookMessages.Metadata
                || (appId.Length > 0 && appId == facebook.Value.AppId)) return "own echo";
            return await turns.StaffRepliedElsewhereAsync(e, JsonFields.Text(m, "message", "text"), ct);
        }

        await turns.CitizenWroteAsync(e, ct);
        if (await turns.IsPausedAsync(e, ct)) return "bot paused (human takeover)";
        await turns.RunAsync(e, Activities(e, m), Build(e), ct);
        return null;
    }

    static IEnumerable<Activity> Activities(InboxEvent e, JsonElement m)
    {
        switch (e.Kind)
        {
            case "message":
                var message = ChannelTurns.Activity(ActivityTypes.Message, e, JsonFields.Text(m, "message", "mid"));
                var quick = JsonFields.Text(m, "message", "quick_reply", "payload");
                message.Text = quick.Length > 0 ? quick : JsonFields.Text(m, "message", "text");
                if (m.GetProperty("message").TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
                    message.Attachments = attachments.EnumerateArray()
                        .Select(a => new Attachment(JsonFields.Text(a, "type"), JsonFields.Text(a, "payload", "url"))).ToList();
                yield return message;
                break;
            case "postback":
                var payload = JsonFields.Text(m, "postback", "payload");
                if (payload == FacebookEvents.GetStarted)
                {
                    var welcome = ChannelTurns.Activity(ActivityTypes.ConversationUpdate, e);
                    welcome.MembersAdded = [new ChannelAccount(e.UserId)];
                    yield return welcome;
                }
                else
                {
                    var tap = ChannelTurns.Activity(ActivityTypes.Message, e);
                    tap.Text = payload.Length > 0 ? payload : JsonFields.Text(m, "postback", "title");
                    yield return tap;
                }
                if (m.GetProperty("postback").TryGetProperty("referral", out var firstReferral))
                    yield return Referral(e, firstReferral);
                break;
            case "referral":
                yield return Referral(e, m.GetProperty("referral"));
                break;
        }
    }

    static Activity Referral(InboxEvent e, JsonElement referral)
    {
        var activity = ChannelTurns.Activity(ActivityTypes.Event, e, e.DedupeKey + ":ref");
        activity.Name = ReferralEvent;
        activity.Value = JsonFields.Text(referral, "ref");
        activity.ChannelData = JObject.Parse(referral.GetRawText());
        return activity;
    }

    /// <summary>A comment gets no apology: its one private reply is kept for an answer.</summary>
    public Task ApologizeAsync(InboxEvent e, CancellationToken ct) => e.Kind == FacebookComments.Kind ? Task.CompletedTask :
        turns.DeliverAsync(e, Build(e)([MessageFactory.Text(content.Text("apology"))]), ct, "apology");

    Func<IReadOnlyList<Activity>, IReadOnlyList<JsonObject>> Build(InboxEvent e) =>
        replies => FacebookMessages.Build(e.UserId, replies, content.Text("more_choices"));
}
