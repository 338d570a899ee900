namespace Chatbot.Web.Channels.Publishing;

/// <summary>What one attempt at a delivery came to. Reasons are Vietnamese: staff read them on the delivery.</summary>
public abstract record PublishOutcome
{
    public sealed record Published(string PlatformPostId, bool Sandbox = false) : PublishOutcome;

    /// <summary>Worth another attempt later (rate limits, 5xx that outlasted the in-attempt retries, article still in review).</summary>
    public sealed record Retry(string Reason) : PublishOutcome;

    /// <summary>Another attempt would fail the same way (invalid parameter, missing permission, quota).</summary>
    public sealed record Failed(string Reason) : PublishOutcome;

    /// <summary>The platform rejected the channel's access token (Graph 190, Zalo -216/-220): renew it once and try once
    /// more where the platform allows (platforms.md §1.2), else this is the delivery's failure.</summary>
    public sealed record TokenRejected(string Reason) : PublishOutcome;

    /// <summary>The request may have landed (timeout after sending): reconcile before any retry.</summary>
    public sealed record NeedsCheck(string Reason) : PublishOutcome;

    /// <summary>Reconciliation found the first step done on the platform (a Zalo article) and recorded it: publish again,
    /// which continues from that step instead of repeating it.</summary>
    public sealed record Resume(string Reason) : PublishOutcome;

    /// <summary>Reconciliation found nothing on the platform: the delivery may be published again.</summary>
    public sealed record NotFound : PublishOutcome;
}

/// <summary>A ward post's content as it is published.</summary>
public sealed record PagePost(long Id, string Text, string? Link, string? ImageUrl);

/// <summary>
/// The delivery being published, as a publisher sees it: since when the platform may list it, and what a publish in
/// steps (create → verify → broadcast) recorded so far, so a later attempt resumes instead of starting again.
/// </summary>
public interface IPublishAttempt
{
    long DeliveryId { get; }

    /// <summary>When this attempt was claimed (or the delivery was due): a post of ours is listed no earlier than a minute before.</summary>
    DateTimeOffset Since { get; }

    /// <summary>A first step's receipt the platform gave (a Zalo article's processing token).</summary>
    string? StepToken { get; }

    /// <summary>What a later step produced (a verified Zalo article id).</summary>
    string? StepItemId { get; }

    Task RecordStepAsync(string? token, string? itemId, CancellationToken ct);

    /// <summary>Whether another delivery of the same channel already owns this item (reconciling must not take a twin's).</summary>
    Task<bool> ItemRecordedElsewhereAsync(string itemId, CancellationToken ct);
}

/// <summary>One platform's publishing of ward posts (a Page feed, an OA article). Implementations never retry a send that
/// may have landed.</summary>
public interface IPagePublisher
{
    PlatformId Platform { get; }
    Task<PublishOutcome> PublishAsync(IPublishAttempt attempt, PagePost post, WardChannel channel, string accessToken, CancellationToken ct);

    /// <summary>After a needs-check: look for the delivery on the platform. Published, Resume, NotFound, or NeedsCheck (still unknown).</summary>
    Task<PublishOutcome> ReconcileAsync(IPublishAttempt attempt, PagePost post, WardChannel channel, string accessToken, CancellationToken ct);
}

/// <summary>A published ward post on one channel.</summary>
public sealed record PublishedPost(string ChannelId, string PlatformPostId);

/// <summary>What citizens did around published posts that a platform answers itself (private replies to Page comments),
/// in a line per channel for the post's page in the console.</summary>
public interface IPostActivity
{
    Task<IReadOnlyList<string>> DescribeAsync(IReadOnlyList<PublishedPost> posts, CancellationToken ct);
}
