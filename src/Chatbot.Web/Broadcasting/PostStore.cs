using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Broadcasting;

public sealed record NewPost(string Text, string? Link, string? ImageUrl, bool AllWards, IReadOnlyList<string> WardIds,
    string Platforms, DateTimeOffset? PublishAt, string? Cron, DateTimeOffset? RecurUntil, string? Campaign, long AuthorId);

/// <summary>Posts and their target wards. State changes are compare-and-set on the expected state.</summary>
public sealed class PostStore(IDbConnectionFactory db, TimeProvider clock)
{
    public async Task<long> CreateAsync(NewPost post, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO posts (text, link, image_url, all_wards, platforms, state, publish_at, cron, recur_until, campaign, author_id, created_at, updated_at)
            VALUES (@Text, @Link, @ImageUrl, @AllWards, @Platforms, 'draft', @PublishAt, @Cron, @RecurUntil, @Campaign, @AuthorId, @now, @now)
            RETURNING id
            """, new { post.Text, post.Link, post.ImageUrl, post.AllWards, post.Platforms, post.PublishAt, post.Cron, post.RecurUntil,
                post.Campaign, post.AuthorId, now }, tx, cancellationToken: ct));
        await InsertWardsAsync(conn, tx, id, post.WardIds, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>
    /// Replaces a post's content, time and targets while it is still in one of <paramref name="editable"/>; it goes back to
    /// draft (an edited text needs a fresh approval). False when the post was no longer editable (someone approved or
    /// cancelled it meanwhile). The review comment stays, so the author still sees what the approver asked for.
    /// </summary>
    public async Task<bool> UpdateAsync(long id, NewPost post, long editorId, string[] editable, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE posts SET text = @Text, link = @Link, image_url = @ImageUrl, all_wards = @AllWards, platforms = @Platforms,
                publish_at = @PublishAt, cron = @Cron, recur_until = @RecurUntil, state = 'draft', edited_by = @editorId, updated_at = @now
            WHERE id = @id AND {db.Dialect.In("state", "@editable")}
            """, new { id, post.Text, post.Link, post.ImageUrl, post.AllWards, post.Platforms, post.PublishAt, post.Cron, post.RecurUntil,
                editorId, editable, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        if (changed != 1) return false;
        await conn.ExecuteAsync(new CommandDefinition("DELETE FROM post_wards WHERE post_id = @id", new { id }, tx, cancellationToken: ct));
        await InsertWardsAsync(conn, tx, id, post.WardIds, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    static async Task InsertWardsAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, long id,
        IEnumerable<string> wardIds, CancellationToken ct)
    {
        foreach (var ward in wardIds.Distinct())
            await conn.ExecuteAsync(new CommandDefinition("INSERT INTO post_wards (post_id, ward_id) VALUES (@id, @ward)",
                new { id, ward }, tx, cancellationToken: ct));
    }

    public async Task<PostRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PostRow>(new CommandDefinition("SELECT * FROM posts WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<string>> WardsAsync(long postId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<string>(new CommandDefinition("SELECT ward_id FROM post_wards WHERE post_id = @postId ORDER BY ward_id",
            new { postId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Posts touching any of <paramref name="wardIds"/> (null = all), whose time or recurrence overlaps [from, to).</summary>
    public async Task<IReadOnlyList<PostRow>> ListAsync(IReadOnlyList<string>? wardIds, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var wardFilter = wardIds is null ? "" : $"AND EXISTS (SELECT 1 FROM post_wards w WHERE w.post_id = p.id AND {db.Dialect.In("w.ward_id", "@wardIds")})";
        var sql = $"""
            SELECT p.* FROM posts p
            WHERE 1 = 1
              {(from is null ? "" : "AND COALESCE(p.publish_at, p.recur_until, p.created_at) >= @from")}
              {(to is null ? "" : "AND COALESCE(p.publish_at, p.created_at) < @to")}
              {wardFilter}
            ORDER BY COALESCE(p.publish_at, p.created_at), p.id
            LIMIT 500
            """;
        return (await conn.QueryAsync<PostRow>(new CommandDefinition(sql, new { wardIds = wardIds?.ToArray(), from, to }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<long>> CampaignAsync(string campaign, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition("SELECT id FROM posts WHERE campaign = @campaign ORDER BY publish_at, id",
            new { campaign }, cancellationToken: ct))).ToList();
    }

    /// <summary>Moves a post from one of <paramref name="from"/> to <paramref name="to"/>; false when it was not in one of them.</summary>
    public async Task<bool> TransitionAsync(long id, string[] from, string to, CancellationToken ct, long? approvedBy = null,
        string? comment = null, DateTimeOffset? nextOccurrence = null)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE posts SET state = @to, updated_at = @now,
                approved_by = COALESCE(@approvedBy, approved_by),
                review_comment = COALESCE(@comment, review_comment),
                next_occurrence = COALESCE(@nextOccurrence, next_occurrence)
            WHERE id = @id AND {db.Dialect.In("state", "@from")}
            """, new { id, from, to, now = clock.GetUtcNow(), approvedBy, comment, nextOccurrence }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Takes an approval back before anything is published: the post's not-yet-started deliveries are deleted and the post
    /// waits for approval again (without an approver). Refused (false) once a delivery has started, is due or the post is
    /// no longer scheduled; the DELETE runs first so that a concurrent claim either waits for it or keeps its row, which
    /// then refuses the withdrawal.
    /// </summary>
    public async Task<bool> WithdrawApprovalAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM deliveries WHERE post_id = @id AND state = 'scheduled' AND claimed_at IS NULL AND due_at > @now",
            new { id, now }, tx, cancellationToken: ct));
        var left = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM deliveries WHERE post_id = @id", new { id }, tx, cancellationToken: ct));
        var changed = left == 0 && await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE posts SET state = 'awaiting_approval', approved_by = NULL, next_occurrence = NULL, updated_at = @now
            WHERE id = @id AND state = 'scheduled'
            """, new { id, now }, tx, cancellationToken: ct)) == 1;
        if (changed) await tx.CommitAsync(ct);
        else await tx.RollbackAsync(ct);
        return changed;
    }

    /// <summary>A cancelled post that never had a delivery (cancelled as a draft or while awaiting approval) back to draft.</summary>
    public async Task<bool> RestoreCancelledAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE posts SET state = 'draft', updated_at = @now
            WHERE id = @id AND state = 'cancelled' AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = posts.id)
            """, new { id, now = clock.GetUtcNow() }, cancellationToken: ct)) == 1;
    }
}
