namespace Chatbot.Web.Knowledge;

/// <summary>Text of one field of a document and how much a match there counts (a title says more than body text).</summary>
public sealed record SearchField(string Name, double Weight, IReadOnlyList<string> Texts);

/// <summary>A ranked document: <see cref="Score"/> orders (BM25F), <see cref="Coverage"/> (0–1) says how much of the
/// query's meaningful words the document contains, which is what decides whether the bot may claim to know.</summary>
public sealed record SearchHit<T>(T Item, double Score, double Coverage);

/// <summary>
/// A small BM25F ranker over syllables: folded unigrams, folded syllable bigrams (phrases such as "nền tảng") and
/// accented unigrams (so "số" typed with diacritics prefers "số" over "sổ"). Built once from content; searching
/// allocates little and takes microseconds for 17 documents.
/// </summary>
internal sealed class SearchIndex<T>
{
    const double K1 = 1.2, B = 0.5;
    const double BigramWeight = 0.6, AccentWeight = 0.3;
    /// <summary>Credit for a word typed with diacritics that the document has only with other ones ("mấy" vs "máy").</summary>
    const double FoldedOnlyCredit = 0.4;
    /// <summary>Even words every document has carry some content ("chuyển đổi số là gì" is on topic).</summary>
    const double MinCoverageWeight = 0.3;
    /// <summary>How much of coverage depends on word pairs (phrases) rather than single words. Vietnamese words are
    /// mostly two syllables, and single syllables recur with other meanings ("điện" in "điện toán" and in "mất điện"),
    /// so a question none of whose word pairs a document has is rarely about it. 0.6 (was 0.4) rejected 4 more of 54
    /// off-topic questions at no cost on 117 on-topic ones (dev, held-out and civic sets; docs/question-answering.md).</summary>
    const double PairShare = 0.6;

    sealed record Doc(T Item, Dictionary<string, double> Tf, HashSet<string> Folded, HashSet<string> Accents, HashSet<string> Named);

    /// <summary>Fields at least this heavy (titles, labels, keywords, synonyms) name what a document is about.</summary>
    const double NamingWeight = 2.0;

    readonly Doc[] docs;
    readonly Dictionary<string, double> idf = new();
    readonly double unknownIdf;

    /// <param name="read">How a text becomes tokens: the same reading as questions get (paraphrases included).</param>
    public SearchIndex(IEnumerable<(T Item, IReadOnlyList<SearchField> Fields)> documents, Func<string, IReadOnlyList<Token>> read)
    {
        var raw = documents.Select(d => (d.Item, Fields: d.Fields.Select(f =>
            (f.Name, f.Weight, Items: f.Texts.Select(t => read(t).Where(x => !x.Stop).ToList()).ToList())).ToList())).ToList();
        var avgLength = raw.SelectMany(d => d.Fields).GroupBy(f => f.Name)
            .ToDictionary(g => g.Key, g => Math.Max(1.0, g.Average(f => f.Items.Sum(i => i.Count))));

        docs = raw.Select(d =>
        {
            var tf = new Dictionary<string, double>();
            var folded = new HashSet<string>();
            var accents = new HashSet<string>();
            var named = new HashSet<string>();
            foreach (var (name, weight, items) in d.Fields)
            {
                if (weight >= NamingWeight) named.UnionWith(items.SelectMany(i => i).Select(t => t.Folded));
                var length = items.Sum(i => i.Count);
                var norm = weight / (1 - B + B * length / avgLength[name]);
                foreach (var tokens in items)
                    foreach (var term in Terms(tokens))
                        tf[term] = tf.GetValueOrDefault(term) + norm;
                foreach (var t in items.SelectMany(i => i))
                {
                    folded.Add(t.Folded);
                    if (t.Accent is not null) accents.Add(t.Accent);
                }
            }
            return new Doc(d.Item, tf, folded, accents, named);
        }).ToArray();

        var n = docs.Length;
        foreach (var term in docs.SelectMany(d => d.Tf.Keys).Distinct())
        {
            var df = docs.Count(d => d.Tf.ContainsKey(term));
            idf[term] = Math.Log(1 + (n - df + 0.5) / (df + 0.5));
        }
        unknownIdf = Math.Log(1 + (n - 1 + 0.5) / 1.5);
        Vocabulary = docs.SelectMany(d => d.Folded).ToHashSet();
    }

    public IReadOnlySet<string> Vocabulary { get; }

