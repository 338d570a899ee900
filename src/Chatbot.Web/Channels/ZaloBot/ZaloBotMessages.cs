using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// Reply activities → sendMessage bodies (platforms.md §6: text only, 1–2,000 characters). Longer text is split. The bot
/// platform has no buttons, so a reply's choices (suggested actions) become numbered lines under it — "1. Xem 17 điểm" —
/// and the citizen answers with the number; <see cref="Choices"/> are what each number says, in order, for the turn that
/// reads the answer (<see cref="ZaloBotChoices"/>).
/// </summary>
internal static class ZaloBotMessages
{
    public const int MaxText = 2000;
    /// <summary>Numbered lines a reply may offer (one or two digits to type); the bot's menus offer far fewer.</summary>
    public const int MaxChoices = 20;
    public const int MaxLabel = 80;
    public const string Prompt = "Nhắn số để chọn:";

    public sealed record Built(IReadOnlyList<JsonObject> Bodies, IReadOnlyList<string> Choices);

    public static Built Build(string chatId, IEnumerable<Activity> replies)
    {
        var bodies = new List<JsonObject>();
        var choices = new List<string>();
        foreach (var reply in replies)
        {
            var text = (reply.Text ?? "").Trim();
            var actions = (reply.SuggestedActions?.Actions ?? []).Take(MaxChoices - choices.Count).ToList();
            if (actions.Count > 0)
            {
                var lines = actions.Select((a, i) => $"{choices.Count + i + 1}. {TextSplitter.Label(a.Title ?? a.Value?.ToString() ?? "", MaxLabel)}");
                text = string.Join("\n", new[] { text, Prompt }.Where(t => t.Length > 0).Concat(lines));
                choices.AddRange(actions.Select(a => a.Value?.ToString() ?? a.Title ?? ""));
            }
            bodies.AddRange(Text(chatId, text));
        }
        return new Built(bodies, choices);
    }

    /// <summary>Plain text, split to the limit (a ward's news to a subscriber).</summary>
    public static IReadOnlyList<JsonObject> Text(string chatId, string text) =>
        TextSplitter.Split(text, MaxText).Where(p => p.Length > 0)
            .Select(p => new JsonObject { ["chat_id"] = chatId, ["text"] = p }).ToList();
}
