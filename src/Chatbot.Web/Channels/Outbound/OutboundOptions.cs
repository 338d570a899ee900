namespace Chatbot.Web.Channels.Outbound;

public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>Retries of a transient failure (the first try not counted).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay, doubled each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A Retry-After longer than this is not waited for inside a reply: the send is recorded as failed.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Per request. A timeout after the request left is an unknown outcome, never retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ceilings for messages the service starts itself (ward news to subscribers), in sends per second, by platform
    /// id (Outbound:RatePerSecond:facebook). Unset, the platform's profile says (<see cref="SendRate"/>); the sender slows
    /// below it when the platform answers "too fast".</summary>
    public Dictionary<string, double> RatePerSecond { get; init; } = new();
}
