using Chatbot.Web.Staff;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// A staff member retries a failed delivery from the console: it goes back to 'scheduled' (compare-and-set from 'failed')
/// and is enqueued now; the job's claim still decides who publishes. Only 'failed' is retried by hand: a 'needs_check'
/// delivery may already be on the platform, and the dispatcher reconciles it instead (style.md §7: never retry blindly).
/// </summary>
public sealed class DeliveryRetry(DeliveryStore deliveries, PostStore posts, PostScheduler scheduler, AuditLog audit, TimeProvider clock)
{
    public enum Outcome { Retried, NotFound, NotFailed }

    public async Task<Outcome> RetryAsync(long postId, long deliveryId, CurrentStaff staff, CancellationToken ct)
    {
        if (await deliveries.FindAsync(deliveryId, ct) is not { } delivery || delivery.PostId != postId) return Outcome.NotFound;
        if (!staff.MayWorkOn(delivery.WardId)) return Outcome.NotFound;
        if (await posts.FindAsync(postId, ct) is not { } post || post.State == PostStates.Cancelled) return Outcome.NotFailed;
        if (!await deliveries.SetStateAsync(deliveryId, PostStates.Failed, PostStates.Scheduled, ct, error: delivery.LastError)) return Outcome.NotFailed;
        var now = clock.GetUtcNow();
        await scheduler.EnqueueAsync([deliveryId], delivery.DueAt < now ? now : delivery.DueAt, ct);
        await deliveries.RefreshPostStateAsync(postId, ct);
        await audit.WriteAsync(staff.Name, "delivery.retry", $"post:{postId}", delivery.WardId, $"lượt đăng {deliveryId} ({delivery.ChannelId})", ct);
        return Outcome.Retried;
    }
}
