namespace Chatbot.Web.Channels.Inbox;

/// <summary>One platform event as the webhook stored it: <see cref="Payload"/> is that event's raw JSON.</summary>
public sealed class InboxEvent
{
    public long Id { get; init; }
    public string Platform { get; init; } = "";
    public string AccountId { get; init; } = "";
    public string UserId { get; init; } = "";
    public string ConversationKey { get; init; } = "";
    public string Kind { get; init; } = "";
    public string DedupeKey { get; init; } = "";
    public string Payload { get; init; } = "";
    public DateTimeOffset EventAt { get; init; }
    public int Attempts { get; init; }

    /// <summary>The traceparent of the webhook request that stored it; the turn's span continues that trace.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Names this claim of the event (a new one per claim): only its holder renews the lease or records the outcome.</summary>
    public string ClaimToken { get; init; } = "";

    /// <summary>Until when the bot was paused in this conversation (a person took it over) when the event was claimed: read
    /// with the claim, so the turn's pause check costs no round trip of its own.</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>What the claim read ahead for the turn (<see cref="Storage.IClaimReadAhead"/>), by key.</summary>
    public IReadOnlyDictionary<string, string?> ClaimedReads { get; set; } = Empty;

    static readonly IReadOnlyDictionary<string, string?> Empty = new Dictionary<string, string?>();
}

/// <summary>An event parsed from a verified webhook body, not yet stored.</summary>
/// <param name="Problem">Why the item cannot be handled (see <see cref="EventProblem"/>): it is stored parked with this
/// reason instead of pending.</param>
public sealed record NewInboxEvent(string Platform, string AccountId, string UserId, string Kind, string DedupeKey,
    string Payload, DateTimeOffset EventAt, string? Problem = null)
{
    public string State => Problem is null ? "pending" : "parked";

    /// <summary>"facebook:&lt;pageId&gt;:&lt;psid&gt;", "zalo:&lt;oaId&gt;:&lt;userId&gt;": also the Bot Framework conversation id.</summary>
    public string ConversationKey => $"{Platform}:{AccountId}:{UserId}";
}
