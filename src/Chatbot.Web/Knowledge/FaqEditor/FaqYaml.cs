using System.Globalization;
using System.Text;
using Chatbot.Web.Content;

namespace Chatbot.Web.Knowledge;

/// <summary>One problem in an imported file: the line and what is wrong, in Vietnamese.</summary>
public sealed record FaqImportError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"Dòng {Line}: {Message}" : Message;
}

/// <summary>
/// Export and import in the format of dialogs/knowledge/faq.yaml, so FAQ content moves between a test and a live
/// service (and back into the repository). An import is read with the same YAML rules as dialogs/ (unknown keys are
/// errors) and every entry with the console's rules (<see cref="FaqInput"/>); any error means nothing is applied.
/// </summary>
public static class FaqYaml
{
    public static string Export(IReadOnlyList<FaqEntry> entries, string header)
    {
        var sb = new StringBuilder();
        foreach (var line in header.Split('\n')) sb.Append("# ").Append(line.TrimEnd()).Append('\n');
        sb.Append("# \"related\" là số thứ tự các điểm khác nhau (1-17) trong differences.yaml; để danh sách rỗng [] nếu câu hỏi không gắn với điểm nào.\n");
        sb.Append("faq:\n");
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (i > 0) sb.Append('\n');
            sb.Append("  - id: ").Append(e.Id).Append('\n');
            sb.Append("    question: ").Append(Quote(e.Question)).Append('\n');
            sb.Append("    answer: ").Append(Quote(e.Answer)).Append('\n');
            sb.Append("    related: [").Append(string.Join(", ", e.Related.Select(n => n.ToString(CultureInfo.InvariantCulture)))).Append("]\n");
            sb.Append("    keywords: [").Append(string.Join(", ", e.Keywords.Select(Quote))).Append("]\n");
            if (e.Questions.Count == 0) sb.Append("    questions: []\n");
            else
            {
                sb.Append("    questions:\n");
                foreach (var q in e.Questions) sb.Append("      - ").Append(Quote(q)).Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>The entries of <paramref name="text"/>, or every problem found (none applied).</summary>
    public static (IReadOnlyList<FaqEntry> Entries, IReadOnlyList<FaqImportError> Errors) Import(string text)
    {
        var reader = new ContentReader("");
        var file = reader.Parse<FaqFile>("import", text);
        var errors = reader.Errors.Select(e => new FaqImportError(e.Line, Explain(e.Message))).ToList();
        var entries = new List<FaqEntry>();
        if (file is null) return ([], errors);
        if (file.Faq is not { Count: > 0 }) errors.Add(new(file.Line, "tệp không có mục «faq» nào (cần danh sách «faq:» như dialogs/knowledge/faq.yaml)."));
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in file.Faq ?? [])
        {
            var (entry, problems) = new FaqInput(f.Question, f.Answer, f.Related, f.Keywords, f.Questions).Check(f.Id ?? "");
            var name = string.IsNullOrWhiteSpace(f.Id) ? "mục không có «id»" : $"mục «{f.Id}»";
            foreach (var message in problems.SelectMany(p => p.Value))
                errors.Add(new(f.Line, $"{name}: {message.Replace("«Mã mục»", "«id»", StringComparison.Ordinal)}"));
            if (f.Id is { Length: > 0 } id)
            {
                if (ids.TryGetValue(id, out var other)) errors.Add(new(f.Line, $"{name}: «id» trùng với mục ở dòng {other}."));
                else ids[id] = f.Line;
            }
            if (entry is not null) entries.Add(entry);
        }
        return errors.Count > 0 ? ([], errors.OrderBy(e => e.Line).ToList()) : (entries, []);
    }

    /// <summary>YamlDotNet's messages in the staff's words where they are common (a number expected, bad YAML).</summary>
    static string Explain(string message) =>
        message.Contains("not in a correct format", StringComparison.Ordinal) || message.Contains("Failed to create an instance", StringComparison.Ordinal)
            ? $"giá trị không đúng kiểu: «related» là danh sách số từ 1 đến {KnowledgeContentLoader.Count} (ví dụ [3, 10]), «keywords» và «questions» là danh sách chữ. ({message})"
        : message.StartsWith("khoá không hợp lệ", StringComparison.Ordinal) || message.StartsWith("tệp rỗng", StringComparison.Ordinal)
            ? message
            : $"tệp YAML không đọc được ở đây: {message}";

    /// <summary>A YAML double-quoted scalar: backslash, quote and control characters escaped, Vietnamese as is.</summary>
    static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
