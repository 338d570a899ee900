namespace Chatbot.Web.Content;

/// <summary>Greeting, main menu and shared replies from dialogs/menus/main.yaml.</summary>
public sealed record MenuContent(string Greeting, string Privacy, string MenuPrompt, IReadOnlyList<MenuItem> Menu,
    IReadOnlyDictionary<string, string> Texts)
{
    /// <summary>Keys the code uses; missing ones stop start-up instead of showing an empty message to a citizen.</summary>
    public static readonly string[] RequiredTexts =
        ["coming_soon", "help", "cancelled", "nothing_to_cancel", "restarted", "apology", "not_understood", "non_text",
         "erase_confirm", "erase_yes", "erase_no", "erase_done", "erase_kept", "more_choices", "messenger_greeting",
         "comment_answer", "comment_pointer", "comment_quiz", "comment_quiz_button",
         "handoff_offer", "handoff_offer_no_hours", "handoff_yes", "handoff_no", "handoff_accepted_open", "handoff_accepted_closed",
         "handoff_accepted_unknown_hours", "handoff_silent", "handoff_declined", "handoff_with_person", "handoff_returned",
         "handoff_closed_by_staff"];

    public string Text(string key) => Texts[key];
}

/// <summary>A main-menu entry: the button label, what tapping it says, the dialog it starts, and typed forms.</summary>
public sealed record MenuItem(string Label, string Say, string Dialog, IReadOnlyList<string> Words);

public sealed class MenuFile : YamlModel
{
    public string? Greeting { get; init; }
    public string? Privacy { get; init; }
    public string? MenuPrompt { get; init; }
    public List<MenuItemFile>? Menu { get; init; }
    public Dictionary<string, string>? Texts { get; init; }
}

public sealed class MenuItemFile : YamlModel
{
    public string? Label { get; init; }
    public string? Say { get; init; }
    public string? Dialog { get; init; }
    public List<string>? Words { get; init; }
}

internal sealed class MenuContentLoader : ContentPart<MenuContent>
{
    const string File = "menus/main.yaml";

    /// <summary>Messenger truncates quick-reply titles past 20 characters (platforms.md §2.4).</summary>
    public const int MaxLabelLength = 20;

    public override MenuContent? Load(ContentReader reader)
    {
        var file = reader.Read<MenuFile>(File);
        if (file is null) return null;
        var before = reader.Errors.Count;
        void Require(string? value, string key, int line)
        {
            if (string.IsNullOrWhiteSpace(value)) reader.Error(File, line, $"thiếu «{key}» (missing)");
        }
        Require(file.Greeting, "greeting", file.Line);
        Require(file.Privacy, "privacy", file.Line);
        Require(file.MenuPrompt, "menu_prompt", file.Line);
        if (file.Menu is not { Count: > 0 }) reader.Error(File, file.Line, "thiếu «menu» (missing)");
        foreach (var item in file.Menu ?? [])
        {
            Require(item.Label, "label", item.Line);
            Require(item.Say, "say", item.Line);
            Require(item.Dialog, "dialog", item.Line);
            if (item.Label is { Length: > MaxLabelLength })
                reader.Error(File, item.Line, $"nhãn «{item.Label}» dài {item.Label.Length} ký tự, tối đa {MaxLabelLength}");
        }
        foreach (var key in MenuContent.RequiredTexts.Where(k => file.Texts?.ContainsKey(k) != true))
            reader.Error(File, file.Line, $"thiếu texts.{key} (missing)");
        if (reader.Errors.Count > before) return null;

        return new MenuContent(file.Greeting!, file.Privacy!, file.MenuPrompt!,
            file.Menu!.Select(m => new MenuItem(m.Label!, m.Say!, m.Dialog!, m.Words ?? [])).ToList(),
            file.Texts!);
    }
}
