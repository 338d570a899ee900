using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Chatbot.Web.Knowledge;

/// <summary>One syllable for matching: <see cref="Folded"/> has no diacritics ("so"); <see cref="Accent"/> keeps them in a
/// spelling-independent key ("sô1": "hoá" and "hóa" agree), or is null when the citizen typed without diacritics.</summary>
public readonly record struct Token(string Folded, string? Accent, bool Stop);

/// <summary>
/// Turns what citizens type into tokens: NFC, lower case, "+" read as "cộng", abbreviations and teencode expanded
/// (cds, cntt, ko, đc, j, ntn, bn...), Telex/VNI leftovers repaired against the known vocabulary ("chuyeenr ddooir soos"),
/// politeness phrases and particles marked as stop words ("cho em hỏi", "ạ", "nhé").
/// </summary>
public sealed partial class VietnameseNormalizer(IReadOnlySet<string>? vocabulary = null)
{
    static readonly Dictionary<string, string> Abbreviations = new()
    {
        ["cds"] = "chuyển đổi số", ["cđs"] = "chuyển đổi số", ["dx"] = "chuyển đổi số", ["cdsh"] = "chuyển đổi số",
        ["cntt"] = "công nghệ thông tin", ["it"] = "công nghệ thông tin", ["ict"] = "công nghệ thông tin",
        ["cns"] = "công nghệ số", ["cn"] = "công nghệ", ["cnscđ"] = "công nghệ số cộng đồng", ["cnscd"] = "công nghệ số cộng đồng",
        ["ko"] = "không", ["k"] = "không", ["kg"] = "không", ["kh"] = "không", ["khg"] = "không", ["hok"] = "không",
        ["hk"] = "không", ["hông"] = "không", ["hem"] = "không", ["khum"] = "không", ["khong"] = "không",
        ["đc"] = "được", ["dc"] = "được", ["j"] = "gì", ["ji"] = "gì",
        ["ntn"] = "như thế nào", ["ltn"] = "làm thế nào", ["bn"] = "bao nhiêu", ["bnhiu"] = "bao nhiêu", ["nhiu"] = "nhiêu",
        ["dl"] = "dữ liệu", ["csdl"] = "cơ sở dữ liệu", ["pm"] = "phần mềm", ["ql"] = "quản lý", ["sd"] = "sử dụng",
        ["ud"] = "ứng dụng", ["ng"] = "người", ["ngta"] = "người ta", ["đt"] = "điện thoại",
        ["dt"] = "điện thoại", ["mt"] = "máy tính", ["vd"] = "ví dụ", ["vs"] = "với", ["wa"] = "qua", ["ubnd"] = "ủy ban nhân dân",
        ["tp"] = "thành phố", ["ld"] = "lãnh đạo", ["lđ"] = "lãnh đạo", ["cq"] = "cơ quan", ["ptr"] = "phát triển",
        ["z"] = "vậy", ["v"] = "vậy", ["s"] = "sao", ["r"] = "rồi", ["ah"] = "à", ["uh"] = "ừ", ["ok"] = "ừ",
        ["tks"] = "cảm ơn", ["thanks"] = "cảm ơn",
        // Everyday southern words for the dispatch's own: "người xài" is "người dùng", "mướn" is "thuê".
        ["xài"] = "dùng", ["xai"] = "dùng", ["mướn"] = "thuê",
    };

    /// <summary>Particles, pronouns and question words: they carry no topic, so they neither score nor count as content.
    /// Typed without diacritics they are matched folded, so none may fold like a content syllable ("nên"/"nền",
    /// "còn"/"con người", "lắm"/"làm", "đâu"/"đầu tư", "chị"/"chi phí" are left out for that reason).</summary>
    static readonly string[] StopWords =
    [
        "là", "gì", "của", "và", "có", "không", "thì", "mà", "những", "các", "này", "đó", "đấy", "kia", "vậy", "thế",
        "nào", "sao", "à", "ạ", "ư", "nhỉ", "nhé", "nha", "ơi", "với", "để", "được", "bị", "cho", "hay", "hoặc",
        "như", "ở", "ai", "tôi", "bạn", "mình", "chào", "cháu", "bác", "tui", "em", "anh", "ad", "admin", "bot", "chatbot", "thôi", "vâng", "dạ", "ừ", "xin", "hỏi",
        "giúp", "nghĩa", "ý", "hiểu", "giải", "thích", "khi", "một", "cũng", "đã", "đang", "sẽ", "phải", "điều", "gọi",
        "ta", "nó", "chút", "xíu", "thử", "luôn", "quá", "thật", "hơn", "ra", "vào", "lên", "thường", "trong", "ngoài",
        // Every question here compares CNTT and chuyển đổi số: comparison words name no particular difference.
        "khác", "nhau", "giống", "sánh", "biệt", "điểm", "chỗ",
    ];

    static readonly HashSet<string> FoldedStops = StopWords.Select(VietnameseText.Fold).ToHashSet();
    static readonly HashSet<string> AccentStops = StopWords.Where(HasMarks).Select(w => AccentKey(w)!).ToHashSet();

    /// <summary>Tokens of <paramref name="text"/>, in order, stop words marked (not removed: phrases need positions).</summary>
    public IReadOnlyList<Token> Tokenize(string? text)
    {
        var tokens = new List<Token>();
        if (string.IsNullOrWhiteSpace(text)) return tokens;
        // "AI" in capitals is artificial intelligence; lower-case "ai" is the question word "who".
        var prepared = UpperAi().Replace(text.Normalize(NormalizationForm.FormC), " trí tuệ nhân tạo ")
            .ToLowerInvariant().Replace("+", " cộng ", StringComparison.Ordinal);
        foreach (var raw in Words(prepared))
        {
            if (Abbreviations.TryGetValue(raw, out var expansion))
            {
                foreach (var word in expansion.Split(' ')) tokens.Add(Make(word));
                continue;
            }
            var token = Make(raw);
            if (token.Folded.Length == 0) continue;
            if (token.Accent is null && Repair(token.Folded) is { } repaired)
            {
                tokens.Add(new Token(repaired, null, FoldedStops.Contains(repaired)));
                continue;
            }
            tokens.Add(token);
        }
        MarkPoliteness(tokens);
        return tokens;
    }

