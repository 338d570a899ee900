namespace Chatbot.Web.Broadcasting.Publishing;

/// <summary>What one attempt at a delivery came to. Reasons are Vietnamese: staff read them on the delivery.</summary>
public abstract record PublishOutcome
{
    public sealed record Published(string PlatformPostId, bool Sandbox = false) : PublishOutcome;

    /// <summary>Worth another attempt later (rate limits, 5xx that outlasted the in-attempt retries, article still in review).</summary>
    public sealed record Retry(string Reason) : PublishOutcome;

    /// <summary>Another attempt would fail the same way (bad token, invalid parameter, quota).</summary>
    public sealed record Failed(string Reason) : PublishOutcome;

    /// <summary>The request may have landed (timeout after sending): reconcile before any retry.</summary>
    public sealed record NeedsCheck(string Reason) : PublishOutcome;

    /// <summary>Reconciliation found the first step done on the platform (a Zalo article) and recorded it: publish again,
    /// which continues from that step instead of repeating it.</summary>
    public sealed record Resume(string Reason) : PublishOutcome;

    /// <summary>Reconciliation found nothing on the platform: the delivery may be published again.</summary>
    public sealed record NotFound : PublishOutcome;
}

/// <summary>One platform's publishing. Implementations never retry a send that may have landed.</summary>
public interface IPlatformPublisher
{
    Wards.Platform Platform { get; }
    Task<PublishOutcome> PublishAsync(DeliveryRow delivery, PostRow post, Wards.WardChannel channel, string accessToken, CancellationToken ct);

    /// <summary>After a needs-check: look for the delivery on the platform. Published, Resume, NotFound, or NeedsCheck (still unknown).</summary>
    Task<PublishOutcome> ReconcileAsync(DeliveryRow delivery, PostRow post, Wards.WardChannel channel, string accessToken, CancellationToken ct);
}
