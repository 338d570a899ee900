namespace Chatbot.Web.Knowledge;

/// <summary>
/// This instance's <see cref="KnowledgeSearch"/>: built from dialogs/ (the differences' official text), the FAQ in the
/// database (seeded from faq.yaml, then edited in the console), the example questions and synonyms added to the
/// differences, and the staff-assigned example questions; rebuilt as soon as the database's knowledge revision differs
/// from the one it was built at. Every instance checks that number before answering (one small read), so an FAQ edit or
/// an example a staff member adds on one instance answers the next citizen on every instance without a restart. If the
/// database cannot be read, the last index keeps answering.
/// </summary>
public sealed class KnowledgeIndex(KnowledgeBase knowledge, QuestionLanguage language, StaffExamples staff, FaqStore faq,
    ILogger<KnowledgeIndex> logger)
{
    sealed record Built(long Revision, KnowledgeSearch Search, IReadOnlyList<ExampleQuestion> Staff);

    readonly SemaphoreSlim rebuilding = new(1, 1);
    readonly KnowledgeSearch content = new(knowledge, language);
    volatile Built? current;

    /// <summary>The index of dialogs/ alone, for what must not depend on the database (start-up checks, the bench).</summary>
    public KnowledgeSearch Content => content;

    public async Task<KnowledgeSearch> CurrentAsync(CancellationToken ct) => (await BuiltAsync(ct)).Search;

    /// <summary>What the bot would decide for <paramref name="question"/> if <paramref name="draft"/> were saved (it replaces
    /// the entry of its id, or is added): the console's preview. Builds a throw-away index; nothing is stored.</summary>
    public async Task<KnowledgeDecision> PreviewAsync(FaqEntry draft, string question, CancellationToken ct)
    {
        var built = await BuiltAsync(ct);
        var live = built.Search.Knowledge;
        var faq = live.Faq.Any(f => f.Id == draft.Id) ? live.Faq.Select(f => f.Id == draft.Id ? draft : f).ToList() : [.. live.Faq, draft];
        return new KnowledgeSearch(live with { Faq = faq }, language, built.Staff).Decide(question);
    }

    async Task<Built> BuiltAsync(CancellationToken ct)
    {
        long revision;
        try
        {
            await faq.EnsureSeededAsync(ct);
            revision = await staff.RevisionAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the knowledge revision; answering with the index built at revision {Revision}", current?.Revision);
            return current ?? new Built(-1, content, []);
        }
        if (current is { } built && built.Revision == revision) return built;

        await rebuilding.WaitAsync(ct);
        try
        {
            if (current is { } again && again.Revision == revision) return again;
            // The revision is read first (in ActiveAsync), so a change made in between only causes one more rebuild.
            var (read, rows) = await staff.ActiveAsync(ct);
            var (entries, additions) = await faq.ActiveAsync(ct);
            var live = Live(entries, additions);
            var examples = rows.Select(r => r.ToExample()).ToList();
            var search = rows.Count == 0 && ReferenceEquals(live, knowledge) ? content : new KnowledgeSearch(live, language, examples);
            current = new Built(read, search, examples);
            logger.LogInformation("Knowledge index at revision {Revision}: {Faq} FAQ entries, {Additions} additions to the differences, {Count} staff example questions",
                read, entries.Count, additions.Count, rows.Count);
            return current;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the knowledge from the database; answering with the index built at revision {Revision}", current?.Revision);
            return current ?? new Built(-1, content, []);
        }
        finally
        {
            rebuilding.Release();
        }
    }

    /// <summary>The knowledge in force: the official text from dialogs/, the FAQ from the database, and each difference's
    /// added example questions and synonyms after its own. The content itself when the database adds nothing to it.</summary>
    KnowledgeBase Live(IReadOnlyList<FaqEntry> entries, IReadOnlyList<DifferenceAddition> additions)
    {
        if (additions.Count == 0 && FaqJson.Same(entries, knowledge.Faq)) return knowledge;
        var differences = knowledge.Differences.Select(d =>
        {
            var mine = additions.Where(a => a.Difference == d.Number).ToList();
            if (mine.Count == 0) return d;
            return d with
            {
                Synonyms = [.. d.Synonyms, .. mine.Where(a => a.Kind == DifferenceAddition.Synonym).Select(a => a.Text)],
                Questions = [.. d.Questions, .. mine.Where(a => a.Kind == DifferenceAddition.Question).Select(a => a.Text)],
            };
        }).ToList();
        return knowledge with { Differences = differences, Faq = entries };
    }
}
