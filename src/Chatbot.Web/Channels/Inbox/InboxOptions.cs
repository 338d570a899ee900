namespace Chatbot.Web.Channels.Inbox;

public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>Off only to test a crash between store and handling: events are stored, nothing handles them.</summary>
    public bool WorkerEnabled { get; init; } = true;

    /// <summary>Events handled at once (different conversations; one conversation is always one at a time).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Webhooks stored per second from which the intake counts as a burst.</summary>
    public int BurstRate { get; init; } = 500;

    /// <summary>Events handled at once during a burst (at least one, so the backlog keeps moving).</summary>
    public int BurstConcurrency { get; init; } = 1;

    /// <summary>How often an idle worker looks for events another instance stored (its own wake it at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts before an event is parked with its reason; the citizen then gets the apology.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the next attempt, times the attempt number.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Names this instance in its claims, the same across its restarts (systemd: the unit's instance name; compose:
    /// the service); two live instances must never share one. Empty = machine name + configured URLs.</summary>
    public string InstanceId { get; init; } = "";

    /// <summary>A claimed event whose instance died becomes claimable again after this (its own instance, restarted, takes
    /// it back at once).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Raw events are deleted this long after they arrived (personal data: keep only what is needed).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A staff reply from the Page inbox or the OA chat (an echo from another app) pauses the bot this long.</summary>
    public TimeSpan HumanTakeoverPause { get; init; } = TimeSpan.FromMinutes(30);
}
