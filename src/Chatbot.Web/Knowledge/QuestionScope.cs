namespace Chatbot.Web.Knowledge;

/// <summary>
/// What a message is before any difference is ranked: small talk ("chào bạn", "cảm ơn", "bạn là người thật hay
/// máy"), a support question about a particular app or public service ("quên mật khẩu Zalo", "VNeID không đăng nhập
/// được": the differences do not answer those, a pointer to help does), or a question whose intent is plainly
/// elsewhere (careers, shopping advice) even if it names a technology. Words come from dialogs/knowledge/scope.yaml.
/// </summary>
internal sealed class QuestionScope
{
    /// <summary>Ways of addressing the bot that carry nothing else: "bạn ơi", "ad", "mình".</summary>
    static readonly HashSet<string> Fillers = ["ban", "minh", "to", "cau", "ad", "admin", "bot", "chatbot", "oi", "nhe", "nha",
        "a", "ha", "ho", "hen", "nhi", "vay", "the", "roi", "nhieu", "lam", "qua", "hi", "hihi", "haha", "hehe", "ak", "nhoa",
        "chi", "co", "chu", "ong", "ba", "bac", "chau", "con", "em", "anh", "tui", "toi", "voi", "ne", "day", "thi", "that", "su"];

    readonly PhraseSet<SmallTalkKind> smallTalk;
    readonly PhraseSet<bool> offTopic, subjects, actions;

    public QuestionScope(QuestionScopeWords words, VietnameseNormalizer normalizer)
    {
        smallTalk = new(words.SmallTalk.SelectMany(k => k.Value.Select(p => (p, k.Key))), normalizer);
        offTopic = new(words.OffTopic.Select(p => (p, true)), normalizer);
        subjects = new(words.SupportSubjects.Select(p => (p, true)), normalizer);
        actions = new(words.SupportActions.Select(p => (p, true)), normalizer);
    }

    /// <summary>The kind of small talk when the whole message is small talk (greetings inside a real question are not).</summary>
    public SmallTalkKind? SmallTalk(string text, IReadOnlyList<Token> tokens)
    {
        if (tokens.Count == 0) return text.Any(c => char.IsSurrogate(c) || char.GetUnicodeCategory(c) is
            System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.MathSymbol
            or System.Globalization.UnicodeCategory.OtherPunctuation) ? SmallTalkKind.Emoji : null;
        var (covered, kinds) = smallTalk.Cover(tokens);
        if (kinds.Count == 0) return null;
        for (var i = 0; i < tokens.Count; i++)
            if (!covered[i] && !tokens[i].Stop && !Fillers.Contains(tokens[i].Folded)) return null;
        // Asking who the bot is outweighs a greeting or thanks around it ("chào bạn, bạn là người hay máy?").
        return kinds.Contains(SmallTalkKind.Identity) ? SmallTalkKind.Identity : kinds[0];
    }

    /// <summary>How to use a particular app or public service, or a problem with one: a subject named as typed or as
    /// read, and an action as read — a word the reading took as part of an idea is not an action ("ai được lợi" typed
    /// without diacritics is a benefit, not «lỗi»).</summary>
    public bool IsSupport(IReadOnlyList<Token> read, IReadOnlyList<Token> typed) =>
        (subjects.Any(read) || subjects.Any(typed)) && actions.Any(read);

    /// <summary>How many intents no difference answers the message shows, whatever technology it names ("học ngành CNTT
    /// ra trường lương bao nhiêu": two).</summary>
    public int OffTopicIntents(IReadOnlyList<Token> tokens) => offTopic.Find(tokens).Count;
}
