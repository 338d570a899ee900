namespace Chatbot.Web.Channels.Publishing;

/// <summary>
/// Calls that publish ward posts. The section is "Broadcasting": these keys were documented as Broadcasting:* before the
/// publishers moved into their platforms' folders, and deployments keep working with them.
/// </summary>
public sealed class PublishingOptions
{
    public const string Section = "Broadcasting";

    /// <summary>One HTTP call to a platform; a reply slower than this after the request left makes the delivery needs-check.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Polly, inside one attempt: tries and the first back-off (doubling, jittered).</summary>
    public int TransientRetries { get; init; } = 4;
    public TimeSpan TransientBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
