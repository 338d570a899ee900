using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Content;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Conversations;

/// <summary>Shows the main menu and starts the dialog a menu item names; an item whose dialog is not built says so.</summary>
public sealed class MainMenu(MenuContent content, IOptions<InboxOptions> inbox) : ITopicTrigger
{
    /// <summary>The greeting's privacy line names the configured retention of raw messages, so it never drifts from it.</summary>
    string Privacy => content.Privacy.Replace("{raw_days}",
        Math.Max(1, (int)Math.Ceiling(inbox.Value.Retention.TotalDays)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    readonly (string Folded, MenuItem Item)[] phrases = content.Menu
        .SelectMany(i => i.Words.Append(i.Say).Append(i.Label).Select(w => (VietnameseText.Fold(w), i)))
        .OrderByDescending(p => p.Item1.Length)
        .ToArray();

    public int Order => 100;

    public IReadOnlyList<Choice> Choices => content.Menu.Select(i => new Choice(i.Label, i.Say)).ToList();

    public Task ShowAsync(DialogContext dc, CancellationToken ct) => dc.SendAsync(content.MenuPrompt, Choices, ct);

    public async Task GreetAsync(DialogContext dc, CancellationToken ct)
    {
        await dc.SendAsync(content.Greeting, ct);
        await dc.SendAsync(Privacy, ct);
        await ShowAsync(dc, ct);
    }

    /// <summary>Exact menu phrases only ("hỏi đáp", "trắc nghiệm"): a longer sentence is a question, not a menu tap.</summary>
    public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var folded = VietnameseText.Fold(text);
        var item = phrases.FirstOrDefault(p => p.Folded == folded).Item;
        if (item is null) return false;
        await StartAsync(dc, item, ct);
        return true;
    }

    public async Task StartAsync(DialogContext dc, MenuItem item, CancellationToken ct)
    {
        if (dc.Dialogs.Find(item.Dialog) is null)
        {
            await dc.SendAsync(string.Format(content.Text("coming_soon"), item.Say), Choices, ct);
            return;
        }
        await dc.BeginAsync(item.Dialog, null, ct);
    }
}
