using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Dialogs;

/// <summary>
/// A «no» typed instead of tapped, as citizens type it: «ko phai», «k phải ạ», «hong dung», «sai roi ad», «đều không
/// phải». Only short replies made of these words count, so a new question that starts with «không phải…» is not taken
/// for an answer.
/// </summary>
public static class TypedNo
{
    static readonly Dictionary<string, string> Spellings = new()
    {
        ["ko"] = "khong", ["k"] = "khong", ["kg"] = "khong", ["kh"] = "khong", ["khg"] = "khong", ["hok"] = "khong",
        ["hk"] = "khong", ["hong"] = "khong", ["hem"] = "khong", ["khum"] = "khong",
        ["fai"] = "phai", ["p"] = "phai", ["dug"] = "dung",
    };

    /// <summary>Politeness and particles around the answer: «ạ», «nha», «ad», «bạn ơi».</summary>
    static readonly HashSet<string> Particles = ["a", "ah", "nha", "nhe", "nhen", "ad", "admin", "ban", "bot", "oi", "em", "chau", "con", "dau"];

    static readonly HashSet<string> Answers =
    [
        "khong", "khong phai", "khong dung", "sai", "sai roi", "deu khong phai", "cung khong phai", "khong phai het",
        "khong phai cai nao", "khong co cai nao", "khong phai cai nao het", "khong co cai nao dung", "no",
    ];

    public static bool Matches(string? text)
    {
        var words = VietnameseText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Spellings.GetValueOrDefault(w, w)).Where(w => !Particles.Contains(w));
        return Answers.Contains(string.Join(' ', words));
    }
}
