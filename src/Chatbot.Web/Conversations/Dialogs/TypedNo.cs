using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Dialogs;

/// <summary>
/// A «no» typed instead of tapped, as citizens type it: «ko phai», «k phải ạ», «hong dung», «sai roi ad», «đều không
/// phải». Only short replies made of these words count, so a new question that starts with «không phải…» is not taken
/// for an answer.
/// </summary>
public static class TypedNo
{
    /// <summary>Teencode the normaliser does not expand itself (it expands «ko», «k», «hok», «khum»… to «không»).</summary>
    static readonly Dictionary<string, string> Spellings = new()
    {
        ["hong"] = "khong", ["fai"] = "phai", ["p"] = "phai", ["dug"] = "dung",
    };

    static readonly VietnameseNormalizer Reader = new();

    /// <summary>Politeness and particles around the answer: «ạ», «nha», «ad», «bạn ơi».</summary>
    static readonly HashSet<string> Particles = ["a", "ah", "nha", "nhe", "nhen", "ad", "admin", "ban", "bot", "oi", "em", "chau", "con", "dau"];

    static readonly HashSet<string> Answers =
    [
        "khong", "khong phai", "khong dung", "sai", "sai roi", "deu khong phai", "cung khong phai", "khong phai het",
        "khong phai cai nao", "khong co cai nao", "khong phai cai nao het", "khong co cai nao dung", "no",
    ];

    public static bool Matches(string? text)
    {
        var words = Reader.Tokenize(text).Select(t => Spellings.GetValueOrDefault(t.Folded, t.Folded)).Where(w => !Particles.Contains(w));
        return Answers.Contains(string.Join(' ', words));
    }
}
