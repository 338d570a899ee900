namespace Chatbot.Web.Knowledge;

/// <summary>
/// This instance's <see cref="KnowledgeSearch"/>: built from dialogs/ plus the staff-assigned example questions, and
/// rebuilt as soon as the database's knowledge revision differs from the one it was built at. Every instance checks
/// that number before answering (one small read), so an example a staff member adds on one instance answers the next
/// citizen on every instance without a restart. If the database cannot be read, the last index keeps answering.
/// </summary>
public sealed class KnowledgeIndex(KnowledgeBase knowledge, QuestionLanguage language, StaffExamples staff, ILogger<KnowledgeIndex> logger)
{
    sealed record Built(long Revision, KnowledgeSearch Search);

    readonly SemaphoreSlim rebuilding = new(1, 1);
    readonly KnowledgeSearch content = new(knowledge, language);
    volatile Built? current;

    /// <summary>The index of dialogs/ alone, for what must not depend on the database (start-up checks, the bench).</summary>
    public KnowledgeSearch Content => content;

    public async Task<KnowledgeSearch> CurrentAsync(CancellationToken ct)
    {
        long revision;
        try
        {
            revision = await staff.RevisionAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the knowledge revision; answering with the index built at revision {Revision}", current?.Revision);
            return current?.Search ?? content;
        }
        if (current is { } built && built.Revision == revision) return built.Search;

        await rebuilding.WaitAsync(ct);
        try
        {
            if (current is { } again && again.Revision == revision) return again.Search;
            var (read, rows) = await staff.ActiveAsync(ct);
            var search = rows.Count == 0 ? content : new KnowledgeSearch(knowledge, language, rows.Select(r => r.ToExample()));
            current = new Built(read, search);
            logger.LogInformation("Knowledge index at revision {Revision} with {Count} staff example questions", read, rows.Count);
            return search;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the staff example questions; answering with the index built at revision {Revision}", current?.Revision);
            return current?.Search ?? content;
        }
        finally
        {
            rebuilding.Release();
        }
    }
}
