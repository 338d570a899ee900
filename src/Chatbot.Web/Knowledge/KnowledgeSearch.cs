namespace Chatbot.Web.Knowledge;

/// <summary>A difference found for a question; <see cref="Score"/> is 0–1 (how strongly it is the one asked about).</summary>
public sealed record KnowledgeHit(Difference Difference, double Score);

public enum DecisionKind { Answer, Clarify, None }

/// <summary>Why the bot does not answer from the knowledge: not the topic, a support question, or small talk.</summary>
public enum NoneReason { OffTopic, Support, SmallTalk }

/// <summary>An FAQ entry that answers a question, with how closely (0–1) the question matched one of its example questions.</summary>
public sealed record FaqHit(FaqEntry Entry, double Score);

/// <summary>
/// What the bot does with a message: <see cref="DecisionKind.Answer"/> one difference (<see cref="Candidates"/>[0]) or
/// one FAQ entry (<see cref="Faq"/>); <see cref="DecisionKind.Clarify"/> with up to three candidates, best first; or
/// <see cref="DecisionKind.None"/> for the <see cref="Reason"/> given. The same decision serves the chat and the API.
/// </summary>
public sealed record KnowledgeDecision(DecisionKind Kind, IReadOnlyList<KnowledgeHit> Candidates, FaqHit? Faq = null,
    NoneReason? Reason = null, SmallTalkKind? SmallTalk = null)
{
    public const int MaxCandidates = 3;

    public Difference? Difference => Kind == DecisionKind.Answer && Faq is null && Candidates.Count > 0 ? Candidates[0].Difference : null;

    public static KnowledgeDecision None(NoneReason reason, SmallTalkKind? smallTalk = null) => new(DecisionKind.None, [], null, reason, smallTalk);
}

/// <summary>
/// Question answering in two steps (docs/question-answering.md). First: is the message about IT and digital
/// transformation at all? Small talk and support questions are settled before any ranking; then the ideas the message
/// names (concepts.yaml) and how well the best difference explains it say whether it is on topic. Second: which
/// difference? The BM25F ranking over each difference's text and the closest example questions (the FAQ entries' too)
/// are combined; the bot answers when one candidate clearly leads, asks with up to three candidates when the message is
/// on topic but the lead is not clear, and otherwise says honestly that this is not what it covers.
/// </summary>
public sealed class KnowledgeSearch
{
    /// <summary>Added to the topic weight when two ideas of one difference meet in a question ("mua đứt hay trả theo
    /// tháng", "lãnh đạo nói, kỹ thuật làm"): each may be everyday words alone, together they are the dispatch's point.</summary>
    const double PairedIdeas = 0.5;

    /// <summary>An idea said by at most this many differences is specific enough to pair; "công nghệ thông tin" is in
    /// nearly every one and pairs with anything.</summary>
    const int SpecificIdea = 3;

    /// <summary>How much more the words of the asking clause count than the story's in the document ranking.</summary>
    const double AskingWeight = 1.0;

    readonly SearchIndex<Difference> differences;
    readonly ExampleIndex examples;
    readonly ConceptReader reader;
    readonly QuestionScope scope;
    readonly QuestionForm form;
    readonly LearnedQuestions learned;
    /// <summary>Which differences' own text (not their example questions) says each idea in the dispatch's words.</summary>
    readonly Dictionary<Concept, HashSet<int>> ideasOf;

