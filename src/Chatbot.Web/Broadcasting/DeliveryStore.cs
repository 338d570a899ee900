using Chatbot.Web.Observability;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Broadcasting;

public sealed record NewDelivery(string ChannelId, string WardId, string Platform);

/// <summary>
/// Deliveries: one per (post, channel, occurrence). The row decides who publishes: a job claims it with a
/// compare-and-set from 'scheduled' to 'publishing', so a job run twice, or on two instances, publishes once.
/// </summary>
public sealed class DeliveryStore(IDbConnectionFactory db, TimeProvider clock)
{
    /// <summary>Creates the deliveries of one occurrence; existing ones (same post, channel, time) are kept. Returns the ids.</summary>
    public async Task<IReadOnlyList<long>> CreateAsync(long postId, DateTimeOffset dueAt, IEnumerable<NewDelivery> deliveries, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        foreach (var d in deliveries)
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO deliveries (post_id, channel_id, ward_id, platform, due_at, state)
                VALUES (@postId, @ChannelId, @WardId, @Platform, @dueAt, 'scheduled')
                ON CONFLICT (post_id, channel_id, due_at) DO NOTHING
                """, new { postId, dueAt, d.ChannelId, d.WardId, d.Platform }, tx, cancellationToken: ct));
        var ids = (await conn.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM deliveries WHERE post_id = @postId AND due_at = @dueAt ORDER BY id", new { postId, dueAt }, tx, cancellationToken: ct))).ToList();
        await tx.CommitAsync(ct);
        return ids;
    }

    public async Task<DeliveryRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition("SELECT * FROM deliveries WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DeliveryRow>> ForPostAsync(long postId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<DeliveryRow>(new CommandDefinition(
            "SELECT * FROM deliveries WHERE post_id = @postId ORDER BY due_at, channel_id", new { postId }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<DeliveryRow>> InStateAsync(string state, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<DeliveryRow>(new CommandDefinition(
            "SELECT * FROM deliveries WHERE state = @state ORDER BY due_at, id LIMIT @limit", new { state, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>The claim: only a due, scheduled delivery becomes publishing, and only for one caller.</summary>
    public async Task<bool> TryClaimAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries SET state = 'publishing', attempts = attempts + 1, claimed_at = @now
            WHERE id = @id AND state = 'scheduled' AND due_at <= @now
            """, new { id, now = clock.GetUtcNow() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Moves a delivery from <paramref name="from"/> to a new state with its details (compare-and-set).</summary>
    public async Task<bool> SetStateAsync(long id, string from, string to, CancellationToken ct, string? error = null,
        string? platformPostId = null, bool? sandbox = null, DateTimeOffset? enqueuedAt = null)
    {
        await using var conn = await db.OpenAsync(ct);
        var now = clock.GetUtcNow();
        var moved = await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries SET state = @to, last_error = @error,
                platform_post_id = COALESCE(@platformPostId, platform_post_id),
                sandbox = COALESCE(@sandbox, sandbox),
                enqueued_at = COALESCE(@enqueuedAt, enqueued_at),
                published_at = CASE WHEN @to = 'published' THEN @now ELSE published_at END
            WHERE id = @id AND state = @from
            """, new { id, from, to, error, platformPostId, sandbox, enqueuedAt, now }, cancellationToken: ct)) == 1;
        if (moved) ChatbotTelemetry.DeliveryMoved(to);
        return moved;
    }

    public async Task SetArticleAsync(long id, string? token, string? articleId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET article_token = COALESCE(@token, article_token), article_id = COALESCE(@articleId, article_id) WHERE id = @id",
            new { id, token, articleId }, cancellationToken: ct));
    }

    /// <summary>Whether another delivery on the same channel already owns this platform article (reconciling must not
    /// take a twin's article for its own).</summary>
    public async Task<bool> ArticleRecordedElsewhereAsync(DeliveryRow delivery, string articleId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM deliveries WHERE channel_id = @ChannelId AND id <> @Id AND (article_id = @articleId OR platform_post_id = @articleId)",
            new { delivery.ChannelId, delivery.Id, articleId }, cancellationToken: ct)) > 0;
    }

    /// <summary>Marks scheduled deliveries as handed to the job runner at <paramref name="at"/> (a lost job is re-enqueued later).</summary>
    public async Task MarkEnqueuedAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition($"UPDATE deliveries SET enqueued_at = @at WHERE {db.Dialect.In("id", "@ids")}",
            new { ids = ids.ToArray(), at }, cancellationToken: ct));
    }

    /// <summary>Scheduled, due, and not handed to the job runner recently (never, or its job was lost).</summary>
    public async Task<IReadOnlyList<long>> DueNotEnqueuedAsync(DateTimeOffset lostBefore, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition("""
            SELECT id FROM deliveries
            WHERE state = 'scheduled' AND due_at <= @now AND (enqueued_at IS NULL OR enqueued_at < @lostBefore)
            ORDER BY due_at, id LIMIT @limit
            """, new { now = clock.GetUtcNow(), lostBefore, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>'publishing' since before <paramref name="before"/>: the process died mid-send, so whether it landed is unknown.</summary>
    public async Task<int> MarkStaleAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE deliveries SET state = 'needs_check', last_error = 'Tiến trình dừng giữa lúc đăng; đang đối chiếu với nền tảng trước khi đăng lại.'
            WHERE state = 'publishing' AND claimed_at < @before
            """, new { before }, cancellationToken: ct));
    }

    /// <summary>Cancels what has not started; returns how many deliveries were cancelled.</summary>
    public async Task<int> CancelScheduledAsync(long postId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE deliveries SET state = 'cancelled' WHERE post_id = @postId AND state = 'scheduled'", new { postId }, cancellationToken: ct));
    }

    /// <summary>A post's state follows its deliveries once they exist (a recurring post stays scheduled while it recurs).</summary>
    public async Task RefreshPostStateAsync(long postId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE posts SET updated_at = @now, state = CASE
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = posts.id AND d.state = 'publishing') THEN 'publishing'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = posts.id AND d.state = 'needs_check') THEN 'needs_check'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = posts.id AND d.state = 'failed') THEN 'failed'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = posts.id AND d.state = 'scheduled') THEN 'scheduled'
                WHEN posts.cron IS NOT NULL AND posts.next_occurrence IS NOT NULL THEN 'scheduled'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = posts.id AND d.state = 'published') THEN 'published'
                ELSE posts.state END
            WHERE id = @postId AND state IN ('scheduled', 'publishing', 'needs_check', 'failed', 'published')
            """, new { postId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SandboxPost>> SandboxAsync(string? channelId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<SandboxPost>(new CommandDefinition(
            $"SELECT * FROM sandbox_posts {(channelId is null ? "" : "WHERE channel_id = @channelId")} ORDER BY id DESC LIMIT @limit",
            new { channelId, limit }, cancellationToken: ct))).ToList();
    }
}