    /// <summary>Words already seen: folding a word and keying its accents takes three Unicode normalisations, and the
    /// same few thousand words come back in every question and every index build (a sixteenth of the test suite's CPU,
    /// mostly here). A pure function of the word; the cache stops growing at <see cref="SeenLimit"/> words.</summary>
    static readonly ConcurrentDictionary<string, Token> Seen = new(StringComparer.Ordinal);
    const int SeenLimit = 200_000;

    static Token Make(string word)
    {
        if (Seen.TryGetValue(word, out var known)) return known;
        var folded = VietnameseText.Fold(word);
        var accent = HasMarks(word) ? AccentKey(word) : null;
        // "có" is a particle but "cơ" (cơ quan) is not: typed with diacritics, the accented form decides.
        var stop = accent is null ? FoldedStops.Contains(folded) : AccentStops.Contains(accent);
        var token = new Token(folded, accent, stop);
        if (Seen.Count < SeenLimit) Seen.TryAdd(word, token);
        return token;
    }

    /// <summary>"cho em hỏi", "bạn ơi", "làm ơn", "bao nhiêu": whole phrases of politeness or question, whatever their words mean alone.</summary>
    static void MarkPoliteness(List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i].Folded;
            var next = i + 1 < tokens.Count ? tokens[i + 1].Folded : "";
            var span = (t, next) switch
            {
                ("cho", _) when i + 2 < tokens.Count && tokens[i + 2].Folded == "hoi" => 3,
                ("xin", "hoi") or ("lam", "on") or ("vui", "long") or ("cam", "on") or ("cu", "the") or ("co", "the") => 2,
                // Question phrases ask about amount or time; they name no topic ("giá vàng bao nhiêu").
                ("bao", "nhieu") or ("bao", "gio") or ("vi", "sao") or ("tai", "sao") or ("o", "dau") or ("ban", "oi") => 2,
                // Framing that asks what matters ("cds quan tâm gì", "có quan trọng không"); "cái gì" stays: it names difference 11.
                ("quan", "tam") or ("quan", "trong") => 2,
                (_, "oi") => 2,
                _ => 0,
            };
            for (var j = i; j < i + span && j < tokens.Count; j++) tokens[j] = tokens[j] with { Stop = true };
        }
    }

    /// <summary>Telex ("chuyeenr", "ddooir", "dduowcj") and VNI ("chuye6n3", "d9o6i3") typed without the keyboard
    /// converting them. Only words the knowledge does not contain are repaired, and only into words it does.</summary>
    string? Repair(string folded)
    {
        if (vocabulary is null || vocabulary.Contains(folded) || FoldedStops.Contains(folded)) return null;
        foreach (var candidate in new[] { Vni(folded), Telex(folded) })
            if (candidate is not null && candidate != folded && (vocabulary.Contains(candidate) || FoldedStops.Contains(candidate)))
                return candidate;
        return null;
    }

    static string? Vni(string word)
    {
        if (!word.Any(char.IsDigit) || !word.Any(char.IsLetter)) return null;
        return new string(word.Replace("d9", "d", StringComparison.Ordinal).Where(char.IsLetter).ToArray());
    }

    static string? Telex(string word)
    {
        if (!word.All(c => c is >= 'a' and <= 'z')) return null;
        var firstVowel = word.IndexOfAny(['a', 'e', 'i', 'o', 'u', 'y']);
        if (firstVowel < 0) return null;
        // Vietnamese syllables never have s, f, r, x, j or w after the vowel: there they are Telex tone or shape keys.
        var sb = new StringBuilder(word[..firstVowel]);
        foreach (var c in word[firstVowel..])
            if (c is not ('s' or 'f' or 'r' or 'x' or 'j' or 'w')) sb.Append(c);
        var s = sb.ToString();
        if (s.StartsWith("dd", StringComparison.Ordinal)) s = s[1..];
        return s.Replace("aa", "a", StringComparison.Ordinal).Replace("ee", "e", StringComparison.Ordinal)
            .Replace("oo", "o", StringComparison.Ordinal);
    }

    /// <summary>Runs of letters and digits; everything else separates words.</summary>
    static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inside = i < text.Length && char.IsLetterOrDigit(text[i]) || i < text.Length && IsMark(text[i]);
            if (inside && start < 0) start = i;
            else if (!inside && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    public static bool HasMarks(string word) =>
        word.Contains('đ') || word.Normalize(NormalizationForm.FormD).Any(IsMark);

    /// <summary>Diacritics as a key independent of where the tone mark sits ("hoá" = "hóa" = "hoa1"): the base with its
    /// shape marks (â ă ê ô ơ ư đ), then the tone as a digit (0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng).</summary>
    public static string? AccentKey(string word)
    {
        var tone = '0';
        var sb = new StringBuilder(word.Length + 1);
        foreach (var c in word.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                case '\u0301': tone = '1'; break;
                case '\u0300': tone = '2'; break;
                case '\u0309': tone = '3'; break;
                case '\u0303': tone = '4'; break;
                case '\u0323': tone = '5'; break;
                default:
                    if (char.IsLetterOrDigit(c) || IsMark(c)) sb.Append(c);
                    break;
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC) + tone;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bAI\b")]
    private static partial System.Text.RegularExpressions.Regex UpperAi();
}
