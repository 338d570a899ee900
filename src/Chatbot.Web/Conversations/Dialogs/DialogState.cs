namespace Chatbot.Web.Conversations.Dialogs;

/// <summary>The dialog stack of one conversation, kept in ConversationState (small and plain: it is JSON in bot_state).</summary>
public sealed class DialogState
{
    /// <summary>Its name in ConversationState.</summary>
    public const string PropertyName = "dialogs";

    public List<DialogInstance> Stack { get; set; } = [];

    /// <summary>The last turn's replies did not reach the citizen (connector down or too slow): the next message shows
    /// the open dialog's prompt again instead of being read as an answer to it.</summary>
    public bool RepliesLost { get; set; }

    /// <summary>The last lines of the conversation (citizen and bot), so staff who take it over see what came before;
    /// kept with the conversation's state and erased with it.</summary>
    public List<RecentLine> Recent { get; set; } = [];

    public const int RecentLines = 20;
    const int MaxLineLength = 500;

    public void Remember(string author, string text, DateTimeOffset at)
    {
        if (text.Length == 0) return;
        Recent.Add(new RecentLine { Author = author, Text = text.Length <= MaxLineLength ? text : text[..MaxLineLength] + "…", At = at });
        if (Recent.Count > RecentLines) Recent.RemoveRange(0, Recent.Count - RecentLines);
    }
}

/// <param name="Author">"citizen" or "bot".</param>
public sealed class RecentLine
{
    public string Author { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>One running dialog and its own small state (page number, current question...).</summary>
public sealed class DialogInstance
{
    public string Id { get; set; } = "";
    public Dictionary<string, string> Values { get; set; } = [];

    public string? Get(string key) => Values.GetValueOrDefault(key);
    public int GetInt(string key, int fallback = 0) => int.TryParse(Get(key), out var v) ? v : fallback;
    public void Set(string key, object? value)
    {
        if (value is null) Values.Remove(key);
        else Values[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
