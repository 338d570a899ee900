namespace Chatbot.Web.Knowledge;

/// <summary>The closest example question of one target (a difference or an FAQ entry), with its cosine similarity 0–1.</summary>
internal readonly record struct ExampleHit(ExampleQuestion Example, double Similarity);

/// <summary>
/// Question-to-question matching: a citizen's question is compared with every example question (from content and from
/// staff), as tf-idf vectors of folded words and neighbouring word pairs after <see cref="ConceptReader"/>. A whole
/// example that says the same thing in other words is stronger evidence than scattered words in a long document.
/// An inverted index keeps one lookup to the examples that share a term.
/// </summary>
internal sealed class ExampleIndex
{
    const double PairWeight = 0.8;

    readonly ExampleQuestion[] examples;
    readonly Dictionary<string, List<(int Example, double Weight)>> postings = new(StringComparer.Ordinal);
    readonly Dictionary<string, double> idf = new(StringComparer.Ordinal);
    readonly double unknownIdf;

    public ExampleIndex(IReadOnlyList<ExampleQuestion> examples, ConceptReader reader)
    {
        this.examples = [.. examples];
        var vectors = examples.Select(e => Terms(reader.Read(e.Text).Tokens)).ToList();
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in vectors)
            foreach (var term in v.Keys)
                df[term] = df.GetValueOrDefault(term) + 1;
        var n = Math.Max(1, examples.Count);
        foreach (var (term, count) in df) idf[term] = Math.Log(1 + (double)n / count);
        unknownIdf = Math.Log(1 + n / 0.5);
        for (var i = 0; i < vectors.Count; i++)
        {
            var weights = vectors[i].ToDictionary(t => t.Key, t => t.Value * idf[t.Key]);
            var norm = Math.Sqrt(weights.Values.Sum(w => w * w));
            if (norm == 0) continue;
            foreach (var (term, w) in weights)
            {
                if (!postings.TryGetValue(term, out var list)) postings[term] = list = [];
                list.Add((i, w / norm));
            }
        }
    }

    public int Count => examples.Length;

    /// <summary>Similarity of <paramref name="tokens"/> to each example that shares a term with it (others are 0).</summary>
    public Dictionary<int, double> Similarities(IReadOnlyList<Token> tokens)
    {
        var query = Terms(tokens);
        var scores = new Dictionary<int, double>();
        if (query.Count == 0) return scores;
        var weights = query.ToDictionary(t => t.Key, t => t.Value * idf.GetValueOrDefault(t.Key, unknownIdf));
        var norm = Math.Sqrt(weights.Values.Sum(w => w * w));
        foreach (var (term, w) in weights)
        {
            if (!postings.TryGetValue(term, out var list)) continue;
            foreach (var (example, ew) in list)
                scores[example] = scores.GetValueOrDefault(example) + w / norm * ew;
        }
        return scores;
    }

    /// <summary>For each target (difference number or FAQ id), its closest example, best first.</summary>
    public IReadOnlyList<ExampleHit> Best(IReadOnlyList<Token> tokens)
    {
        var best = new Dictionary<(int?, string?), ExampleHit>();
        foreach (var (i, s) in Similarities(tokens))
        {
            var e = examples[i];
            var key = (e.Difference, e.FaqId);
            if (!best.TryGetValue(key, out var hit) || s > hit.Similarity) best[key] = new ExampleHit(e, s);
        }
        return best.Values.OrderByDescending(h => h.Similarity).ToList();
    }

    /// <summary>Folded words and pairs of neighbouring words (a stop word between two words breaks the pair).</summary>
    static Dictionary<string, double> Terms(IReadOnlyList<Token> tokens)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Stop) continue;
            terms[tokens[i].Folded] = terms.GetValueOrDefault(tokens[i].Folded) + 1;
            if (i + 1 < tokens.Count && !tokens[i + 1].Stop)
            {
                var pair = tokens[i].Folded + " " + tokens[i + 1].Folded;
                terms[pair] = terms.GetValueOrDefault(pair) + PairWeight;
            }
        }
        return terms;
    }
}
