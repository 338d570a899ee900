using Chatbot.Web.Content;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// How citizens talk about the topic, from dialogs/knowledge/: the dispatch's ideas and their paraphrases
/// (concepts.yaml), what puts a message in or out of scope (scope.yaml), and example questions per difference or FAQ
/// entry (examples.yaml), and the models learned from questions marked with their difference or as off the topic
/// (questions.tsv). The official text is not here; it stays in differences.yaml.
/// </summary>
public sealed record QuestionLanguage(IReadOnlyList<Concept> Concepts, QuestionScopeWords Scope, IReadOnlyList<ExampleQuestion> Examples,
    LearnedQuestions Learned);

/// <summary>One idea: <see cref="Say"/> in the dispatch's words, <see cref="Also"/> as people say it. A question that
/// contains any of them is read as if it said <see cref="Say"/>. <see cref="Topic"/> (0–1) is how much the idea alone
/// shows that a message is about IT and digital transformation.</summary>
public sealed record Concept(string Say, IReadOnlyList<string> Also, double Topic);

/// <summary>Words that decide scope before any difference is ranked (scope.yaml).</summary>
public sealed record QuestionScopeWords(
    IReadOnlyList<string> OffTopic,
    IReadOnlyList<string> SupportSubjects,
    IReadOnlyList<string> SupportActions,
    IReadOnlyDictionary<SmallTalkKind, IReadOnlyList<string>> SmallTalk,
    IReadOnlyDictionary<AskKind, IReadOnlyList<string>> Asks);

/// <summary>An example question that should get this difference or this FAQ entry (content or staff-assigned).</summary>
public sealed record ExampleQuestion(string Text, int? Difference, string? FaqId);

public enum SmallTalkKind { Greeting, Thanks, Goodbye, Identity, Insult, Acknowledge, Laugh, Emoji }

public sealed class ConceptsFile : YamlModel
{
    public List<ConceptFile>? Concepts { get; init; }
}

public sealed class ConceptFile : YamlModel
{
    public string? Say { get; init; }
    public List<string>? Also { get; init; }
    public double? Topic { get; init; }
}

public sealed class ScopeFile : YamlModel
{
    public List<string>? OffTopic { get; init; }
    public List<string>? SupportSubjects { get; init; }
    public List<string>? SupportActions { get; init; }
    public Dictionary<string, List<string>>? SmallTalk { get; init; }
    public Dictionary<string, List<string>>? Asks { get; init; }
}

public sealed class ExamplesFile : YamlModel
{
    public Dictionary<int, List<string>>? Differences { get; init; }
    public Dictionary<string, List<string>>? Faq { get; init; }
}

internal sealed class QuestionLanguageLoader : ContentPart<QuestionLanguage>
{
    public const string ConceptsPath = "knowledge/concepts.yaml";
    public const string ScopePath = "knowledge/scope.yaml";
    public const string ExamplesPath = "knowledge/examples.yaml";
    public const string QuestionsPath = "knowledge/questions.tsv";

    public override QuestionLanguage? Load(ContentReader reader)
    {
        var before = reader.Errors.Count;
        var concepts = reader.Read<ConceptsFile>(ConceptsPath);
        var scope = reader.Read<ScopeFile>(ScopePath);
        var examples = reader.Read<ExamplesFile>(ExamplesPath);
        var knowledge = reader.Get<KnowledgeBase>();

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in concepts?.Concepts ?? [])
        {
            if (string.IsNullOrWhiteSpace(c.Say)) reader.Error(ConceptsPath, c.Line, "thiếu «say» (missing)");
            if (c.Topic is < 0 or > 1) reader.Error(ConceptsPath, c.Line, $"«topic» {c.Topic} phải từ 0 đến 1");
            foreach (var phrase in (c.Also ?? []).Prepend(c.Say ?? "").Where(p => p.Length > 0))
            {
                var key = VietnameseText.Fold(phrase);
                if (key.Length == 0) reader.Error(ConceptsPath, c.Line, $"«{phrase}» không có chữ nào");
                // The same words in two concepts would be read two ways; keep each phrase in one place.
                else if (seen.TryGetValue(phrase.ToLowerInvariant(), out var other))
                    reader.Error(ConceptsPath, c.Line, $"«{phrase}» đã có ở khái niệm dòng {other} (duplicate)");
                else seen[phrase.ToLowerInvariant()] = c.Line;
            }
        }

