namespace Chatbot.Web.Channels.Outbound;

/// <summary>The result of telling one citizen something on their channel.</summary>
public enum CitizenSendResult
{
    Sent,
    /// <summary>The channel has no token: written to the sandbox instead.</summary>
    Sandbox,
    /// <summary>The platform's rules refuse it (window, quota, unreachable): never retried.</summary>
    NotAllowed,
    /// <summary>Configuration or token problem for a human.</summary>
    Failed,
    /// <summary>Known not delivered (5xx, rate limit after retries): safe to try again later.</summary>
    RetryLater,
    /// <summary>The request left but no answer came: it may have reached the citizen, so it is never resent.</summary>
    Unknown,
}

public sealed record CitizenSendOutcome(CitizenSendResult Result, string? Reason = null);

/// <param name="Channel">The Bot Framework channel id the citizen subscribed on ("facebook", "webchat"…).</param>
/// <param name="LastInteractionAt">The citizen's last message as the caller knows it: the platform's rules are judged from it
/// (or from the platform's own later record).</param>
/// <param name="Conversation">What the caller already read about the citizen's latest conversation (a fan-out reads it for a
/// whole batch in one query); null = the messenger reads it itself.</param>
/// <param name="Batch">Shared by the messages of one fan-out batch, so tokens and counts are read once per batch.</param>
public sealed record CitizenMessage(string Channel, string UserId, string WardId, string Text, DateTimeOffset LastInteractionAt,
    KnownConversation? Conversation = null, CitizenSendBatch? Batch = null);

/// <summary>The citizen's latest conversation on the platform ("facebook:&lt;pageId&gt;:&lt;psid&gt;"), or none, and whether a
/// send to it was refused as unreachable (blocked the Page, …).</summary>
public sealed record KnownConversation
{
    public string? ConversationKey { get; init; }
    public DateTimeOffset? UnreachableAt { get; init; }
    public string? UnreachableReason { get; init; }
}

/// <summary>What a batch of notifications resolves once and shares: the access token per channel, and each platform's
/// send counts for all the batch's citizens on it (one query per platform and batch).</summary>
public sealed class CitizenSendBatch(IEnumerable<(string Channel, string UserId)> citizens)
{
    readonly ILookup<string, string> usersByChannel = citizens.Distinct().ToLookup(c => c.Channel, c => c.UserId);
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string?>> tokens = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<PlatformId, Task<IReadOnlyDictionary<string, SendCount>>> counts = new();

    public Task<string?> TokenAsync(string channelId, Func<Task<string?>> read) => Shared(tokens, channelId, read);

    public Task<IReadOnlyDictionary<string, SendCount>> CountsAsync(ISendAllowance allowance, CancellationToken ct) =>
        Shared(counts, allowance.Platform, () => allowance.ReadAsync(usersByChannel[allowance.Platform.Value].ToList(), ct));

    static async Task<T> Shared<TKey, T>(System.Collections.Concurrent.ConcurrentDictionary<TKey, Task<T>> cache, TKey key, Func<Task<T>> read)
        where TKey : notnull
    {
        var task = cache.GetOrAdd(key, _ => read());
        try
        {
            return await task;
        }
        catch
        {
            cache.TryRemove(KeyValuePair.Create(key, task)); // a failed read is not shared with the rest of the batch
            throw;
        }
    }
}

/// <summary>
/// "Send a message to a citizen on a channel" for the service's own messages (ward news to a subscriber): the channels'
/// outbound path with each platform's push rule, tokens, sandbox, retries and outbound_log. The caller makes it idempotent.
/// </summary>
public interface ICitizenMessenger
{
    Task<CitizenSendOutcome> SendAsync(CitizenMessage message, CancellationToken ct);

    /// <summary>A ward officer's answer in the citizen's conversation, through the same path as the bot's replies (tokens,
    /// Polly, outbound_log claimed under <see cref="PersonReply.ReplyKey"/>, so it goes at most once), inside the
    /// platform's reply window counted from <see cref="PersonReply.RepliesTo"/>. The caller judges the free window.</summary>
    Task<CitizenSendOutcome> ReplyAsync(PersonReply reply, CancellationToken ct);
}

/// <summary>Whether a person (ward staff) owns a citizen's conversation on a channel: the service then sends them nothing
/// of its own (ward news), so the officer's conversation is not interrupted (issue 14). The staff desk implements it.</summary>
public interface IPersonOwnership
{
    Task<bool> OwnsAsync(string channel, string userId, CancellationToken ct);
}

/// <param name="Channel">The platform id the conversation is on.</param>
/// <param name="ConversationKey">The platform's conversation key ("&lt;platform&gt;:&lt;account&gt;:&lt;user&gt;").</param>
/// <param name="AccountId">The Page or OA the citizen wrote to.</param>
/// <param name="RepliesTo">The citizen's last message.</param>
/// <param name="ReplyKey">Names this answer in outbound_log ("desk:&lt;message id&gt;").</param>
public sealed record PersonReply(string Channel, string ConversationKey, string UserId, string AccountId, string Text,
    DateTimeOffset RepliesTo, string ReplyKey);
