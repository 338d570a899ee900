namespace Chatbot.Web.Knowledge;

/// <summary>A difference found for a question; <see cref="Score"/> is 0–1 (the share of the question it explains).</summary>
public sealed record KnowledgeHit(Difference Difference, double Score);

/// <summary>What the bot may say to a question: a difference, an FAQ entry, or neither (then the closest topics).</summary>
public sealed record KnowledgeAnswer(Difference? Difference, FaqEntry? Faq, IReadOnlyList<Difference> Closest)
{
    public bool Confident => Difference is not null || Faq is not null;
}

/// <summary>
/// Question answering over the knowledge: one index over the 17 differences, one over the FAQ. Whether the bot may
/// claim an answer is decided by coverage (how much of the question's meaningful words the best document contains),
/// not by the raw BM25 score, which grows with the question's length and says nothing about off-topic words.
/// </summary>
public sealed class KnowledgeSearch
{
    /// <summary>Below this share of the question's content explained, the bot says it is not sure (README, "Question
    /// answering"): measured on the dev questions and our own off-topic ones (opening hours, marriage, exchange rate...).</summary>
    public const double Threshold = 0.55;

    readonly SearchIndex<Difference> differences;
    readonly SearchIndex<FaqEntry> faq;
    readonly VietnameseNormalizer query;

    public KnowledgeSearch(KnowledgeBase knowledge)
    {
        Knowledge = knowledge;
        var plain = new VietnameseNormalizer();
        differences = new SearchIndex<Difference>(knowledge.Differences.Select(d => (d, (IReadOnlyList<SearchField>)
        [
            new("title", 3.0, [d.Title]),
            new("label", 2.0, [d.Label]),
            new("keywords", 2.5, d.Keywords),
            new("synonyms", 2.0, d.Synonyms),
            new("questions", 1.5, d.Questions),
            new("summary", 1.0, [d.Summary]),
            new("text", 1.0, [d.It, d.Dx]),
        ])), plain);
        faq = new SearchIndex<FaqEntry>(knowledge.Faq.Select(f => (f, (IReadOnlyList<SearchField>)
        [
            new("question", 3.0, [f.Question]),
            new("keywords", 2.5, f.Keywords),
            new("questions", 1.5, f.Questions),
            new("answer", 0.5, [f.Answer]),
        ])), plain);
        query = new VietnameseNormalizer(differences.Vocabulary.Union(faq.Vocabulary).ToHashSet());
    }

    public VietnameseNormalizer Normalizer => query;
    public KnowledgeBase Knowledge { get; }

    /// <summary>Differences best first, at most <paramref name="top"/>; empty when the best is below the threshold.</summary>
    public IReadOnlyList<KnowledgeHit> Search(string text, int top = 3)
    {
        var ranked = differences.Rank(query.Tokenize(text));
        if (ranked.Count == 0 || ranked[0].Coverage < Threshold) return [];
        var best = ranked[0].Score;
        return ranked.Take(top)
            .Select(h => new KnowledgeHit(h.Item, Math.Round(h.Coverage * h.Score / best, 2)))
            .ToList();
    }

    /// <summary>The full ranking with coverage, for the bench's --why.</summary>
    internal IReadOnlyList<SearchHit<Difference>> Explain(string text) => differences.Rank(query.Tokenize(text));

    /// <summary>The difference or FAQ entry that answers <paramref name="text"/>, whichever explains more of it.</summary>
    public KnowledgeAnswer Answer(string text)
    {
        var tokens = query.Tokenize(text);
        var d = differences.Rank(tokens);
        var f = faq.Rank(tokens);
        var closest = d.Take(3).Select(h => h.Item).ToList();
        var bestD = d.FirstOrDefault();
        var bestF = f.FirstOrDefault();
        var dOk = bestD is not null && bestD.Coverage >= Threshold;
        var fOk = bestF is not null && bestF.Coverage >= Threshold;
        // FAQ entries answer the broad questions ("chuyển đổi số là gì", "cntt khác cds chỗ nào"): there every difference
        // explains the words equally and none stands out, so a difference wins only when it explains more and stands out.
        var standsOut = d.Count < 2 || d[0].Score >= 1.25 * d[1].Score;
        if (fOk && (!dOk || !standsOut || bestF!.Coverage > bestD!.Coverage + 0.05)) return new(null, bestF!.Item, closest);
        if (dOk) return new(bestD!.Item, null, closest);
        return new(null, null, closest);
    }
}