    /// <summary>Every document, best first (ties keep content order). Terms also in <paramref name="asking"/> (the
    /// sentences that ask, see <see cref="QuestionForm"/>) count <paramref name="askingWeight"/> more, in the score and
    /// in the coverage: the story around a question supports it without outweighing it.</summary>
    public IReadOnlyList<SearchHit<T>> Rank(IReadOnlyList<Token> query, IReadOnlyList<Token>? asking = null, double askingWeight = 0)
    {
        var terms = Weighted(Terms(Content(query)), asking is null ? null : Terms(Content(asking)), askingWeight);
        var words = Weighted(Content(query).Select(t => (t.Folded, t.Accent)),
            asking is null ? null : Content(asking).Select(t => (t.Folded, t.Accent)), askingWeight);
        var pairs = Weighted(Pairs(query), asking is null ? null : Pairs(asking), askingWeight);
        var hits = new SearchHit<T>[docs.Length];
        for (var i = 0; i < docs.Length; i++)
        {
            var doc = docs[i];
            var score = 0.0;
            foreach (var (term, weight) in terms)
            {
                if (!doc.Tf.TryGetValue(term, out var tf)) continue;
                var kind = term[0] == '~' ? AccentWeight : term.Contains(' ') ? BigramWeight : 1.0;
                score += weight * kind * idf[term] * tf * (K1 + 1) / (tf + K1);
            }
            var coverage = Coverage(doc, words, pairs);
            // BM25 rewards repeating one strong word; multiplying by coverage prefers the document explaining more of the question.
            hits[i] = new SearchHit<T>(doc.Item, score * coverage, coverage);
        }
        return hits.Where(h => h.Score > 0).OrderByDescending(h => h.Score).ToList();
    }

    static List<Token> Content(IReadOnlyList<Token> tokens) => tokens.Where(t => !t.Stop).ToList();

    /// <summary>Pairs of words typed next to each other (a stop word between them breaks the pair).</summary>
    static IEnumerable<string> Pairs(IReadOnlyList<Token> tokens) =>
        tokens.Zip(tokens.Skip(1)).Where(p => !p.First.Stop && !p.Second.Stop).Select(p => p.First.Folded + " " + p.Second.Folded);

    /// <summary>Each distinct item once, with weight 1 plus <paramref name="extra"/> when the asking clause has it too.</summary>
    static Dictionary<TKey, double> Weighted<TKey>(IEnumerable<TKey> all, IEnumerable<TKey>? asking, double extra) where TKey : notnull
    {
        var weights = new Dictionary<TKey, double>();
        foreach (var item in all) weights[item] = 1;
        foreach (var item in asking ?? []) weights[item] = 1 + extra;
        return weights;
    }

    /// <summary>
    /// The idf-weighted share of the question's words the document has (words typed with other diacritics count less),
    /// scaled by the share of neighbouring word pairs it has too: an off-topic question made of short syllables that
    /// each happen to occur somewhere ("cach nau pho bo") matches words, but not their pairs.
    /// </summary>
    double Coverage(Doc doc, Dictionary<(string Folded, string? Accent), double> words, Dictionary<string, double> pairs)
    {
        if (words.Count == 0) return 0;
        // One word alone ("tiếp", "xem") is a question only if it names the document, not if it merely occurs in it.
        if (words.Count == 1 && !doc.Named.Contains(words.Keys.First().Folded)) return 0;
        double total = 0, covered = 0;
        foreach (var ((folded, accent), emphasis) in words)
        {
            var weight = emphasis * Weight(folded);
            total += weight;
            if (!doc.Folded.Contains(folded)) continue;
            covered += accent is null || doc.Accents.Contains(accent) ? weight : weight * FoldedOnlyCredit;
        }
        if (pairs.Count == 0) return covered / total;
        double pairTotal = 0, pairCovered = 0;
        foreach (var (p, emphasis) in pairs)
        {
            var weight = emphasis * Weight(p);
            pairTotal += weight;
            if (doc.Tf.ContainsKey(p)) pairCovered += weight;
        }
        return covered / total * (1 - PairShare + PairShare * pairCovered / pairTotal);
    }

    double Weight(string term) => idf.TryGetValue(term, out var v) ? Math.Max(v, MinCoverageWeight) : unknownIdf;

    /// <summary>Folded unigrams, bigrams of neighbouring content words, and "~"-prefixed accented unigrams.</summary>
    static IEnumerable<string> Terms(IReadOnlyList<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            yield return tokens[i].Folded;
            if (tokens[i].Accent is { } accent) yield return "~" + accent;
            if (i + 1 < tokens.Count) yield return tokens[i].Folded + " " + tokens[i + 1].Folded;
        }
    }
}
