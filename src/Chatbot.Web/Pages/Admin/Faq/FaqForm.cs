using System.Globalization;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Pages.Admin.Faq;

/// <summary>The form's text fields to an <see cref="FaqInput"/>: lists one per line, related differences as numbers
/// separated by commas or spaces; a word that is not a number is a field error of its own.</summary>
public static class FaqForm
{
    public static string[] Lines(string? text) =>
        (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    public static (List<int> Numbers, List<string> Errors) Numbers(string? text)
    {
        var numbers = new List<int>();
        var errors = new List<string>();
        foreach (var word in (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) numbers.Add(n);
            else errors.Add($"«{FaqInput.Labels["related"]}»: «{word}» không phải số điểm (ghi các số từ 1 đến {KnowledgeContentLoader.Count}, cách nhau bằng dấu phẩy).");
        }
        return (numbers, errors);
    }

    public static string Join(IEnumerable<int> numbers) => string.Join(", ", numbers);
    public static string Join(IEnumerable<string> lines) => string.Join("\n", lines);
}
