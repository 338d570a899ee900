using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// Reads a whole message that names one difference: "3", "điểm 3", "điểm số 3", "điểm thứ ba", "thứ ba", "so 3",
/// "mục 3", "xem điểm 17 nhé". A bare word number ("ba") is not enough: it is also a word.
/// </summary>
public static class DifferenceReference
{
    static readonly Dictionary<string, int> Numbers = new()
    {
        ["mot"] = 1, ["nhat"] = 1, ["hai"] = 2, ["nhi"] = 2, ["ba"] = 3, ["bon"] = 4, ["tu"] = 4, ["nam"] = 5,
        ["sau"] = 6, ["bay"] = 7, ["tam"] = 8, ["chin"] = 9, ["muoi"] = 10, ["muoi mot"] = 11, ["muoi hai"] = 12,
        ["muoi ba"] = 13, ["muoi bon"] = 14, ["muoi tu"] = 14, ["muoi lam"] = 15, ["muoi nam"] = 15,
        ["muoi sau"] = 16, ["muoi bay"] = 17,
    };

    static readonly string[] Leads = ["cho minh xem ", "cho toi xem ", "cho em xem ", "cho xem ", "xem ", "mo ", "doc "];
    static readonly string[] Heads = ["diem khac biet ", "diem khac nhau ", "diem so ", "diem thu ", "diem ", "muc so ", "muc ", "so ", "thu "];
    static readonly string[] Tails = [" a", " nhe", " nha", " di", " voi", " giup minh", " giup toi"];

    /// <summary>The number named (any value: the caller checks the range), or null when the message is something else.</summary>
    public static int? Parse(string text)
    {
        var s = VietnameseText.Fold(text);
        foreach (var tail in Tails)
            if (s.EndsWith(tail, StringComparison.Ordinal) && s.Length > tail.Length) s = s[..^tail.Length];
        foreach (var lead in Leads)
            if (s.StartsWith(lead, StringComparison.Ordinal)) { s = s[lead.Length..]; break; }
        var head = Heads.FirstOrDefault(h => s.StartsWith(h, StringComparison.Ordinal));
        if (head is not null) s = s[head.Length..];
        if (s.Length is > 0 and <= 3 && s.All(char.IsAsciiDigit)) return int.Parse(s);
        return head is not null && Numbers.TryGetValue(s, out var n) ? n : null;
    }
}
