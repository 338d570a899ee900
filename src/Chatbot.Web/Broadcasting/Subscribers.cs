using Chatbot.Web.Conversations;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Broadcasting;

public sealed record Subscription
{
    public long Id { get; init; }
    public string Channel { get; init; } = "";
    public string UserId { get; init; } = "";
    public string WardId { get; init; } = "";
    public DateTimeOffset SubscribedAt { get; init; }
    public DateTimeOffset LastInteractionAt { get; init; }
}

/// <summary>Citizens subscribed to their ward's news ("Nhận tin của phường"); one subscription per (channel, user).</summary>
public sealed class SubscriptionStore(IDbConnectionFactory db, IDbWriter writer, TimeProvider clock) : IPersonalDataEraser
{
    public async Task SubscribeAsync(string channel, string userId, string wardId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var now = clock.GetUtcNow();
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO subscriptions (channel, user_id, ward_id, subscribed_at, last_interaction_at) VALUES (@channel, @userId, @wardId, @now, @now)
            ON CONFLICT (channel, user_id) DO UPDATE SET ward_id = excluded.ward_id, last_interaction_at = excluded.last_interaction_at
            """, new { channel, userId, wardId, now }, cancellationToken: ct));
    }

    public async Task<bool> UnsubscribeAsync(string channel, string userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscriptions WHERE channel = @channel AND user_id = @userId", new { channel, userId }, cancellationToken: ct)) > 0;
    }

    public async Task<Subscription?> FindAsync(string channel, string userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Subscription>(new CommandDefinition(
            "SELECT * FROM subscriptions WHERE channel = @channel AND user_id = @userId", new { channel, userId }, cancellationToken: ct));
    }

    /// <summary>The platform windows run from the citizen's last message: the channels' inbound path calls this for
    /// every message, postback and referral, with the event's time (an event handled late never moves it back).</summary>
    public Task TouchAsync(string channel, string userId, CancellationToken ct) => TouchAsync(channel, userId, clock.GetUtcNow(), ct);

    /// <summary>As above, at the event's time. On Zalo it also restarts the count of free CS messages
    /// (<see cref="ZaloCsQuota"/>), subscribed or not, since bot replies count toward it too. On the writer: it runs on
    /// every citizen message, so it shares the turn's group commit instead of taking the write lock (SQLite) or a
    /// commit (PostgreSQL) of its own.</summary>
    public Task TouchAsync(string channel, string userId, DateTimeOffset at, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE subscriptions SET last_interaction_at = @at WHERE channel = @channel AND user_id = @userId AND last_interaction_at < @at",
                new { channel, userId, at }, tx, cancellationToken: token));
            if (channel == "zalo") await ZaloCsQuota.TouchAsync(conn, tx, userId, at, token);
            return 0;
        }, ct);

    public async Task<IReadOnlyList<Subscription>> ForWardAsync(string wardId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<Subscription>(new CommandDefinition(
            "SELECT * FROM subscriptions WHERE ward_id = @wardId ORDER BY id", new { wardId }, cancellationToken: ct))).ToList();
    }

    public async Task EraseAsync(string channel, string userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Notification rows keep counts for reports but lose the link to the person.
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE notifications SET subscription_id = -subscription_id
            WHERE subscription_id IN (SELECT id FROM subscriptions WHERE channel = @channel AND user_id = @userId)
            """, new { channel, userId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscriptions WHERE channel = @channel AND user_id = @userId", new { channel, userId }, tx, cancellationToken: ct));
        if (channel == "zalo")
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM zalo_cs_quota WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}

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

/// <param name="LastInteractionAt">The citizen's last message: the platform window is counted from it.</param>
/// <param name="Conversation">What the caller already read about the citizen's latest conversation (a fan-out reads it for a
/// whole batch in one query); null = the messenger reads it itself.</param>
/// <param name="Batch">Shared by the messages of one fan-out batch, so the channel's token is read once per batch.</param>
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

/// <summary>What a batch of notifications resolves once and shares (the access token per channel).</summary>
public sealed class CitizenSendBatch
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string?>> tokens = new();

    public async Task<string?> TokenAsync(string channelId, Func<Task<string?>> read)
    {
        var task = tokens.GetOrAdd(channelId, _ => read());
        try
        {
            return await task;
        }
        catch
        {
            tokens.TryRemove(KeyValuePair.Create(channelId, task)); // a failed read is not shared with the rest of the batch
            throw;
        }
    }
}

/// <summary>
/// "Send a message to a citizen on a channel", implemented by the channels' outbound path (Messenger Send API with
/// messaging_type UPDATE, Zalo CS), with its tokens, sandbox, retries and outbound_log. The caller makes it idempotent.
/// </summary>
public interface ICitizenMessenger
{
    Task<CitizenSendOutcome> SendAsync(CitizenMessage message, CancellationToken ct);
}
