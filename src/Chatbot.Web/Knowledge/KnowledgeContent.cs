using System.Text.RegularExpressions;
using Chatbot.Web.Content;

namespace Chatbot.Web.Knowledge;

/// <summary>The 17 differences and the FAQ from dialogs/knowledge/, loaded once and immutable. Other features (the quiz)
/// check their references against it.</summary>
public sealed record KnowledgeBase(KnowledgeSource Source, IReadOnlyList<Difference> Differences, IReadOnlyList<FaqEntry> Faq)
{
    public Difference? Find(int number) => Differences.FirstOrDefault(d => d.Number == number);
    public FaqEntry? FindFaq(string id) => Faq.FirstOrDefault(f => f.Id == id);
}

/// <summary>The dispatch the differences come from (Công văn 838/UBND-VHTT), cited under every official text.</summary>
public sealed record KnowledgeSource(string Document, string Implements, string Note);

/// <summary>One of the 17 differences: <see cref="It"/> and <see cref="Dx"/> are the official wording, verbatim.</summary>
public sealed record Difference(int Number, string Title, string Label, string Summary, string It, string Dx,
    IReadOnlyList<string> Keywords, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Questions);

/// <summary>A question citizens ask around the topic; <see cref="Related"/> are difference numbers.</summary>
public sealed record FaqEntry(string Id, string Question, string Answer, IReadOnlyList<int> Related,
    IReadOnlyList<string> Keywords, IReadOnlyList<string> Questions);

public sealed class DifferencesFile : YamlModel
{
    public SourceFile? Source { get; init; }
    public List<DifferenceFile>? Differences { get; init; }
}

public sealed class SourceFile : YamlModel
{
    public string? Document { get; init; }
    public string? Implements { get; init; }
    public string? Note { get; init; }
}

public sealed class DifferenceFile : YamlModel
{
    public int? Number { get; init; }
    public string? Title { get; init; }
    public string? Label { get; init; }
    public string? Summary { get; init; }
    public string? It { get; init; }
    public string? Dx { get; init; }
    public List<string>? Keywords { get; init; }
    public List<string>? Synonyms { get; init; }
    public List<string>? Questions { get; init; }
}

public sealed class FaqFile : YamlModel
{
    public List<FaqEntryFile>? Faq { get; init; }
}

public sealed class FaqEntryFile : YamlModel
{
    public string? Id { get; init; }
    public string? Question { get; init; }
    public string? Answer { get; init; }
    public List<int>? Related { get; init; }
    public List<string>? Keywords { get; init; }
    public List<string>? Questions { get; init; }
}

internal sealed partial class KnowledgeContentLoader : ContentPart<KnowledgeBase>
{
    public const string DifferencesPath = "knowledge/differences.yaml";
    public const string FaqPath = "knowledge/faq.yaml";
    public const int Count = 17;

    public override KnowledgeBase? Load(ContentReader reader)
    {
        var before = reader.Errors.Count;
        var differences = reader.Read<DifferencesFile>(DifferencesPath);
        var faq = reader.Read<FaqFile>(FaqPath);
        if (differences is not null) Check(reader, differences);
        if (faq is not null) Check(reader, faq);
        if (reader.Errors.Count > before || differences is null || faq is null) return null;

        var source = differences.Source!;
        return new KnowledgeBase(
            new KnowledgeSource(source.Document!.Trim(), source.Implements!.Trim(), source.Note?.Trim() ?? ""),
            differences.Differences!.OrderBy(d => d.Number).Select(d => new Difference(d.Number!.Value, d.Title!.Trim(),
                d.Label!.Trim(), d.Summary!.Trim(), d.It!.Trim(), d.Dx!.Trim(), d.Keywords!, d.Synonyms ?? [], d.Questions!)).ToList(),
            faq.Faq!.Select(f => new FaqEntry(f.Id!, f.Question!.Trim(), f.Answer!.Trim(), f.Related ?? [], f.Keywords ?? [],
                f.Questions ?? [])).ToList());
    }

    static void Check(ContentReader reader, DifferencesFile file)
    {
        const string path = DifferencesPath;
        void Require(string? value, string key, int line)
        {
            if (string.IsNullOrWhiteSpace(value)) reader.Error(path, line, $"thiếu «{key}» (missing)");
        }
        if (file.Source is null) reader.Error(path, file.Line, "thiếu «source» (missing)");
        else
        {
            Require(file.Source.Document, "source.document", file.Source.Line);
            Require(file.Source.Implements, "source.implements", file.Source.Line);
        }
        var items = file.Differences ?? [];
        if (items.Count != Count)
            reader.Error(path, file.Line, $"cần đúng {Count} điểm khác nhau, đang có {items.Count}");
        var numbers = new HashSet<int>();
        var labels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in items)
        {
            if (d.Number is not { } n) reader.Error(path, d.Line, "thiếu «number» (missing)");
            else if (n is < 1 or > Count) reader.Error(path, d.Line, $"«number» {n} phải từ 1 đến {Count}");
            else if (!numbers.Add(n)) reader.Error(path, d.Line, $"«number» {n} bị trùng (duplicate)");
            Require(d.Title, "title", d.Line);
            Require(d.Label, "label", d.Line);
            Require(d.Summary, "summary", d.Line);
            Require(d.It, "it", d.Line);
            Require(d.Dx, "dx", d.Line);
            if (d.Label is { } label)
            {
                if (label.Trim().Length > MenuContentLoader.MaxLabelLength)
                    reader.Error(path, d.Line, $"nhãn «{label}» dài {label.Trim().Length} ký tự, tối đa {MenuContentLoader.MaxLabelLength}");
                if (labels.TryGetValue(label.Trim(), out var other))
                    reader.Error(path, d.Line, $"nhãn «{label}» trùng với điểm ở dòng {other} (duplicate label)");
                else labels[label.Trim()] = d.Line;
            }
            if (d.Keywords is not { Count: > 0 }) reader.Error(path, d.Line, "thiếu «keywords» (missing)");
            if (d.Questions is not { Count: > 0 }) reader.Error(path, d.Line, "thiếu «questions» (missing)");
        }
    }

    static void Check(ContentReader reader, FaqFile file)
    {
        const string path = FaqPath;
        if (file.Faq is not { Count: > 0 }) reader.Error(path, file.Line, "thiếu «faq» (missing)");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in file.Faq ?? [])
        {
            if (string.IsNullOrWhiteSpace(f.Id)) reader.Error(path, f.Line, "thiếu «id» (missing)");
            else if (!IdPattern().IsMatch(f.Id)) reader.Error(path, f.Line, $"«id» {f.Id}: chữ thường không dấu, nối bằng -");
            else if (!ids.Add(f.Id)) reader.Error(path, f.Line, $"«id» {f.Id} bị trùng (duplicate)");
            if (string.IsNullOrWhiteSpace(f.Question)) reader.Error(path, f.Line, "thiếu «question» (missing)");
            if (string.IsNullOrWhiteSpace(f.Answer)) reader.Error(path, f.Line, "thiếu «answer» (missing)");
            foreach (var n in (f.Related ?? []).Where(n => n is < 1 or > Count))
                reader.Error(path, f.Line, $"«related» {n} phải từ 1 đến {Count}");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
