namespace Chatbot.Web.Channels.Outbound;

public enum SendStatus
{
    /// <summary>The platform accepted the message.</summary>
    Sent,
    /// <summary>Known not delivered and worth another try (5xx, rate limit, connection refused).</summary>
    Transient,
    /// <summary>The platform's rules refuse it (reply window, quota, blocked, not a follower): recorded, never retried.</summary>
    Refused,
    /// <summary>The token was rejected (Graph 190, Zalo -216/-220).</summary>
    TokenRejected,
    /// <summary>The request left but no answer came back: it may have reached the citizen, so it is not resent.</summary>
    Unknown,
    /// <summary>Anything else (bad request, missing permission): a configuration problem for a human.</summary>
    Failed,
    /// <summary>The channel has no token: written to sandbox_outbox instead.</summary>
    Sandbox,
}

/// <param name="Reason">Platform code and message, e.g. "graph 10/2018278: outside the allowed window".</param>
/// <param name="Unreachable">The citizen cannot be reached any more (blocked the Page, unfollowed...).</param>
/// <param name="RateLimited">A transient failure that says "too fast" (429, Graph 4/17/32/613, Zalo -32): senders slow down.</param>
public sealed record SendOutcome(SendStatus Status, string? Reason = null, string? MessageId = null, TimeSpan? RetryAfter = null,
    bool Unreachable = false, bool RateLimited = false)
{
    public static SendOutcome Sent(string? messageId) => new(SendStatus.Sent, MessageId: messageId);
}
