using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Channels.Inbox;

public sealed class ConversationStatus
{
    public DateTimeOffset? LastInboundAt { get; init; }
    public DateTimeOffset? PausedUntil { get; init; }
    public DateTimeOffset? UnreachableAt { get; init; }
    public string? UnreachableReason { get; init; }
}

/// <summary>What the channels remember per citizen conversation: last inbound time, human takeover, unreachable.</summary>
internal sealed class ChannelConversations(IDbConnectionFactory db, IDbWriter writer)
{
    public async Task<ConversationStatus?> GetAsync(string conversationKey, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ConversationStatus>(new CommandDefinition("""
            SELECT last_inbound_at AS LastInboundAt, paused_until AS PausedUntil, unreachable_at AS UnreachableAt,
                   unreachable_reason AS UnreachableReason
            FROM channel_conversations WHERE conversation_key = @conversationKey
            """, new { conversationKey }, cancellationToken: ct));
    }

    /// <summary>The citizen wrote (or followed): they are reachable again and the reply window restarts. Returns the
    /// conversation's status after that, for the turn's pause check and its replies' refusal check. Inside an inbox turn
    /// the write is a receipt riding on the turn's next write (<see cref="TurnWrites.HoldReceipt"/>: issue 18, one
    /// transaction fewer per turn); the status it leaves is known without asking: it changes only these fields, and the
    /// pause was read with the event's claim.</summary>
    public async Task<ConversationStatus> InboundAsync(InboxEvent e, CancellationToken ct)
    {
        await TurnWrites.ReceiptAsync(writer, new HeldStatement("""
            INSERT INTO channel_conversations (conversation_key, platform, user_id, last_inbound_at) VALUES (@key, @platform, @userId, @at)
            ON CONFLICT (conversation_key) DO UPDATE
                SET last_inbound_at = excluded.last_inbound_at, unreachable_at = NULL, unreachable_reason = NULL
            """, new { key = e.ConversationKey, platform = e.Platform, userId = e.UserId, at = e.EventAt }), ct);
        return new ConversationStatus { LastInboundAt = e.EventAt, PausedUntil = e.PausedUntil };
    }

    public Task PauseAsync(string key, string platform, string userId, DateTimeOffset until, CancellationToken ct) =>
        UpsertAsync(key, platform, userId, "paused_until = @until", new { until }, ct);

    public Task MarkUnreachableAsync(string key, string platform, string userId, DateTimeOffset at, string reason, CancellationToken ct) =>
        UpsertAsync(key, platform, userId, "unreachable_at = @at, unreachable_reason = @reason", new { at, reason }, ct);

    Task UpsertAsync(string key, string platform, string userId, string set, object values, CancellationToken ct) =>
        writer.WriteAsync(async (conn, tx, token) =>
    {
        var args = new DynamicParameters(values);
        args.Add("key", key);
        args.Add("platform", platform);
        args.Add("userId", userId);
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO channel_conversations (conversation_key, platform, user_id) VALUES (@key, @platform, @userId) ON CONFLICT (conversation_key) DO NOTHING",
            args, tx, cancellationToken: token));
        return await conn.ExecuteAsync(new CommandDefinition($"UPDATE channel_conversations SET {set} WHERE conversation_key = @key", args,
            tx, cancellationToken: token));
    }, ct);
}
