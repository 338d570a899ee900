namespace Chatbot.Web.Channels.Inbox;

/// <summary>
/// Keeps a claimed event's lease alive while its turn runs: every third of <see cref="InboxOptions.Lease"/> it extends
/// locked_until, but only while this worker's claim token is still on the row. A turn longer than the lease (a slow
/// search, a platform that answers slowly) is therefore not claimed and answered a second time by another worker or
/// instance, while an instance that dies still lets its events go after one lease. If the renewal finds the claim gone
/// (this worker stalled past its lease and another took the event), <see cref="Token"/> is cancelled so the turn stops
/// sending, and the worker records nothing over the new owner's result (the store's writes are guarded the same way).
/// </summary>
internal sealed class InboxLease : IAsyncDisposable
{
    readonly InboxStore store;
    readonly InboxEvent claimed;
    readonly TimeSpan lease;
    readonly TimeProvider clock;
    readonly ILogger logger;
    readonly CancellationTokenSource heartbeatStop = new();
    readonly CancellationTokenSource turn;
    readonly Task heartbeat;

    public InboxLease(InboxStore store, InboxEvent claimed, TimeSpan lease, TimeProvider clock, ILogger logger, CancellationToken stop)
    {
        (this.store, this.claimed, this.lease, this.clock, this.logger) = (store, claimed, lease, clock, logger);
        turn = CancellationTokenSource.CreateLinkedTokenSource(stop);
        heartbeat = Task.Run(RenewLoopAsync);
    }

    /// <summary>For the turn: cancelled on shutdown or when the lease was lost.</summary>
    public CancellationToken Token => turn.Token;

    public bool Lost { get; private set; }

    async Task RenewLoopAsync()
    {
        var every = lease / 3;
        while (true)
        {
            try
            {
                // Almost every turn ends before the first beat: its stop is awaited without an exception (one thrown
                // and caught per turn showed in the profile, issue 18).
                await Task.Delay(every, clock, heartbeatStop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (heartbeatStop.IsCancellationRequested) return;
                if (await store.RenewLeaseAsync(claimed, clock.GetUtcNow() + lease, heartbeatStop.Token)) continue;
                if (heartbeatStop.IsCancellationRequested) return; // the turn finished meanwhile: the row is no longer 'processing'
                Lost = true;
                logger.LogWarning("Inbox event {Id} ({Conversation}): lease lost to another worker; stopping this turn", claimed.Id,
                    claimed.ConversationKey);
                await turn.CancelAsync();
                return;
            }
            catch (OperationCanceledException) when (heartbeatStop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database hiccuped: the lease still runs until locked_until; try again at the next beat.
                logger.LogWarning(e, "Could not renew the lease of inbox event {Id}", claimed.Id);
            }
        }
    }

    /// <summary>Stops renewing (before the outcome is recorded, which ends the claim).</summary>
    public async ValueTask DisposeAsync()
    {
        await heartbeatStop.CancelAsync();
        await heartbeat;
        heartbeatStop.Dispose();
        turn.Dispose();
    }
}
