namespace Chatbot.Web.Knowledge;

/// <summary>What the asking words of a message ask for (scope.yaml, «asks»).</summary>
public enum AskKind
{
    /// <summary>Nothing in the form says: "có … không", "thế nào" ask either way.</summary>
    Neither,
    /// <summary>What, why, how different, an example, what it means, is it so: what the differences answer.</summary>
    Meaning,
    /// <summary>Where, when, whom to contact, how much it costs, how to sign up, send me…: a fact or a step in the
    /// ward's world, which no difference answers however many of the topic's words the message uses.</summary>
    Practical,
    /// <summary>A practical form that names the fact wanted (a phone number, an address, a link, how many households)
    /// or asks the bot to do a job (write, draft): practical even beside a meaning form ("sđt của tổ là gì") and
    /// whatever ideas of the dispatch the message names.</summary>
    Fact,
}

/// <summary>
/// Reads how a message asks, before and beside the ranking. A long message tells a story and then asks: its
/// <b>asking clause</b> is the sentences ending in a question mark (when there are others), and the rest is context.
/// Its <b>intent</b> comes from the question words of that clause: a message about the logistics of the ward's
/// digital-transformation activities ("họp về chuyển đổi số tối nay ở đâu", "tổ công nghệ số số điện thoại bao
/// nhiêu") names the topic yet asks for a place, a time or a contact, not for what IT and digital transformation are.
/// </summary>
internal sealed class QuestionForm
{
    readonly PhraseSet<AskKind> asks;

    public QuestionForm(IReadOnlyDictionary<AskKind, IReadOnlyList<string>> words, VietnameseNormalizer normalizer) =>
        asks = new(words.SelectMany(k => k.Value.Select(p => (p, k.Key))), normalizer);

    /// <summary>A story typed without question marks asks in its last sentence when that sentence has at least this
    /// many words («máy hư hoài mà chưa biết khi nào có tiền sửa. Chuyển đổi số có giúp được chuyện đó không»: the «khi
    /// nào» is the story's); a shorter one («Cảm ơn ạ») leaves the whole message as the question.</summary>
    const int LastSentenceAsks = 4;

    /// <summary>The sentences that ask, when the message also has sentences that do not; without any question mark, the
    /// last sentence (see <see cref="LastSentenceAsks"/>); null when the whole message asks (one sentence).</summary>
    public static string? AskingClause(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var sentences = Sentences(text);
        if (sentences.Count < 2) return null;
        var asking = sentences.Where(s => s.Asks).Select(s => s.Text).ToList();
        if (asking.Count == 0 && sentences[^1].Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= LastSentenceAsks)
            return sentences[^1].Text;
        return asking.Count is > 0 && asking.Count < sentences.Count ? string.Join(" ", asking) : null;
    }

    /// <summary>Fact when the fact wanted is named ("số điện thoại … là gì": the number is what is asked); else
    /// Meaning when any meaning form is there (it wins over the other practical forms: "khi nào thì được coi là chuyển
    /// đổi số" asks what counts); else Practical when a practical form is; else Neither. Longer phrases win over shorter
    /// ones ("ở đâu ra" asks for an origin, not a place).</summary>
    public AskKind Intent(IReadOnlyList<Token> tokens)
    {
        var found = asks.Find(tokens);
        if (found.Any(m => m.Value == AskKind.Fact)) return AskKind.Fact;
        if (found.Any(m => m.Value == AskKind.Meaning) || AsksWhy(tokens)) return AskKind.Meaning;
        return found.Any(m => m.Value == AskKind.Practical) || AsksWhichPlace(tokens) ? AskKind.Practical : AskKind.Neither;
    }

    /// <summary>Whether the message also asks a practical thing (a place, a time, whom to ask), whatever else it asks.</summary>
    public bool AsksPractical(IReadOnlyList<Token> tokens) =>
        asks.Find(tokens).Any(m => m.Value is AskKind.Practical or AskKind.Fact) || AsksWhichPlace(tokens);

    /// <summary>"Sao …?" opening the question asks why ("sao người ta nói …", "sao chủ tiệm cũng phải …"), whatever
    /// follows; the same word later in a sentence asks how ("thấy sao", "làm sao").</summary>
    static bool AsksWhy(IReadOnlyList<Token> tokens) =>
        tokens.Count > 1 && tokens[0].Folded == "sao" && tokens[0].Accent is null or "sao";

    /// <summary>Words after which "ở … nào" asks in what respect or at what level, not at which place ("khác ở điểm
    /// nào", "nằm ở chỗ nào", "đứng ở vị trí nào", "ở giai đoạn nào").</summary>
    static readonly HashSet<string> Respects = ["diem", "cho", "khau", "mat", "buoc", "phan", "muc", "dau", "viec", "y",
        "vi", "vai", "cap", "giai", "tang", "khia", "goc", "linh", "trinh", "do", "khoan", "the"];

    /// <summary>"ở / tại + a place + nào" ("ở nhà văn hóa nào", "tại trường nào"): a place, whatever the place is called.</summary>
    static bool AsksWhichPlace(IReadOnlyList<Token> tokens)
    {
        for (var i = 0; i + 2 < tokens.Count; i++)
        {
            if (tokens[i].Folded is not ("o" or "tai") || Respects.Contains(tokens[i + 1].Folded)) continue;
            for (var j = i + 2; j < tokens.Count && j <= i + 4; j++)
                if (tokens[j].Folded == "nao") return true;
        }
        return false;
    }

    /// <summary>Sentences split after . ! ? ; … and line breaks (a full stop only before a space: "4.0", "TP.HCM" stay
    /// whole), each marked when a question mark ends it.</summary>
    static List<(string Text, bool Asks)> Sentences(string text)
    {
        var result = new List<(string, bool)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ends = c is '?' or '!' or ';' or '…' or '\n' || c == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]));
            if (!ends) continue;
            var asks = false;
            while (i < text.Length && text[i] is '?' or '!' or '.' or ';' or '…' or '\n' or '\r' or ' ' or '"' or '\'' or ')')
                asks |= text[i++] == '?';
            Add(text[start..i], asks);
            start = i;
            i--;
        }
        Add(text[start..], false);
        return result;

        void Add(string sentence, bool asks)
        {
            if (sentence.Any(char.IsLetterOrDigit)) result.Add((sentence.Trim(), asks));
        }
    }
}
