using Chatbot.Web.Observability;
using Chatbot.Web.Storage;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>
/// Hands stored events to the bot: a few loops claim events (one conversation at a time, in order, see
/// <see cref="InboxStore"/>), a failed event is retried <see cref="InboxOptions.MaxAttempts"/> times then parked with its
/// reason. Events stored before a crash are simply still pending, so a restart handles them. The same loop purges raw
/// events past retention (hourly, independent of the job server so the inbox has no other moving part). While a turn runs
/// its lease is renewed (<see cref="InboxLease"/>), so a turn longer than the lease is not handled twice.
/// </summary>
internal sealed class InboxWorker(
    InboxStore store,
    InboxSignal signal,
    IEnumerable<IChannelEventHandler> handlers,
    IOptions<InboxOptions> options,
    TimeProvider clock,
    ILogger<InboxWorker> logger) : BackgroundService
{
    readonly Dictionary<PlatformId, IChannelEventHandler> byPlatform = handlers.ToDictionary(h => h.Platform);
    readonly InboxOptions settings = options.Value;
    static readonly TimeSpan BurstRecheck = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.WorkerEnabled)
        {
            logger.LogWarning("Inbox worker disabled (Inbox:WorkerEnabled=false): stored events wait until it is enabled.");
            return Task.CompletedTask;
        }
        return RunAsync(stoppingToken);
    }

    async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            var taken = await store.TakeBackOwnClaimsAsync(clock.GetUtcNow(), stoppingToken);
            if (taken > 0) logger.LogWarning("Took back {Count} inbox events this instance had claimed before it stopped", taken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Could not take back this instance's earlier claims; they are claimable when their lease ends");
        }
        var loops = Enumerable.Range(0, Math.Max(1, settings.Concurrency)).Select(i => Task.Run(() => LoopAsync(i, stoppingToken), stoppingToken));
        await Task.WhenAll(loops.Append(Task.Run(() => PurgeLoopAsync(stoppingToken), stoppingToken)));
    }

    async Task LoopAsync(int index, CancellationToken stop)
    {
        InboxEvent? next = null; // claimed together with the last outcome
        while (!stop.IsCancellationRequested)
        {
            if (next is null)
            {
                // During a burst of webhooks only the first loops take events: bot turns cost far more CPU than storing an
                // event, and on a small machine they would slow the webhooks (which must answer fast) to a crawl. What
                // arrives meanwhile is stored and handled in order once the burst eases; nothing is skipped.
                if (HoldsBack(index))
                {
                    await Task.WhenAny(Task.Delay(BurstRecheck, stop));
                    continue;
                }
                try
                {
                    next = await store.ClaimNextAsync(clock.GetUtcNow(), settings.Lease, stop);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    logger.LogError(e, "Could not claim an inbox event");
                }
                if (next is null)
                {
                    await signal.WaitAsync(settings.PollInterval, stop);
                    continue;
                }
            }
            next = await HandleAsync(next, takeNext: !HoldsBack(index), stop);
        }
    }

    bool HoldsBack(int index) => index >= Math.Max(1, settings.BurstConcurrency) && signal.IntakePerSecond >= settings.BurstRate;

    /// <returns>The next event, when recording this one's outcome claimed it too.</returns>
    async Task<InboxEvent?> HandleAsync(InboxEvent e, bool takeNext, CancellationToken stop)
    {
        // Every line logged about this turn, here or deeper in the bot, carries the conversation; its span continues the
        // webhook's trace.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ConversationId"] = e.ConversationKey });
        using var activity = ChatbotTelemetry.StartTurn(e.Platform, e.Id, e.ConversationKey, e.TraceParent);
        var started = clock.GetTimestamp();
        var (next, outcome) = await HandleInScopeAsync(e, takeNext, stop);
        activity?.SetTag("chatbot.outcome", outcome);
        if (outcome is not "done") activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome);
        ChatbotTelemetry.TurnHandled(e.Platform, outcome, clock.GetElapsedTime(started));
        return next;
    }

    async Task<(InboxEvent? Next, string Outcome)> HandleInScopeAsync(InboxEvent e, bool takeNext, CancellationToken stop)
    {
        var lease = new InboxLease(store, e, settings.Lease, clock, logger, stop);
        // The turn's state and reply results ride on its next write instead of committing alone (TurnWrites); the outcome
        // below carries what is left, and a turn that does not complete writes none of it.
        using var turn = TurnWrites.Begin();
        using var _ = ClaimedReads.Begin(e.ClaimedReads);
        Exception? failure = null;
        string? note = null;
        try
        {
            var handler = byPlatform.GetValueOrDefault(new PlatformId(e.Platform))
                          ?? throw new InvalidOperationException($"No handler for platform '{e.Platform}'");
            note = await handler.HandleAsync(e, lease.Token);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            await lease.DisposeAsync(); // stop renewing before the outcome ends the claim
        }
        if (lease.Lost) turn.Turn.DiscardAll();
        // Nothing of a turn that failed is written but that the citizen wrote (TurnWrites.HoldReceipt): it rides on the retry or the parking.
        else if (failure is not null) turn.Turn.Discard();

        if (lease.Lost)
        {
            // Another worker holds the event now; its outcome is the one that counts (the writes below would match nothing).
            logger.LogWarning("Inbox event {Id}: lease lost mid-turn; outcome left to the new owner", e.Id);
            return (null, "lease_lost");
        }
        if (failure is OperationCanceledException && stop.IsCancellationRequested)
        {
            turn.Dispose(); // given back untouched: handled again, receipts too
            await store.ReleaseAsync(e, CancellationToken.None);
            return (null, "released");
        }
        if (failure is null) return (await CompleteAsync(e, note, takeNext && !stop.IsCancellationRequested), "done");
        var reason = $"{failure.GetType().Name}: {failure.Message}";
        if (e.Attempts >= settings.MaxAttempts)
        {
            logger.LogError(failure, "Inbox event {Id} ({Kind}, {Conversation}) parked after {Attempts} attempts", e.Id, e.Kind,
                e.ConversationKey, e.Attempts);
            var parked = await store.ParkAsync(e, clock.GetUtcNow(), reason, CancellationToken.None);
            turn.Dispose(); // the apology writes on its own
            if (parked) await ApologizeAsync(e);
            return (null, "parked");
        }
        else
        {
            logger.LogWarning(failure, "Inbox event {Id} failed (attempt {Attempt}); retrying later", e.Id, e.Attempts);
            await store.RetryLaterAsync(e, clock.GetUtcNow() + settings.RetryDelay * e.Attempts, reason, CancellationToken.None);
            return (null, "retry");
        }
    }

    async Task<InboxEvent?> CompleteAsync(InboxEvent e, string? note, bool takeNext)
    {
        bool completed;
        InboxEvent? next = null;
        try
        {
            if (takeNext) (completed, next) = await store.CompleteAndClaimNextAsync(e, clock.GetUtcNow(), note, settings.Lease, CancellationToken.None);
            else completed = await store.CompleteAsync(e, clock.GetUtcNow(), note, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The reply went; only the record did not: the lease runs out and the event is handled again, sending
            // nothing twice (its replies are claimed in outbound_log).
            logger.LogError(ex, "Inbox event {Id}: handled, but its outcome could not be recorded", e.Id);
            return null;
        }
        if (!completed) logger.LogWarning("Inbox event {Id}: handled, but its claim was taken over meanwhile; not recorded", e.Id);
        return next;
    }

    async Task ApologizeAsync(InboxEvent e)
    {
        try
        {
            if (byPlatform.TryGetValue(new PlatformId(e.Platform), out var handler)) await handler.ApologizeAsync(e, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not apologise for parked inbox event {Id}", e.Id);
        }
    }

    async Task PurgeLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var purged = await store.PurgeAsync(clock.GetUtcNow() - settings.Retention, stop);
                if (purged > 0) logger.LogInformation("Purged {Count} inbox events older than {Retention}", purged, settings.Retention);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogError(e, "Inbox purge failed");
            }
            try { await Task.Delay(settings.PurgeInterval, stop); }
            catch (OperationCanceledException) { return; }
        }
    }
}
