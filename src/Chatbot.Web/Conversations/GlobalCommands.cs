using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations;

/// <summary>Words that work in any state of any dialog (issue: "menu", "bắt đầu lại", "trợ giúp", "dừng"/"hủy").</summary>
public enum GlobalCommand { None, Greet, Menu, Restart, Help, Cancel }

public static class GlobalCommands
{
    static readonly Dictionary<string, GlobalCommand> Words = new()
    {
        ["xin chao"] = GlobalCommand.Greet, ["chao"] = GlobalCommand.Greet, ["chao ban"] = GlobalCommand.Greet,
        ["hi"] = GlobalCommand.Greet, ["hello"] = GlobalCommand.Greet, ["alo"] = GlobalCommand.Greet,
        ["bat dau"] = GlobalCommand.Greet, ["get started"] = GlobalCommand.Greet,
        ["menu"] = GlobalCommand.Menu, ["danh muc"] = GlobalCommand.Menu, ["menu chinh"] = GlobalCommand.Menu,
        ["ve menu"] = GlobalCommand.Menu, ["quay ve menu"] = GlobalCommand.Menu,
        ["bat dau lai"] = GlobalCommand.Restart, ["lam lai tu dau"] = GlobalCommand.Restart, ["restart"] = GlobalCommand.Restart,
        ["tro giup"] = GlobalCommand.Help, ["help"] = GlobalCommand.Help, ["huong dan"] = GlobalCommand.Help,
        ["dung"] = GlobalCommand.Cancel, ["huy"] = GlobalCommand.Cancel, ["thoat"] = GlobalCommand.Cancel,
        ["dung lai"] = GlobalCommand.Cancel, ["huy bo"] = GlobalCommand.Cancel, ["stop"] = GlobalCommand.Cancel,
        ["cancel"] = GlobalCommand.Cancel,
    };

    /// <summary>"đúng" (true, a quiz answer) folds to "dung" like "dừng" (stop): typed with its accents it is no command.</summary>
    static readonly string[] AccentedNonCommands = ["đúng"];

    /// <summary>Whole-message match after folding and dropping trailing politeness ("menu nhé", "dừng ạ").</summary>
    public static GlobalCommand Match(string text)
    {
        var lower = VietnameseText.Nfc(text).ToLowerInvariant();
        if (AccentedNonCommands.Any(w => lower == w || lower.StartsWith(w + " ", StringComparison.Ordinal))) return GlobalCommand.None;
        var folded = VietnameseText.Fold(text);
        foreach (var tail in new[] { " a", " nhe", " nha", " di", " voi", " ban oi", " oi" })
            if (folded.EndsWith(tail, StringComparison.Ordinal) && folded.Length > tail.Length)
                folded = folded[..^tail.Length];
        return Words.GetValueOrDefault(folded, GlobalCommand.None);
    }
}