    public KnowledgeSearch(KnowledgeBase knowledge, QuestionLanguage language, IEnumerable<ExampleQuestion>? staffExamples = null)
    {
        Knowledge = knowledge;
        var plain = new VietnameseNormalizer();
        var plainReader = new ConceptReader(language.Concepts, plain);
        IReadOnlyList<Token> Read(string text) => plainReader.Read(text).Tokens;
        differences = new SearchIndex<Difference>(knowledge.Differences.Select(d => (d, (IReadOnlyList<SearchField>)
        [
            new("title", 3.0, [d.Title]),
            new("label", 2.0, [d.Label]),
            new("keywords", 2.5, d.Keywords),
            new("synonyms", 2.0, d.Synonyms),
            new("questions", 1.5, d.Questions),
            new("summary", 1.0, [d.Summary]),
            new("text", 1.0, [d.It, d.Dx]),
        ])), Read);
        // FAQ entries are matched by their questions (ExampleIndex); their words still teach the Telex repair.
        var vocabulary = differences.Vocabulary
            .Union(knowledge.Faq.SelectMany(f => f.Questions.Append(f.Question).Concat(f.Keywords)).SelectMany(t => VietnameseText.Fold(t).Split(' ')))
            .Union(language.Concepts.SelectMany(c => c.Also.Prepend(c.Say)).SelectMany(p => VietnameseText.Fold(p).Split(' ')))
            .ToHashSet();
        reader = new ConceptReader(language.Concepts, new VietnameseNormalizer(vocabulary));
        scope = new QuestionScope(language.Scope, plain);
        form = new QuestionForm(language.Scope.Asks, plain);
        learned = language.Learned;
        var all = knowledge.Differences.SelectMany(d => d.Questions.Select(q => new ExampleQuestion(q, d.Number, null)))
            .Concat(knowledge.Faq.SelectMany(f => f.Questions.Append(f.Question).Select(q => new ExampleQuestion(q, null, f.Id))))
            .Concat(language.Examples)
            .Concat(staffExamples ?? [])
            // An FAQ entry deleted in the console takes its example questions (examples.yaml, staff) with it.
            .Where(e => e.FaqId is null || knowledge.FindFaq(e.FaqId) is not null);
        examples = new ExampleIndex(all.ToList(), plainReader);
        var texts = knowledge.Differences.ToDictionary(d => d.Number, d => " " + string.Join(" ",
            new[] { d.Title, d.Label, d.Summary, d.It, d.Dx }.Concat(d.Keywords).Concat(d.Synonyms)
                .SelectMany(t => Read(t)).Select(t => t.Folded)) + " ");
        ideasOf = language.Concepts.ToDictionary(c => c, c =>
        {
            var phrase = " " + string.Join(" ", plain.Tokenize(c.Say).Select(t => t.Folded)) + " ";
            return texts.Where(t => t.Value.Contains(phrase, StringComparison.Ordinal)).Select(t => t.Key).ToHashSet();
        });
    }

    public KnowledgeBase Knowledge { get; }
    public VietnameseNormalizer Normalizer => reader.Normalizer;

    /// <summary>The decision for <paramref name="text"/>; an answer or a clarification lists at most <paramref name="top"/> candidates.</summary>
    public KnowledgeDecision Decide(string? text, int top = KnowledgeDecision.MaxCandidates)
    {
        var evidence = Weigh(text);
        return evidence.Decide(Knowledge, top);
    }

    /// <summary>Whether <paramref name="text"/> names the idea <paramref name="say"/> of concepts.yaml, however it was typed
    /// (for replies that depend on what a message is about even when the knowledge does not answer it).</summary>
    internal bool Names(string text, string say) => reader.Read(reader.Normalizer.Tokenize(text)).Concepts.Any(c => c.Say == say);

    /// <summary>The differences best first by combined strength, whatever the decision (the eval's ranking figures).</summary>
    internal IReadOnlyList<Difference> Rank(string text) =>
        Weigh(text) is { Talk: null } evidence ? evidence.Ranked(Knowledge).Select(c => c.Difference).ToList() : [];

    /// <summary>Everything the decision is made from, for the bench's --why and the tests.</summary>
    internal QuestionEvidence Weigh(string? text)
    {
        var tokens = reader.Normalizer.Tokenize(text);
        if (scope.SmallTalk(text ?? "", tokens) is { } talk) return QuestionEvidence.SmallTalk(talk);
        // Only particles and pronouns ("không phải", "thế à", "là sao ạ"): nothing to look up, nothing for staff to read.
        if (tokens.Count > 0 && tokens.All(t => t.Stop)) return QuestionEvidence.SmallTalk(SmallTalkKind.Acknowledge);
        var read = reader.Read(tokens);
        // A story followed by its question: what the question asks decides scope (a support problem or an off-topic
        // intent told in the story is context), and its words weigh double in the document ranking.
        var asking = QuestionForm.AskingClause(text) is { } asked ? reader.Normalizer.Tokenize(asked) : tokens;
        var clause = ReferenceEquals(asking, tokens) ? null : reader.Read(asking);
        var support = scope.IsSupport((clause ?? read).Tokens, asking);
        var offTopic = scope.OffTopicIntents(asking);
        var intent = form.Intent(asking);
        var specific = read.Concepts.Where(c => ideasOf[c].Count <= SpecificIdea).ToList();
        var topic = read.TopicWeight + (specific.Count > 1 && Knowledge.Differences.Any(d =>
            specific.Count(c => ideasOf[c].Contains(d.Number)) >= 2) ? PairedIdeas : 0);
        var docs = differences.Rank(read.Tokens, clause?.Tokens, AskingWeight);
        // Example questions are matched on the whole message: weighting the asking clause there lost more than it won
        // (the story often carries the specifics; docs/question-answering.md).
        var near = examples.Best(read.Tokens);
        var (onTopic, likely) = learned.Read(text);
        return new QuestionEvidence(read, topic, support, offTopic, docs, near, null, intent, form.AsksPractical(asking), onTopic, likely);
    }
}
