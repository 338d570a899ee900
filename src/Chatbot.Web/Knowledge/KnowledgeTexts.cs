using Chatbot.Web.Content;

namespace Chatbot.Web.Knowledge;

/// <summary>What browsing and question answering say, from dialogs/menus/knowledge.yaml.</summary>
public sealed record KnowledgeTexts(IReadOnlyDictionary<string, string> Texts, IReadOnlyList<string> AskExamples)
{
    /// <summary>Keys the code uses; a missing one stops start-up instead of showing an empty message.</summary>
    public static readonly string[] Required =
    [
        "browse_page", "browse_hint", "detail", "detail_more", "resume_browse", "ask_prompt", "answer_intro", "also_see",
        "clarify", "clarify_item", "clarify_rejected", "not_covered", "support", "teams_question", "not_a_number", "button_next", "button_previous",
        "button_next_page", "button_previous_page", "button_list", "button_ask", "button_quiz", "button_menu", "button_not_it",
        "quiz_say", .. Enum.GetNames<SmallTalkKind>().Select(k => "smalltalk_" + k.ToLowerInvariant()),
    ];

    public string this[string key] => Texts[key];

    /// <summary>Fills {name} placeholders: "Điểm {number}" with ("number", 3).</summary>
    public string Format(string key, params (string Name, object Value)[] values) =>
        values.Aggregate(Texts[key], (text, v) => text.Replace("{" + v.Name + "}", Convert.ToString(v.Value,
            System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
}

public sealed class KnowledgeTextsFile : YamlModel
{
    public Dictionary<string, string>? Texts { get; init; }
    public List<string>? AskExamples { get; init; }
}

internal sealed class KnowledgeTextsLoader : ContentPart<KnowledgeTexts>
{
    public const string File = "menus/knowledge.yaml";

    public override KnowledgeTexts? Load(ContentReader reader)
    {
        var file = reader.Read<KnowledgeTextsFile>(File);
        if (file is null) return null;
        var before = reader.Errors.Count;
        foreach (var key in KnowledgeTexts.Required.Where(k => string.IsNullOrWhiteSpace(file.Texts?.GetValueOrDefault(k))))
            reader.Error(File, file.Line, $"thiếu texts.{key} (missing)");
        foreach (var (key, value) in (file.Texts ?? []).Where(t => t.Key.StartsWith("button_", StringComparison.Ordinal)))
            if (value.Length > MenuContentLoader.MaxLabelLength)
                reader.Error(File, file.Line, $"nhãn texts.{key} «{value}» dài {value.Length} ký tự, tối đa {MenuContentLoader.MaxLabelLength}");
        foreach (var example in (file.AskExamples ?? []).Where(e => e.Length > MenuContentLoader.MaxLabelLength))
            reader.Error(File, file.Line, $"ask_examples «{example}» dài {example.Length} ký tự, tối đa {MenuContentLoader.MaxLabelLength}");
        if (reader.Errors.Count > before) return null;
        return new KnowledgeTexts(file.Texts!, file.AskExamples ?? []);
    }
}
