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

/// <summary>outbound_log (every reply tried, with its outcome) and sandbox_outbox (what channels without a token would
/// have sent).</summary>
internal sealed class OutboundLog(IDbConnectionFactory db, IDbWriter writer, IEnumerable<ISendAllowance> allowances)
{
    readonly Dictionary<PlatformId, ISendAllowance> allowanceOf = allowances.ToDictionary(a => a.Platform);

    /// <summary>On the SQLite single writer (see <see cref="IDbWriter"/>), so it never fights the inbox for the write lock.
    /// A message that went is also counted by its platform's <see cref="ISendAllowance"/> (Zalo's free CS messages), in the
    /// same transaction. With a <paramref name="replyKey"/> the row is written only if that reply has none yet (false: it
    /// was handled before).</summary>
    public Task<bool> RecordAsync(PlatformId platform, string channelId, string recipient, SendOutcome outcome, int attempts,
        string payload, DateTimeOffset now, CancellationToken ct, string? replyKey = null)
    {
        var args = new
        {
            platform = platform.Value, channelId, recipient, status = Status(outcome), reason = outcome.Reason, messageId = outcome.MessageId,
            attempts, payload, now, replyKey,
        };
        return writer.WriteAsync(async (conn, tx, token) =>
        {
            var written = await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO outbound_log (platform, channel_id, recipient, status, reason, platform_message_id, attempts, payload, created_at, reply_key)
                VALUES (@platform, @channelId, @recipient, @status, @reason, @messageId, @attempts, @payload, @now, @replyKey)
                ON CONFLICT (reply_key) DO NOTHING
                """, args, tx, cancellationToken: token));
            if (written == 1) await CountAsync(platform, outcome, conn, tx, recipient, token);
            return written == 1;
        }, ct);
    }

    /// <summary>Claims one reply of a turn before it is sent: a row in state 'sending' under its key. False when the key
    /// has a row already: sent, refused... or still 'sending' because the instance that claimed it died mid-send. That one
    /// may have arrived (the platforms take no idempotency key), so it is recorded 'unknown' and never sent again: a
    /// citizen may miss that one reply, but is never answered twice. The outcome is written by <see cref="FinishAsync"/>.</summary>
    public async Task<bool> ClaimAsync(string replyKey, PlatformId platform, string channelId, string recipient, string payload,
        DateTimeOffset now, CancellationToken ct)
    {
        // With what the inbox turn holds (its state, an earlier reply's result), in one batch and one transaction: a state
        // that can no longer be saved (another turn saved first) fails the claim, so nothing is sent (TurnWrites).
        var claimed = false;
        await writer.WriteAsync(TurnWrites.WithHeld(new HeldStatement("""
            INSERT INTO outbound_log (platform, channel_id, recipient, status, attempts, payload, created_at, reply_key)
            VALUES (@platform, @channelId, @recipient, 'sending', 0, @payload, @now, @replyKey)
            ON CONFLICT (reply_key) DO NOTHING
            """, new { replyKey, platform = platform.Value, channelId, recipient, payload, now }, rows => claimed = rows == 1)), ct);
        if (!claimed)
            await writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition("""
                UPDATE outbound_log SET status = 'unknown', reason = @reason WHERE reply_key = @replyKey AND status = 'sending'
                """, new { replyKey, reason = InterruptedSend }, tx, cancellationToken: token)), ct);
        return claimed;
    }

    public const string InterruptedSend = "the instance stopped while sending: it may have arrived, so it is not sent again";

    public Task FinishAsync(string replyKey, PlatformId platform, string recipient, SendOutcome outcome, int attempts, CancellationToken ct)
    {
        var result = new HeldStatement("""
            UPDATE outbound_log SET status = @status, reason = @reason, platform_message_id = @messageId, attempts = @attempts
            WHERE reply_key = @replyKey
            """, new { replyKey, status = Status(outcome), reason = outcome.Reason, messageId = outcome.MessageId, attempts });
        WriteWork<int> count = async (conn, tx, token) =>
        {
            await CountAsync(platform, outcome, conn, tx, recipient, token);
            return 0;
        };
        var counted = outcome.Status == SendStatus.Sent && allowanceOf.ContainsKey(platform);
        // The send is over: lost in a power cut (or with a failed turn), its row says 'unknown', never sent again. In an
        // inbox turn it rides on the turn's next write (the next reply's claim, or the outcome: TurnWrites).
        if (TurnWrites.Current is { } turn)
        {
            turn.Hold(result);
            if (counted) turn.Hold(count);
            return Task.CompletedTask;
        }
        return writer.WriteAsync(TurnWrites.WithHeld(counted ? count : (_, _, _) => Task.FromResult(0), result), ct, Durability.Deferred);
    }

    static string Status(SendOutcome outcome) => outcome.Status.ToString().ToLowerInvariant();

    Task CountAsync(PlatformId platform, SendOutcome outcome, System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx,
        string recipient, CancellationToken ct) =>
        outcome.Status == SendStatus.Sent && allowanceOf.TryGetValue(platform, out var allowance)
            ? allowance.CountSentAsync(conn, tx, recipient, ct) : Task.CompletedTask;

    public async Task<bool> IsOwnMessageAsync(PlatformId platform, string messageId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM outbound_log WHERE platform_message_id = @messageId AND platform = @platform",
            new { platform = platform.Value, messageId }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<OutboundRecord>> ListAsync(PlatformId platform, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<OutboundRecord>(new CommandDefinition("""
            SELECT id AS Id, platform AS Platform, channel_id AS ChannelId, recipient AS Recipient, status AS Status, reason AS Reason,
                   platform_message_id AS PlatformMessageId, attempts AS Attempts, payload AS Payload, created_at AS CreatedAt
            FROM outbound_log WHERE platform = @platform ORDER BY id
            """, new { platform = platform.Value }, cancellationToken: ct))).ToList();
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
