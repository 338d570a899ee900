using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Channels.Outbound;

public sealed class OutboundRecord
{
    public long Id { get; init; }
    public string Platform { get; init; } = "";
    public string ChannelId { get; init; } = "";
    public string Recipient { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Reason { get; init; }
    public string? PlatformMessageId { get; init; }
    public int Attempts { get; init; }
    public string Payload { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class SandboxRecord
{
    public long Id { get; init; }
    public string ChannelId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Recipient { get; init; }
    public string Payload { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>outbound_log (every reply tried, with its outcome) and sandbox_outbox (shared with Broadcasting).</summary>
internal sealed class OutboundLog(IDbConnectionFactory db, IDbWriter writer)
{
    /// <summary>On the SQLite single writer (see <see cref="IDbWriter"/>), so it never fights the inbox for the write lock.
    /// A Zalo message that went is also counted toward the citizen's free CS allowance, in the same transaction.</summary>
    public async Task RecordAsync(string platform, string channelId, string recipient, SendOutcome outcome, int attempts,
        string payload, DateTimeOffset now, CancellationToken ct)
    {
        var args = new
        {
            platform, channelId, recipient, status = outcome.Status.ToString().ToLowerInvariant(), reason = outcome.Reason,
            messageId = outcome.MessageId, attempts, payload, now,
        };
        var countsTowardZaloQuota = platform == Zalo.ZaloEvents.Platform && outcome.Status == SendStatus.Sent;
        await writer.WriteAsync(async (conn, tx, token) =>
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO outbound_log (platform, channel_id, recipient, status, reason, platform_message_id, attempts, payload, created_at)
                VALUES (@platform, @channelId, @recipient, @status, @reason, @messageId, @attempts, @payload, @now)
                """, args, tx, cancellationToken: token));
            if (countsTowardZaloQuota) await Broadcasting.ZaloCsQuota.CountSentAsync(conn, tx, recipient, token);
            return 0;
        }, ct);
    }

    public async Task<bool> IsOwnMessageAsync(string platform, string messageId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbound_log WHERE platform_message_id = @messageId AND platform = @platform",
            new { platform, messageId }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<OutboundRecord>> ListAsync(string platform, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<OutboundRecord>(new CommandDefinition("""
            SELECT id AS Id, platform AS Platform, channel_id AS ChannelId, recipient AS Recipient, status AS Status, reason AS Reason,
                   platform_message_id AS PlatformMessageId, attempts AS Attempts, payload AS Payload, created_at AS CreatedAt
            FROM outbound_log WHERE platform = @platform ORDER BY id
            """, new { platform }, cancellationToken: ct))).ToList();
    }

    public Task AddSandboxAsync(string channelId, string kind, string? recipient, string payload, DateTimeOffset now, CancellationToken ct) =>
        writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO sandbox_outbox (channel_id, kind, recipient, payload, created_at) VALUES (@channelId, @kind, @recipient, @payload, @now)
            """, new { channelId, kind, recipient, payload, now }, tx, cancellationToken: token)), ct);

    public async Task<IReadOnlyList<SandboxRecord>> ListSandboxAsync(string? channelId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<SandboxRecord>(new CommandDefinition("""
            SELECT id AS Id, channel_id AS ChannelId, kind AS Kind, recipient AS Recipient, payload AS Payload, created_at AS CreatedAt
            FROM sandbox_outbox WHERE @channelId IS NULL OR channel_id = @channelId ORDER BY id DESC LIMIT @limit
            """, new { channelId, limit }, cancellationToken: ct))).ToList();
    }
}
