using Chatbot.Web.Channels.Publishing;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// Publishes one delivery. Safe to run twice: the compare-and-set claim lets one run through. A retryable failure puts
/// the delivery back to 'scheduled' and schedules the next attempt with a growing delay (BroadcastingOptions.RetryDelays);
/// after MaxAttempts it is failed with the last reason. A possible landing is needs-check, reconciled by DispatchJob.
/// </summary>
[AutomaticRetry(Attempts = 0)] // the delivery row counts attempts and schedules retries itself
public sealed class PublishDeliveryJob(DeliveryStore deliveries, PostStore posts, Publishers publishers, IBackgroundJobClient jobs,
    IOptions<BroadcastingOptions> options, TimeProvider clock, ILogger<PublishDeliveryJob> logger)
{
    public async Task RunAsync(long deliveryId, CancellationToken ct)
    {
        if (!await deliveries.TryClaimAsync(deliveryId, ct)) return; // done, cancelled, not yet due, or taken elsewhere
        var delivery = (await deliveries.FindAsync(deliveryId, ct))!;
        var post = (await posts.FindAsync(delivery.PostId, ct))!;
        await deliveries.RefreshPostStateAsync(post.Id, ct);
        if (post.State == PostStates.Cancelled)
        {
            await deliveries.SetStateAsync(deliveryId, PostStates.Publishing, PostStates.Cancelled, ct);
            return;
        }
        PublishOutcome outcome;
        try
        {
            outcome = await publishers.PublishAsync(delivery, post, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Our own bug or a storage hiccup mid-send: we cannot tell whether anything left, so check before retrying.
            logger.LogError(e, "Publishing delivery {DeliveryId} threw", deliveryId);
            outcome = new PublishOutcome.NeedsCheck($"Lỗi trong lúc đăng ({e.GetType().Name}); cần đối chiếu trước khi đăng lại.");
        }
        await RecordAsync(delivery, outcome, ct);
    }

    internal async Task RecordAsync(DeliveryRow delivery, PublishOutcome outcome, CancellationToken ct)
    {
        var id = delivery.Id;
        var attempts = delivery.Attempts;
        switch (outcome)
        {
            case PublishOutcome.Published p:
                await deliveries.SetStateAsync(id, PostStates.Publishing, PostStates.Published, ct, platformPostId: p.PlatformPostId, sandbox: p.Sandbox);
                jobs.Enqueue<NotifySubscribersJob>(j => j.RunAsync(id, CancellationToken.None));
                logger.LogInformation("Delivery {DeliveryId} published on {Channel} as {PlatformPostId}", id, delivery.ChannelId, p.PlatformPostId);
                break;
            case PublishOutcome.Retry r when attempts < options.Value.MaxAttempts:
                var delays = options.Value.RetryDelays;
                var delay = delays[Math.Min(attempts - 1, delays.Length - 1)];
                await deliveries.SetStateAsync(id, PostStates.Publishing, PostStates.Scheduled, ct, error: $"Lần thử {attempts}: {r.Reason}",
                    enqueuedAt: clock.GetUtcNow() + delay);
                jobs.Schedule<PublishDeliveryJob>(j => j.RunAsync(id, CancellationToken.None), delay);
                break;
            case PublishOutcome.Retry r:
                await deliveries.SetStateAsync(id, PostStates.Publishing, PostStates.Failed, ct, error: $"Thất bại sau {attempts} lần thử. Lỗi cuối: {r.Reason}");
                break;
            case PublishOutcome.Failed f:
                await deliveries.SetStateAsync(id, PostStates.Publishing, PostStates.Failed, ct, error: f.Reason);
                break;
            case PublishOutcome.NeedsCheck n:
                await deliveries.SetStateAsync(id, PostStates.Publishing, PostStates.NeedsCheck, ct, error: n.Reason);
                break;
        }
        await deliveries.RefreshPostStateAsync(delivery.PostId, ct);
    }
}
