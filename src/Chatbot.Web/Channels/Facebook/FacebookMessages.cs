using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Reply activities → Send API bodies (platforms.md §2.4), messaging_type RESPONSE. Text is split at 2,000 characters;
/// suggested actions become quick replies on the last part (≤ 13, titles ≤ 20, payload = the text a tap sends), and
/// when there are more than 13 the rest follow in further messages; a hero card with 1–3 buttons and ≤ 640 characters
/// becomes a button template (postback payload = the button's value). Every message carries our metadata, so its echo
/// is recognised as ours.
/// </summary>
internal static class FacebookMessages
{
    public const int MaxText = 2000;
    public const int MaxQuickReplies = 13;
    public const int MaxTitle = 20;
    public const int MaxTemplateText = 640;
    public const int MaxTemplateButtons = 3;
    public const string Metadata = "chatbot";

    public static IReadOnlyList<JsonObject> Build(string psid, IEnumerable<Activity> replies, string moreChoicesText)
    {
        var bodies = new List<JsonObject>();
        foreach (var reply in replies)
        {
            var parts = TextSplitter.Split(reply.Text ?? "", MaxText).Where(p => p.Length > 0).ToList();
            var actions = reply.SuggestedActions?.Actions ?? [];
            var groups = actions.Chunk(MaxQuickReplies).ToList();
            if (parts.Count == 0 && groups.Count > 0) parts.Add(moreChoicesText);
            for (var i = 0; i < parts.Count; i++)
            {
                var message = new JsonObject { ["text"] = parts[i] };
                if (i == parts.Count - 1 && groups.Count > 0) message["quick_replies"] = QuickReplies(groups[0]);
                bodies.Add(Body(psid, message));
            }
            foreach (var group in groups.Skip(1))
                bodies.Add(Body(psid, new JsonObject { ["text"] = moreChoicesText, ["quick_replies"] = QuickReplies(group) }));
            foreach (var card in reply.Attachments ?? [])
                if (ButtonTemplate(card) is { } template) bodies.Add(Body(psid, template));
        }
        return bodies;
    }

    /// <summary>A proactive message inside the 24 h window (a ward's news to a subscriber): messaging_type UPDATE (§2.4),
    /// not RESPONSE, since it answers nothing the citizen just said.</summary>
    public static IReadOnlyList<JsonObject> Update(string psid, string text) =>
        TextSplitter.Split(text, MaxText).Where(p => p.Length > 0)
            .Select(p => Body(psid, new JsonObject { ["text"] = p }, "UPDATE")).ToList();

    static JsonArray QuickReplies(IEnumerable<CardAction> actions) => new(actions.Select(a => (JsonNode)new JsonObject
    {
        ["content_type"] = "text",
        ["title"] = TextSplitter.Label(a.Title ?? a.Value?.ToString() ?? "", MaxTitle),
        ["payload"] = a.Value?.ToString() ?? a.Title ?? "",
    }).ToArray());

    static JsonObject? ButtonTemplate(Attachment attachment)
    {
        if (attachment.ContentType != HeroCard.ContentType) return null;
        var card = attachment.Content as HeroCard ?? JObject.FromObject(attachment.Content).ToObject<HeroCard>();
        var text = string.Join("\n", new[] { card?.Title, card?.Text }.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (card?.Buttons is not { Count: > 0 and <= MaxTemplateButtons } buttons || text.Length is 0 or > MaxTemplateText) return null;
        return new JsonObject
        {
            ["attachment"] = new JsonObject
            {
                ["type"] = "template",
                ["payload"] = new JsonObject
                {
                    ["template_type"] = "button",
                    ["text"] = text,
                    ["buttons"] = new JsonArray(buttons.Select(b => (JsonNode)(b.Type == ActionTypes.OpenUrl
                        ? new JsonObject { ["type"] = "web_url", ["url"] = b.Value?.ToString(), ["title"] = TextSplitter.Label(b.Title ?? "", MaxTitle) }
                        : new JsonObject { ["type"] = "postback", ["title"] = TextSplitter.Label(b.Title ?? "", MaxTitle),
                            ["payload"] = b.Value?.ToString() ?? b.Title })).ToArray()),
                },
            },
        };
    }

    static JsonObject Body(string psid, JsonObject message, string messagingType = "RESPONSE")
    {
        message["metadata"] = Metadata;
        return new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["messaging_type"] = messagingType,
            ["message"] = message,
        };
    }
}
