using System.Globalization;
using System.Text;

namespace Chatbot.Web.Knowledge;

/// <summary>Folding of Vietnamese text for matching: the only place where diacritic-free forms exist.</summary>
public static class VietnameseText
{
    /// <summary>NFC text from any channel: some keyboards send decomposed (NFD) Vietnamese.</summary>
    public static string Nfc(string? text) => (text ?? "").Normalize(NormalizationForm.FormC).Trim();

    /// <summary>Lower case, no diacritics (đ→d), punctuation to spaces, single spaces: "Chuyển đổi số?" → "chuyen doi so".</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            var ch = c switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(c) };
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(ch);
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        return sb.ToString().TrimEnd();
    }
}
