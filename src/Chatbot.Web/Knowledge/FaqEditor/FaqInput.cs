using System.Text.RegularExpressions;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// An FAQ entry as typed in the console or sent to /api/faq, before it is checked. <see cref="Check"/> gives either the
/// entry to save or field errors in Vietnamese naming the form's fields (keys are the JSON/form field names); nothing is
/// saved while there is an error. The same rules apply to an import, line by line.
/// </summary>
public sealed partial record FaqInput(string? Question, string? Answer, IReadOnlyList<int>? Related, IReadOnlyList<string>? Keywords,
    IReadOnlyList<string>? Questions)
{
    public const int MaxQuestion = 300;
    public const int MaxAnswer = 4000;
    public const int MaxKeyword = 100;
    public const int MaxKeywords = 40;
    public const int MaxExamples = 60;
    public const int MaxId = 60;

    /// <summary>The form's labels, as the errors name them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["id"] = "Mã mục",
        ["question"] = "Câu hỏi",
        ["answer"] = "Câu trả lời",
        ["related"] = "Điểm liên quan",
        ["keywords"] = "Từ khóa",
        ["questions"] = "Câu hỏi mẫu",
    };

    public (FaqEntry? Entry, Dictionary<string, string[]> Errors) Check(string id)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (IdProblem(id) is { } idProblem) Add("id", idProblem);
        var question = VietnameseText.Nfc(Question);
        if (question.Length == 0) Add("question", "«Câu hỏi» không được để trống.");
        else if (question.Length > MaxQuestion) Add("question", $"«Câu hỏi» dài tối đa {MaxQuestion} ký tự (đang có {question.Length}).");
        var answer = VietnameseText.Nfc(Answer);
        if (answer.Length == 0) Add("answer", "«Câu trả lời» không được để trống.");
        else if (answer.Length > MaxAnswer) Add("answer", $"«Câu trả lời» dài tối đa {MaxAnswer} ký tự (đang có {answer.Length}).");

        var related = Related ?? [];
        foreach (var n in related.Where(n => n is < 1 or > KnowledgeContentLoader.Count).Distinct())
            Add("related", $"«Điểm liên quan»: {n} không phải số điểm từ 1 đến {KnowledgeContentLoader.Count}.");
        foreach (var n in related.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))
            Add("related", $"«Điểm liên quan»: điểm {n} ghi hai lần.");

        var keywords = List(Keywords, "keywords", "Từ khóa", MaxKeyword, MaxKeywords, Add);
        var examples = List(Questions, "questions", "Câu hỏi mẫu", StaffExamples.MaxLength, MaxExamples, Add);

        if (errors.Count > 0) return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        return (new FaqEntry(id, question, answer, related.ToList(), keywords, examples), []);
    }

    /// <summary>Trimmed NFC items; a blank one, one too long, a repeat (ignoring case and diacritics) or too many is an error.</summary>
    static List<string> List(IReadOnlyList<string>? items, string field, string label, int maxLength, int maxCount, Action<string, string> add)
    {
        var list = (items ?? []).Select(VietnameseText.Nfc).ToList();
        if (list.Count > maxCount) add(field, $"«{label}» có tối đa {maxCount} dòng (đang có {list.Count}).");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            if (item.Length == 0) add(field, $"«{label}» dòng {i + 1} để trống.");
            else if (item.Length > maxLength) add(field, $"«{label}» dòng {i + 1} dài tối đa {maxLength} ký tự (đang có {item.Length}).");
            else if (!seen.Add(VietnameseText.Fold(item))) add(field, $"«{label}» dòng {i + 1} «{item}» bị lặp lại.");
        }
        return list;
    }

    public static string? IdProblem(string? id) =>
        string.IsNullOrWhiteSpace(id) ? "«Mã mục» không được để trống."
        : id.Length > MaxId ? $"«Mã mục» dài tối đa {MaxId} ký tự."
        : !IdPattern().IsMatch(id) ? $"«Mã mục» «{id}» chỉ gồm chữ thường không dấu và số, nối bằng dấu gạch ngang (ví dụ: cds-la-gi)."
        : null;

    /// <summary>A readable id from the question ("Nền tảng số là gì?" → nen-tang-so-la-gi), unique among <paramref name="taken"/>
    /// (deleted entries keep their ids).</summary>
    public static string NewId(string? question, IEnumerable<string> taken)
    {
        var words = VietnameseText.Fold(question).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8);
        var stem = string.Join('-', words);
        if (stem.Length > MaxId - 4) stem = stem[..(MaxId - 4)].TrimEnd('-');
        if (stem.Length == 0) stem = "hoi-dap";
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var id = stem;
        for (var n = 2; used.Contains(id); n++) id = $"{stem}-{n}";
        return id;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();
}