        var smallTalk = new Dictionary<SmallTalkKind, IReadOnlyList<string>>();
        foreach (var (name, phrases) in scope?.SmallTalk ?? [])
        {
            if (!Enum.TryParse<SmallTalkKind>(name.Replace("_", ""), ignoreCase: true, out var kind))
                reader.Error(ScopePath, scope!.Line, $"small_talk.{name}: không biết loại này (known: {string.Join(", ", Enum.GetNames<SmallTalkKind>())})");
            else smallTalk[kind] = phrases;
        }
        var asks = new Dictionary<AskKind, IReadOnlyList<string>>();
        foreach (var (name, phrases) in scope?.Asks ?? [])
        {
            if (!Enum.TryParse<AskKind>(name, ignoreCase: true, out var kind))
                reader.Error(ScopePath, scope!.Line, $"asks.{name}: không biết loại này (known: {string.Join(", ", Enum.GetNames<AskKind>()).ToLowerInvariant()})");
            else asks[kind] = phrases;
        }
        if (scope is not null && (scope.SupportSubjects is not { Count: > 0 } || scope.SupportActions is not { Count: > 0 }))
            reader.Error(ScopePath, scope.Line, "cần «support_subjects» và «support_actions» (missing)");

        var list = new List<ExampleQuestion>();
        foreach (var (number, texts) in examples?.Differences ?? [])
        {
            if (knowledge?.Find(number) is null) reader.Error(ExamplesPath, examples!.Line, $"differences.{number}: không có điểm này (1–{KnowledgeContentLoader.Count})");
            list.AddRange(texts.Select(t => new ExampleQuestion(t.Trim(), number, null)));
        }
        foreach (var (id, texts) in examples?.Faq ?? [])
        {
            if (knowledge?.FindFaq(id) is null) reader.Error(ExamplesPath, examples!.Line, $"faq.{id}: không có mục hỏi đáp này trong faq.yaml");
            list.AddRange(texts.Select(t => new ExampleQuestion(t.Trim(), null, id)));
        }
        var learned = ReadLearnedQuestions(reader);
        if (reader.Errors.Count > before || concepts is null || scope is null || examples is null || learned is null) return null;

        return new QuestionLanguage(
            concepts.Concepts?.Select(c => new Concept(c.Say!.Trim(), c.Also?.Select(a => a.Trim()).ToList() ?? [], c.Topic ?? 0)).ToList() ?? [],
            new QuestionScopeWords(scope.OffTopic ?? [], scope.SupportSubjects!, scope.SupportActions!, smallTalk, asks),
            list,
            LearnedQuestions.For(learned));
    }

    /// <summary>questions.tsv: the difference (1–17) or 0 (off the topic), a tab, a question; # starts a comment. Both
    /// kinds must be there.</summary>
    static List<(string Text, int Difference)>? ReadLearnedQuestions(ContentReader reader)
    {
        if (reader.ReadLines(QuestionsPath) is not { } lines) return null;
        var questions = new List<(string, int)>();
        var errors = reader.Errors.Count;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.Split('\t') is [var label, var text] && int.TryParse(label, out var number)
                && number is >= 0 and <= KnowledgeContentLoader.Count && text.Trim().Length > 0)
                questions.Add((text.Trim(), number));
            else reader.Error(QuestionsPath, i + 1, $"cần số điểm (1–{KnowledgeContentLoader.Count}) hoặc 0 (ngoài chủ đề), một dấu tab rồi câu hỏi");
        }
        if (reader.Errors.Count == errors && (questions.All(q => q.Item2 > 0) || questions.All(q => q.Item2 == 0)))
            reader.Error(QuestionsPath, lines.Count, "cần cả câu hỏi đúng chủ đề (1–17) lẫn ngoài chủ đề (0)");
        else if (reader.Errors.Count == errors && questions.Where(q => q.Item2 > 0).Select(q => q.Item2).Distinct().Count() < 2)
            // The choice between differences is learned from them: with one, there is nothing to choose between.
            reader.Error(QuestionsPath, lines.Count, "câu hỏi đúng chủ đề cần thuộc ít nhất hai điểm khác nhau");
        return reader.Errors.Count == errors ? questions : null;
    }
}
