namespace Chatbot.Web.Conversations.Dialogs;

/// <summary>The dialog stack of one conversation, kept in ConversationState (small and plain: it is JSON in bot_state).</summary>
public sealed class DialogState
{
    public List<DialogInstance> Stack { get; set; } = [];
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
