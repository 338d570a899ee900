using Chatbot.Web.Channels.Publishing;
using Chatbot.Web.Storage;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// Every minute (recurring job "broadcasting.dispatch", Asia/Ho_Chi_Minh): creates the deliveries of recurring posts'
/// occurrences that have come; turns deliveries left 'publishing' by a stopped process into needs-check; reconciles
/// needs-check deliveries against the platform (found → published, absent → scheduled again); and enqueues due
/// deliveries whose job was never created or was lost. Safe to run twice and on several instances.
/// </summary>
[AutomaticRetry(Attempts = 0)] // it runs again in a minute anyway
[DisableConcurrentExecution(60)]
public sealed class DispatchJob(IDbConnectionFactory db, PostStore posts, DeliveryStore deliveries, PostScheduler scheduler,
    Publishers publishers, IOptions<BroadcastingOptions> options, TimeProvider clock, ILogger<DispatchJob> logger)
{
    public const string RecurringId = "broadcasting.dispatch";
    public const string Cron = "* * * * *"; // every minute, the finest Hangfire's cron allows

    /// <summary>An occurrence missed by more than this (the service was down) is skipped, not posted late.</summary>
    public static readonly TimeSpan MaxLateness = TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken ct)
    {
        await MaterializeRecurringAsync(ct);
        var stale = await deliveries.MarkStaleAsync(clock.GetUtcNow() - options.Value.StaleAfter, ct);
        if (stale > 0) logger.LogWarning("{Count} deliveries were left publishing by a stopped process; reconciling", stale);
        await ReconcileAsync(ct);
        var due = await deliveries.DueNotEnqueuedAsync(clock.GetUtcNow() - options.Value.LostJobAfter, 500, ct);
        if (due.Count > 0) await scheduler.EnqueueAsync(due, clock.GetUtcNow(), ct);
    }

    async Task MaterializeRecurringAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<PostRow> recurring;
        await using (var conn = await db.OpenAsync(ct))
            recurring = (await conn.QueryAsync<PostRow>(new CommandDefinition(
                "SELECT * FROM posts WHERE state IN ('scheduled', 'publishing', 'needs_check', 'failed', 'published') AND cron IS NOT NULL AND next_occurrence <= @now",
                new { now }, cancellationToken: ct))).ToList();
        foreach (var post in recurring)
        {
            var occurrence = post.NextOccurrence!.Value;
            var next = PostScheduler.NextOccurrence(post.Cron!, occurrence, post.RecurUntil);
            while (next is { } n && n <= now - MaxLateness) next = PostScheduler.NextOccurrence(post.Cron!, n, post.RecurUntil);
            await using var conn = await db.OpenAsync(ct);
            // Compare-and-set on the occurrence: one instance advances it and creates that occurrence's deliveries.
            var advanced = await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE posts SET next_occurrence = @next, updated_at = @now WHERE id = @Id AND next_occurrence = @occurrence",
                new { post.Id, next, now, occurrence }, cancellationToken: ct)) == 1;
            if (!advanced) continue;
            if (now - occurrence > MaxLateness)
            {
                logger.LogWarning("Post {PostId}: occurrence {Occurrence} missed by more than {Lateness}; skipped", post.Id, occurrence, MaxLateness);
                continue;
            }
            var ids = await deliveries.CreateAsync(post.Id, occurrence, scheduler.Targets(post, await posts.WardsAsync(post.Id, ct)), ct);
            await scheduler.EnqueueAsync(ids, occurrence, ct);
            await deliveries.RefreshPostStateAsync(post.Id, ct);
        }
    }

    async Task ReconcileAsync(CancellationToken ct)
    {
        foreach (var delivery in await deliveries.InStateAsync(PostStates.NeedsCheck, 200, ct))
        {
            var post = (await posts.FindAsync(delivery.PostId, ct))!;
            var outcome = await publishers.ReconcileAsync(delivery, post, ct);
            switch (outcome)
            {
                case PublishOutcome.Published p:
                    await deliveries.SetStateAsync(delivery.Id, PostStates.NeedsCheck, PostStates.Published, ct, platformPostId: p.PlatformPostId, sandbox: p.Sandbox);
                    logger.LogInformation("Delivery {DeliveryId} reconciled: found on the platform as {PlatformPostId}", delivery.Id, p.PlatformPostId);
                    break;
                case PublishOutcome.Resume r:
                    await deliveries.SetStateAsync(delivery.Id, PostStates.NeedsCheck,
                        post.State == PostStates.Cancelled ? PostStates.Cancelled : PostStates.Scheduled, ct, error: r.Reason, enqueuedAt: DateTimeOffset.UnixEpoch);
                    logger.LogInformation("Delivery {DeliveryId} reconciled: {Reason}", delivery.Id, r.Reason);
                    break;
                case PublishOutcome.NeedsCheck n when n.Reason != delivery.LastError:
                    await deliveries.SetStateAsync(delivery.Id, PostStates.NeedsCheck, PostStates.NeedsCheck, ct, error: n.Reason);
                    break;
                // Give the platform time to list a post that just landed before deciding it did not.
                case PublishOutcome.NotFound when clock.GetUtcNow() - (delivery.ClaimedAt ?? delivery.DueAt) >= options.Value.ReconcileGrace:
                    var next = post.State == PostStates.Cancelled ? PostStates.Cancelled : PostStates.Scheduled;
                    await deliveries.SetStateAsync(delivery.Id, PostStates.NeedsCheck, next, ct,
                        error: "Đối chiếu: bài chưa có trên nền tảng; đăng lại.", enqueuedAt: DateTimeOffset.UnixEpoch);
                    logger.LogInformation("Delivery {DeliveryId} reconciled: not on the platform, will publish again", delivery.Id);
                    break;
            }
            await deliveries.RefreshPostStateAsync(delivery.PostId, ct);
        }
    }
}
