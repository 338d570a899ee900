using System.Threading.Channels;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Storage;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// After a delivery is published, tells the ward's subscribers once per (post occurrence, subscriber), only where the
/// platform allows a message now: each platform's push rule decides (its profile's PushRule, applied by the channels'
/// <see cref="ICitizenMessenger"/>: Messenger within 24 h of the citizen's last message; Zalo only while free, platforms.md
/// §2.5, §1.5). Others are skipped with the reason and counted.
/// <para>
/// Exactly once: every subscriber gets a notifications row ('pending') before anything is sent; a row is claimed
/// ('pending' → 'sending', compare-and-set) before its message goes, so a second or concurrent run sends nothing twice.
/// Messages known not delivered (5xx, rate limit after the outbound retries) become 'retry' and are sent again in a
/// later pass, then by Hangfire's retry of the job. A row left 'sending' by a stopped process may have reached the
/// citizen: after <see cref="BroadcastingOptions.StaleAfter"/> it is 'unknown', never resent.
/// </para>
/// Fast enough for a ward with many subscribers: rows are claimed and recorded in batches; one query per batch reads each
/// subscriber's latest conversation (Page/OA, unreachable), and the batch shares what the messenger reads once (the
/// channel token, a platform's send counts), so a send costs no database read; sends run <see cref="BroadcastingOptions.NotifyConcurrency"/> at a time, paced by the
/// outbound path to the platform's rate.
/// </summary>
[AutomaticRetry(Attempts = 3)]
public sealed class NotifySubscribersJob(IDbConnectionFactory db, DeliveryStore deliveries, PostStore posts,
    ICitizenMessenger messenger, IOptions<BroadcastingOptions> options, TimeProvider clock, ILogger<NotifySubscribersJob> logger)
{
    public static string Text(PostRow post) =>
        $"Phường có tin mới:\n{(post.Text.Length > 300 ? post.Text[..299] + "…" : post.Text)}{(post.Link is null ? "" : "\n" + post.Link)}\n(Nhắn «Hủy đăng ký» để ngừng nhận tin.)";

    sealed record Occurrence(long PostId, DateTimeOffset At);

    sealed record Claimed
    {
        public long NotificationId { get; init; }
        public long SubscriptionId { get; init; }
        public string Channel { get; init; } = "";
        public string UserId { get; init; } = "";
        public string WardId { get; init; } = "";
        public DateTimeOffset LastInteractionAt { get; init; }
        public string? ConversationKey { get; init; }
        public DateTimeOffset? UnreachableAt { get; init; }
        public string? UnreachableReason { get; init; }
        public CitizenSendBatch? Batch { get; init; }
    }

    sealed record Done(long Id, string Outcome, string? Reason, DateTimeOffset At);

    public async Task RunAsync(long deliveryId, CancellationToken ct)
    {
        if (await deliveries.FindAsync(deliveryId, ct) is not { State: PostStates.Published } delivery) return;
        var post = (await posts.FindAsync(delivery.PostId, ct))!;
        var occurrence = new Occurrence(post.Id, delivery.DueAt);
        var text = Text(post);
        var o = options.Value;
        await ReserveAsync(occurrence, delivery.WardId, ct);
        await GiveUpStaleAsync(occurrence, ct);
        for (var pass = 1; ; pass++)
        {
            await MoveAsync(occurrence, "retry", "pending", ct);
            await SendPendingAsync(occurrence, text, ct);
            var retry = await CountAsync(occurrence, "retry", ct);
            if (retry == 0) return;
            if (pass >= o.NotifyPasses)
            {
                await MoveAsync(occurrence, "retry", "pending", ct);
                // Hangfire retries the job later; the rows say what is still to send.
                throw new InvalidOperationException($"{retry} notifications of post {post.Id} still failing transiently after {pass} passes");
            }
            logger.LogInformation("Post {PostId}: {Count} notifications failed transiently; pass {Pass} in {Delay}", post.Id, retry, pass + 1,
                o.NotifyPassDelay * pass);
            await Task.Delay(o.NotifyPassDelay * pass, ct); // real waiting on a platform, whatever clock schedules posts
        }
    }

    async Task ReserveAsync(Occurrence occurrence, string wardId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO notifications (post_id, occurrence_at, subscription_id, outcome, at)
            SELECT @PostId, @At, id, 'pending', @now FROM subscriptions WHERE ward_id = @wardId
            ON CONFLICT (post_id, occurrence_at, subscription_id) DO NOTHING
            """, new { occurrence.PostId, occurrence.At, wardId, now = clock.GetUtcNow() }, cancellationToken: ct, commandTimeout: 300));
    }

    async Task GiveUpStaleAsync(Occurrence occurrence, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var stale = await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE notifications SET outcome = 'unknown', reason = 'interrupted-while-sending'
            WHERE post_id = @PostId AND occurrence_at = @At AND outcome = 'sending' AND at < @cutoff
            """, new { occurrence.PostId, occurrence.At, cutoff = clock.GetUtcNow() - options.Value.StaleAfter }, cancellationToken: ct));
        if (stale > 0)
            logger.LogWarning("Post {PostId}: {Count} notifications were interrupted while sending; not resent (may have arrived)",
                occurrence.PostId, stale);
    }

    async Task MoveAsync(Occurrence occurrence, string from, string to, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET outcome = @to WHERE post_id = @PostId AND occurrence_at = @At AND outcome = @from",
            new { occurrence.PostId, occurrence.At, from, to }, cancellationToken: ct));
    }

    async Task<long> CountAsync(Occurrence occurrence, string outcome, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM notifications WHERE post_id = @PostId AND occurrence_at = @At AND outcome = @outcome",
            new { occurrence.PostId, occurrence.At, outcome }, cancellationToken: ct));
    }

    /// <summary>One pass: a producer claims batches, senders work through them, a recorder writes outcomes in batches.</summary>
    async Task SendPendingAsync(Occurrence occurrence, string text, CancellationToken ct)
    {
        var o = options.Value;
        var work = Channel.CreateBounded<Claimed>(o.NotifyBatchSize);
        var done = Channel.CreateBounded<Done>(o.NotifyBatchSize * 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                var after = 0L;
                while (true)
                {
                    var batch = await ClaimAsync(occurrence, after, o.NotifyBatchSize, stop.Token);
                    if (batch.Claimed.Count == 0 && batch.Last == 0) break;
                    after = batch.Last;
                    foreach (var gone in batch.Unsubscribed)
                        await done.Writer.WriteAsync(new Done(gone, "skipped", "unsubscribed", clock.GetUtcNow()), stop.Token);
                    foreach (var c in batch.Claimed) await work.Writer.WriteAsync(c, stop.Token);
                }
                work.Writer.Complete();
            }
            catch (Exception e)
            {
                work.Writer.Complete(e);
                throw;
            }
        }, stop.Token);
        var senders = Enumerable.Range(0, Math.Max(1, o.NotifyConcurrency)).Select(_ => Task.Run(async () =>
        {
            await foreach (var c in work.Reader.ReadAllAsync(stop.Token))
                await done.Writer.WriteAsync(await SendOneAsync(c, text, stop.Token), stop.Token);
        }, stop.Token)).ToList();
        var recorder = Task.Run(async () =>
        {
            try
            {
                await RecordAsync(done.Reader);
            }
            catch
            {
                await stop.CancelAsync(); // senders must not wait on a recorder that is gone
                throw;
            }
        }, CancellationToken.None);
        try
        {
            await Task.WhenAll(senders.Append(producer));
        }
        finally
        {
            done.Writer.TryComplete();
            await recorder;
        }
    }

    async Task<Done> SendOneAsync(Claimed c, string text, CancellationToken ct)
    {
        try
        {
            var conversation = new KnownConversation
            {
                ConversationKey = c.ConversationKey, UnreachableAt = c.UnreachableAt, UnreachableReason = c.UnreachableReason,
            };
            var sent = await messenger.SendAsync(new CitizenMessage(c.Channel, c.UserId, c.WardId, text, c.LastInteractionAt, conversation, c.Batch), ct);
            var (outcome, reason) = sent.Result switch
            {
                CitizenSendResult.Sent => ("sent", (string?)null),
                CitizenSendResult.Sandbox => ("sandbox", null),
                CitizenSendResult.NotAllowed => ("skipped", sent.Reason ?? "platform-refused"),
                CitizenSendResult.RetryLater => ("retry", sent.Reason),
                CitizenSendResult.Unknown => ("unknown", sent.Reason),
                _ => ("failed", sent.Reason ?? "send-failed"),
            };
            return new Done(c.NotificationId, outcome, Short(reason), clock.GetUtcNow());
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Where it threw is unknown (before or after the platform call): never resend.
            logger.LogError(e, "Notification {Id} threw while sending", c.NotificationId);
            return new Done(c.NotificationId, "unknown", Short($"{e.GetType().Name}: {e.Message}"), clock.GetUtcNow());
        }
    }

    static string? Short(string? s) => s is { Length: > 300 } ? s[..300] : s;

    sealed record ClaimedBatch(IReadOnlyList<Claimed> Claimed, IReadOnlyList<long> Unsubscribed, long Last);

    async Task<ClaimedBatch> ClaimAsync(Occurrence occurrence, long after, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        // Scans by id from a cursor (no rescanning of finished rows); outcome = 'pending' is checked again on the row, so
        // of two runs claiming at once each row goes to one.
        var ids = (await conn.QueryAsync<long>(new CommandDefinition("""
            UPDATE notifications SET outcome = 'sending', at = @now
            WHERE id IN (SELECT id FROM notifications WHERE post_id = @PostId AND occurrence_at = @At AND outcome = 'pending' AND id > @after
                         ORDER BY id LIMIT @limit)
              AND outcome = 'pending'
            RETURNING id
            """, new { occurrence.PostId, occurrence.At, after, limit, now = clock.GetUtcNow() }, cancellationToken: ct))).ToList();
        if (ids.Count == 0) return new ClaimedBatch([], [], 0);
        // Everything a send needs, for the whole batch in one query: the latest conversation (which Page/OA, unreachable);
        // what the messenger reads once per batch (tokens, send counts) the batch shares.
        var claimed = (await conn.QueryAsync<Claimed>(new CommandDefinition($"""
            SELECT n.id AS NotificationId, s.id AS SubscriptionId, s.channel AS Channel, s.user_id AS UserId, s.ward_id AS WardId,
                   s.last_interaction_at AS LastInteractionAt, c.conversation_key AS ConversationKey, c.unreachable_at AS UnreachableAt,
                   c.unreachable_reason AS UnreachableReason
            FROM notifications n JOIN subscriptions s ON s.id = n.subscription_id
            LEFT JOIN channel_conversations c ON c.conversation_key = (
                SELECT conversation_key FROM channel_conversations WHERE platform = s.channel AND user_id = s.user_id
                ORDER BY (last_inbound_at IS NULL), last_inbound_at DESC LIMIT 1)
            WHERE {db.Dialect.In("n.id", "@ids")} ORDER BY n.id
            """, new { ids = ids.ToArray() }, cancellationToken: ct))).ToList();
        var batch = new CitizenSendBatch(claimed.Select(c => (c.Channel, c.UserId)));
        claimed = claimed.Select(c => c with { Batch = batch }).ToList();
        var found = claimed.Select(c => c.NotificationId).ToHashSet();
        return new ClaimedBatch(claimed, ids.Where(id => !found.Contains(id)).ToList(), ids.Max());
    }

    /// <summary>Writes outcomes a batch per transaction; never cancelled, so what was sent is always recorded.</summary>
    async Task RecordAsync(ChannelReader<Done> reader)
    {
        var batch = new List<Done>(256);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < 256 && reader.TryRead(out var d)) batch.Add(d);
            await using var conn = await db.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE notifications SET outcome = @Outcome, reason = @Reason, at = @At WHERE id = @Id", batch, tx));
            await tx.CommitAsync();
            batch.Clear();
        }
    }

    /// <summary>Counts by outcome and reason for a post (shown with its deliveries).</summary>
    public static async Task<IReadOnlyList<NotificationCount>> CountsAsync(IDbConnectionFactory db, long postId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<NotificationCount>(new CommandDefinition(
            "SELECT outcome, reason, COUNT(*) AS count FROM notifications WHERE post_id = @postId GROUP BY outcome, reason ORDER BY outcome, reason",
            new { postId }, cancellationToken: ct))).ToList();
    }
}

public sealed record NotificationCount
{
    public string Outcome { get; init; } = "";
    public string? Reason { get; init; }
    public long Count { get; init; }
}
