namespace Chatbot.Web.Knowledge;

/// <summary>An example question of the content and the measured question it most resembles.</summary>
internal sealed record Overlap(string Example, string Measured, string File, double Similarity);

/// <summary>
/// Guards the measure (docs/question-answering.md): content may say the dispatch's ideas in new words, but no example
/// question may be a measured question or a close paraphrase of one, or the figures would measure memory. Similarity
/// is the Jaccard index of the two questions' folded content words and neighbouring word pairs, so a shared idea
/// ("điện toán đám mây") counts little and a shared sentence counts a lot.
/// </summary>
internal static class EvalOverlap
{
    /// <summary>At or above this, an example is too close to a measured question. Independent writers asking about one
    /// difference share its key words (about 0.2–0.3); a paraphrase keeps most of the sentence (0.4 and more).</summary>
    public const double TooClose = 0.4;

    /// <summary>Every example question (content and the differences' own) with its closest measured question, closest first.</summary>
    public static IReadOnlyList<Overlap> Closest(KnowledgeBase knowledge, QuestionLanguage language,
        IEnumerable<(string File, EvalQuestion Question)> measured)
    {
        var normalizer = new VietnameseNormalizer();
        var sets = measured.Select(m => (m.File, m.Question.Text, Terms: Terms(normalizer, m.Question.Text))).ToList();
        var examples = knowledge.Differences.SelectMany(d => d.Questions)
            .Concat(knowledge.Faq.SelectMany(f => f.Questions.Append(f.Question)))
            .Concat(language.Examples.Select(e => e.Text));
        return examples.Distinct().Select(e =>
        {
            var terms = Terms(normalizer, e);
            var best = sets.Select(s => (s.File, s.Text, Similarity: Jaccard(terms, s.Terms))).MaxBy(s => s.Similarity);
            return new Overlap(e, best.Text, best.File, best.Similarity);
        }).OrderByDescending(o => o.Similarity).ToList();
    }

    static HashSet<string> Terms(VietnameseNormalizer normalizer, string text)
    {
        var tokens = normalizer.Tokenize(text);
        var terms = tokens.Where(t => !t.Stop).Select(t => t.Folded).ToHashSet();
        for (var i = 0; i + 1 < tokens.Count; i++)
            if (!tokens[i].Stop && !tokens[i + 1].Stop) terms.Add(tokens[i].Folded + " " + tokens[i + 1].Folded);
        return terms;
    }

    static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}
