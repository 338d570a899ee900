namespace Chatbot.Web.Knowledge;

/// <summary>A message read for matching: its tokens with paraphrases replaced by the dispatch's words, and the ideas found.</summary>
internal sealed record ReadQuestion(IReadOnlyList<Token> Tokens, IReadOnlyList<Concept> Concepts)
{
    /// <summary>How strongly the ideas alone place the message in the topic (each idea counts once).</summary>
    public double TopicWeight => Concepts.Sum(c => c.Topic);
}

/// <summary>
/// Reads paraphrases as the dispatch's words: "sếp không chịu đổi" is matched as "người đứng đầu không muốn thay đổi",
/// so the ranking, the example questions and the on-topic test all see the same idea however it was typed. Documents
/// and example questions go through the same reading, so both sides meet on the dispatch's vocabulary.
/// </summary>
internal sealed class ConceptReader
{
    readonly VietnameseNormalizer normalizer;
    readonly PhraseSet<Concept> phrases;
    readonly Dictionary<Concept, Token[]> canonical = [];

    public ConceptReader(IEnumerable<Concept> concepts, VietnameseNormalizer normalizer)
    {
        this.normalizer = normalizer;
        var list = concepts.ToList();
        foreach (var c in list) canonical[c] = [.. normalizer.Tokenize(c.Say).Select(t => t with { Stop = false })];
        phrases = new PhraseSet<Concept>(list.SelectMany(c => c.Also.Prepend(c.Say).Select(p => (p, c))), normalizer);
    }

    public VietnameseNormalizer Normalizer => normalizer;

    public ReadQuestion Read(string? text) => Read(normalizer.Tokenize(text));

    public ReadQuestion Read(IReadOnlyList<Token> tokens)
    {
        var matches = phrases.Find(tokens);
        if (matches.Count == 0) return new ReadQuestion(tokens, []);
        var output = new List<Token>(tokens.Count + 4);
        var next = 0;
        foreach (var m in matches)
        {
            for (var i = next; i < m.Start; i++) output.Add(tokens[i]);
            output.AddRange(canonical[m.Value]);
            next = m.Start + m.Length;
        }
        for (var i = next; i < tokens.Count; i++) output.Add(tokens[i]);
        return new ReadQuestion(output, matches.Select(m => m.Value).Distinct().ToList());
    }
}
