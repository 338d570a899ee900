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

    /// <summary>Ceilings for messages the service starts itself (ward news to subscribers), per platform, in sends per
    /// second; the pacer slows below them when the platform answers "too fast". Messenger allows 300 calls/s per Page
    /// (platforms.md §2.4), Zalo 4,000/min per app (§1.7); replies to citizens share those limits, hence the headroom.</summary>
    public Dictionary<string, double> RatePerSecond { get; init; } = new() { ["facebook"] = 250, ["zalo"] = 50 };
}
