using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>
/// Reply activities → Zalo CS messages (platforms.md §1.4): text ≤ 2,000 characters; suggested actions become
/// <c>oa.query.show</c> buttons (a tap arrives as user_send_text with the payload, which the bot reads like typed text).
/// Zalo allows at most 5 buttons per message: with more, the first message carries 5 and each further message carries
/// the next 5 under a short "more choices" line, so every choice stays one tap away.
/// </summary>
internal static class ZaloMessages
{
    public const int MaxText = 2000;
    public const int MaxButtons = 5;
    public const int MaxButtonTitle = 20;

    public static IReadOnlyList<JsonObject> Build(string userId, IEnumerable<Activity> replies, string moreChoicesText)
    {
        var bodies = new List<JsonObject>();
        foreach (var reply in replies)
        {
            var parts = TextSplitter.Split(reply.Text ?? "", MaxText).Where(p => p.Length > 0).ToList();
            var actions = reply.SuggestedActions?.Actions ?? [];
            if (parts.Count == 0 && actions.Count == 0) continue;
            if (parts.Count == 0) parts.Add(moreChoicesText);
            for (var i = 0; i < parts.Count - 1; i++) bodies.Add(Body(userId, parts[i], []));
            var groups = actions.Chunk(MaxButtons).ToList();
            bodies.Add(Body(userId, parts[^1], groups.FirstOrDefault() ?? []));
            foreach (var group in groups.Skip(1)) bodies.Add(Body(userId, moreChoicesText, group));
        }
        return bodies;
    }

    /// <summary>A ward's news to a subscriber: plain CS text, inside the CS window (§1.5).</summary>
    public static IReadOnlyList<JsonObject> Notice(string userId, string text) =>
        TextSplitter.Split(text, MaxText).Where(p => p.Length > 0).Select(p => Body(userId, p, [])).ToList();

    static JsonObject Body(string userId, string text, IReadOnlyList<CardAction> buttons)
    {
        var message = new JsonObject { ["text"] = text };
        if (buttons.Count > 0)
            message["attachment"] = new JsonObject
            {
                ["type"] = "template",
                ["payload"] = new JsonObject
                {
                    ["buttons"] = new JsonArray(buttons.Select(b => (JsonNode)new JsonObject
                    {
                        ["title"] = TextSplitter.Label(b.Title ?? b.Value?.ToString() ?? "", MaxButtonTitle),
                        ["type"] = "oa.query.show",
                        ["payload"] = b.Value?.ToString() ?? b.Title ?? "",
                    }).ToArray()),
                },
            };
        return new JsonObject { ["recipient"] = new JsonObject { ["user_id"] = userId }, ["message"] = message };
    }
}
