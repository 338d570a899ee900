namespace Chatbot.Web.Knowledge;

/// <summary>A phrase found in a message: tokens [Start, Start + Length) say <see cref="Value"/>.</summary>
internal readonly record struct PhraseMatch<T>(int Start, int Length, T Value);

/// <summary>
/// Finds known phrases in a tokenised message, longest first, left to right, without overlaps. Syllables compare
/// folded ("nen tang" = "nền tảng"); when both the message and the phrase carry diacritics they must agree, so "thuế"
/// (tax) never reads as "thuê" (rent), while "thue" typed without diacritics may be either.
/// </summary>
internal sealed class PhraseSet<T>
{
    readonly Dictionary<string, List<(Token[] Words, T Value)>> byFirst = new(StringComparer.Ordinal);

    public PhraseSet(IEnumerable<(string Phrase, T Value)> phrases, VietnameseNormalizer normalizer)
    {
        foreach (var (phrase, value) in phrases)
        {
            var words = normalizer.Tokenize(phrase).ToArray();
            if (words.Length == 0) continue;
            if (!byFirst.TryGetValue(words[0].Folded, out var list)) byFirst[words[0].Folded] = list = [];
            list.Add((words, value));
        }
        foreach (var list in byFirst.Values) list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
    }

    public bool IsEmpty => byFirst.Count == 0;

    public List<PhraseMatch<T>> Find(IReadOnlyList<Token> tokens)
    {
        var found = new List<PhraseMatch<T>>();
        for (var i = 0; i < tokens.Count;)
        {
            var match = Longest(tokens, i);
            if (match is { } m)
            {
                found.Add(m);
                i += m.Length;
            }
            else i++;
        }
        return found;
    }

    /// <summary>Every phrase found at every start, overlaps included: which tokens some phrase explains, and the phrases.
    /// ("bạn là người thật hay máy" holds both "là người" and "người thật hay máy"; a left-to-right pass keeps only the first.)</summary>
    public (bool[] Covered, List<T> Values) Cover(IReadOnlyList<Token> tokens)
    {
        var covered = new bool[tokens.Count];
        var values = new List<T>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (Longest(tokens, i) is not { } m) continue;
            values.Add(m.Value);
            for (var k = m.Start; k < m.Start + m.Length; k++) covered[k] = true;
        }
        return (covered, values);
    }

    public bool Any(IReadOnlyList<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
            if (Longest(tokens, i) is not null) return true;
        return false;
    }

    PhraseMatch<T>? Longest(IReadOnlyList<Token> tokens, int start)
    {
        if (!byFirst.TryGetValue(tokens[start].Folded, out var candidates)) return null;
        foreach (var (words, value) in candidates)
        {
            if (start + words.Length > tokens.Count) continue;
            var all = true;
            for (var k = 0; k < words.Length && all; k++)
                all = Same(tokens[start + k], words[k]);
            if (all) return new PhraseMatch<T>(start, words.Length, value);
        }
        return null;
    }

    static bool Same(Token typed, Token known) =>
        typed.Folded == known.Folded && (typed.Accent is null || known.Accent is null || typed.Accent == known.Accent);
}
