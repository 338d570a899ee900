using Chatbot.Web.Channels;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Subscriptions;

public sealed record Subscription
{
    public long Id { get; init; }
    public string Channel { get; init; } = "";
    public string UserId { get; init; } = "";
    public string WardId { get; init; } = "";
    public DateTimeOffset SubscribedAt { get; init; }
    public DateTimeOffset LastInteractionAt { get; init; }
}

/// <summary>
/// Citizens subscribed to their ward's news ("Nhận tin của phường"); one subscription per (channel, user). Both the
/// channels (a citizen wrote: <see cref="ICitizenWrote"/>) and broadcasting (the fan-out) use it, and neither reaches into
/// the other for it.
/// </summary>
public sealed class SubscriptionStore(IDbConnectionFactory db, IDbWriter writer, TimeProvider clock) : IPersonalDataEraser, ICitizenWrote
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

    /// <summary>As above, at the event's time. It runs on every citizen message, so inside an inbox turn it is a receipt
    /// riding on the turn's next write (<see cref="TurnWrites.HoldReceipt"/>) instead of a commit of its own.</summary>
    public Task TouchAsync(string channel, string userId, DateTimeOffset at, CancellationToken ct) =>
        TurnWrites.ReceiptAsync(writer, new HeldStatement(
            "UPDATE subscriptions SET last_interaction_at = @at WHERE channel = @channel AND user_id = @userId AND last_interaction_at < @at",
            new { channel, userId, at }), ct);

    public Task WroteAsync(PlatformId platform, string userId, DateTimeOffset at, CancellationToken ct) => TouchAsync(platform.Value, userId, at, ct);

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
        await tx.CommitAsync(ct);
    }
}
