namespace Chatbot.Web.Broadcasting;

public sealed class BroadcastingOptions
{
    public const string Section = "Broadcasting";

    // PublishTimeout, TransientRetries, TransientBaseDelay (Channels/Publishing/PublishingOptions.cs) and ArticleVerifyPolls,
    // ArticleVerifyDelay (Channels/Zalo) are read from this section too, by the publishers that use them.

    /// <summary>Attempts (jobs) per delivery before it is failed with its last reason.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Delays between attempts, growing; the last one repeats.</summary>
    public TimeSpan[] RetryDelays { get; init; } =
        [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];

    /// <summary>A delivery left "publishing" this long (host stopped mid-send) is reconciled as needs-check.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A needs-check delivery not found on the platform this long after its claim is published again
    /// (platforms list a new post with a delay, so "absent" right away is not proof).</summary>
    public TimeSpan ReconcileGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A due delivery enqueued this long ago and still not claimed lost its job (e.g. fetched by a process that
    /// died); the dispatcher enqueues it again. The delivery row's claim keeps a late original job harmless.</summary>
    public TimeSpan LostJobAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Subscriber notifications: sends in flight at once (the outbound pacer sets the rate), rows claimed per
    /// database round trip, passes over messages that failed transiently, and the pause before each further pass.</summary>
    public int NotifyConcurrency { get; init; } = 32;
    public int NotifyBatchSize { get; init; } = 200;
    public int NotifyPasses { get; init; } = 4;
    public TimeSpan NotifyPassDelay { get; init; } = TimeSpan.FromSeconds(2);
}

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Tests set false and run jobs directly; the app still enqueues into Hangfire storage.</summary>
    public bool ServerEnabled { get; init; } = true;

    /// <summary>Hangfire.Storage.SQLite polls its queue; the default was slow (design.md), so it is set here.</summary>
    public TimeSpan QueuePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often delayed (scheduled) jobs are moved to the queue; Hangfire's default is 15 s.</summary>
    public TimeSpan SchedulePollingInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int WorkerCount { get; init; } = 4;

    /// <summary>On PostgreSQL, how long a job-server lock (the recurring-job scheduler's, a job's
    /// DisableConcurrentExecution) counts as held. An instance killed while holding one leaves its row behind, and the
    /// other instances wait this long before taking it: with Hangfire.PostgreSql's default, 10 minutes, the surviving
    /// instance created no recurring job — so no dispatcher reconciled what the killed one was publishing — for that
    /// long. The jobs behind these locks are safe to run twice; the lock only saves work.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
