using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>
/// The durable inbox. Claiming takes the oldest claimable event whose conversation has no earlier unfinished event, so
/// one conversation is handled strictly in order, by one worker, on any number of instances: on PostgreSQL the row is
/// locked with SKIP LOCKED (a racing instance skips it and, seeing it still pending, skips its successors too); on
/// SQLite the single writer serialises claims. A claim is a lease: if the instance dies, the event is claimed again.
/// Every write goes through <see cref="IDbWriter"/>: on SQLite the webhook's insert is group-committed with whatever
/// else is being written at that moment, and the webhook answers only after that COMMIT.
/// </summary>
internal sealed class InboxStore(IDbConnectionFactory db, IDbWriter writer, InstanceIdentity instance, IEnumerable<IClaimReadAhead> readAheads)
    : IAsyncDisposable
{
    readonly PostgresInboxBatch? postgresBatch = db.Dialect == SqlDialect.Postgres ? new PostgresInboxBatch(db) : null;

    // What the turn reads first, read by the claim on PostgreSQL (IClaimReadAhead): columns read_key_<n>, read_value_<n>.
    // Not on SQLite: there a read is a call in the process on a connection of its own beside the single writer, and
    // inside the claim it would lengthen the writer's turn that every write waits for (the benchmark's SQLite turns: −10 %).
    readonly (string Key, string Value)[] claimReads =
        db.Dialect == SqlDialect.Postgres ? readAheads.SelectMany(r => r.Reads).ToArray() : [];

    const string Columns = """
        id AS Id, platform AS Platform, account_id AS AccountId, user_id AS UserId, conversation_key AS ConversationKey,
        kind AS Kind, dedupe_key AS DedupeKey, payload AS Payload, event_at AS EventAt, attempts AS Attempts,
        claim_token AS ClaimToken, trace_parent AS TraceParent
        """;

    // The conversation's pause, for the turn (ChannelConversations owns the table; this only reads it with the claim).
    const string PauseOfConversation =
        "(SELECT c.paused_until FROM channel_conversations c WHERE c.conversation_key = inbox_events.conversation_key) AS PausedUntil";

    /// <summary>Stores the events (pending, or parked with their problem); ones already stored (same dedupe key) are
    /// skipped. Returns how many were new. On PostgreSQL webhooks arriving together share one multi-row INSERT
    /// (<see cref="PostgresInboxBatch"/>); on SQLite each event is a prepared insert in the group-committed batch.
    /// The webhook request's trace (read here, on the request's own flow) is stored with each event.</summary>
    public Task<int> AddAsync(IReadOnlyList<NewInboxEvent> events, DateTimeOffset now, CancellationToken ct)
    {
        if (events.Count == 0) return Task.FromResult(0);
        var trace = Activity.Current?.Id;
        return postgresBatch is not null ? postgresBatch.AddAsync(events, now, trace, ct)
            : writer.WriteAsync((conn, tx, token) => SqliteInboxInsert.RunAsync(conn, tx, events, now, trace, token), ct);
    }

    // The event is the first unfinished one of its conversation (it is unfinished itself, so this is "no earlier unfinished
    // event"). A scalar probe of ix_inbox_events_unfinished (only unfinished events) per candidate: as NOT EXISTS,
    // PostgreSQL planned it as an anti join against every unfinished event whenever its statistics lagged behind the
    // backlog (issue 18), and on both databases the conversation index walked the conversation's finished events too.
    const string FirstUnfinishedOfConversation = """
        e.id = (SELECT p.id FROM inbox_events p
                WHERE p.conversation_key = e.conversation_key AND p.state IN ('pending', 'processing')
                ORDER BY p.id LIMIT 1)
        """;

    /// <summary>The next claimable event's id. The two kinds (pending, lease expired) are looked up apart, each walking
    /// ix_inbox_events_claim (state, id) in id order and stopping at the first hit: with an OR of the two in one query
    /// SQLite collects and sorts every pending row (≈ 20 ms at 10,000 pending) and PostgreSQL walks the primary key
    /// past every finished event (46 ms a claim in issue 18's benchmark). On PostgreSQL each branch locks its row with
    /// SKIP LOCKED (a racing claim skips it), which a UNION does not allow: LEAST of the two (it ignores NULL) takes the
    /// older; the other stays locked only until this transaction ends. Internal so that a test can read its plan (and
    /// see <see cref="ClaimPlanning"/>).</summary>
    internal string NextClaimable => db.Dialect == SqlDialect.Sqlite
        ? $"""
            SELECT MIN(id) FROM (
                SELECT id FROM (SELECT e.id FROM inbox_events e
                                WHERE e.state = 'pending' AND e.next_attempt_at <= @now AND {FirstUnfinishedOfConversation}
                                ORDER BY e.id LIMIT 1)
                UNION ALL
                SELECT id FROM (SELECT e.id FROM inbox_events e
                                WHERE e.state = 'processing' AND e.locked_until < @now AND {FirstUnfinishedOfConversation}
                                ORDER BY e.id LIMIT 1))
            """
        : $"""
            SELECT LEAST(
                (SELECT e.id FROM inbox_events e
                 WHERE e.state = 'pending' AND e.next_attempt_at <= @now AND {FirstUnfinishedOfConversation}
                 ORDER BY e.id LIMIT 1 FOR UPDATE SKIP LOCKED),
                (SELECT e.id FROM inbox_events e
                 WHERE e.state = 'processing' AND e.locked_until < @now AND {FirstUnfinishedOfConversation}
                 ORDER BY e.id LIMIT 1 FOR UPDATE SKIP LOCKED))
            """;

    public async Task<InboxEvent?> ClaimNextAsync(DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        InboxEvent? next = null;
        var claim = Claim(now, lease, e => next = e);
        await writer.WriteAsync(async (conn, tx, token) =>
        {
            await HeldStatement.RunAsync(claim, conn, tx, token);
            return 0;
        }, ct, Durability.Deferred);
        return next;
    }

    /// <summary>
    /// On PostgreSQL the claim must walk ix_inbox_events_claim in id order and stop at the first claimable event; any
    /// other plan collects every pending event, checks each one's conversation, then sorts them — fine for a few, 20–130 ms
    /// a claim for a backlog of thousands (issue 18's benchmark: ingest fell from 3,000 to 400 webhooks a second while the
    /// server's CPU went to claims). PostgreSQL chose such plans whenever its estimate of pending events was low: from
    /// statistics taken while nothing was pending (a burst then piles up thousands before autovacuum looks again), and in
    /// the generic plan Npgsql's prepared claim keeps, made while a new database's inbox had a few rows (a sequential scan
    /// even for the conversation check). So for this statement only, plans that sort or scan the whole table are ruled
    /// out, then the settings go back for the rest of the writer's batch.
    /// </summary>
    /// <remarks>One statement each way, sent and prepared with the claim: set_config(…, true) is SET LOCAL. "Back" is
    /// PostgreSQL's default, on; a server configured otherwise would get it for the rest of that batch only.</remarks>
    internal const string ClaimPlanning =
        "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)";

    const string ClaimPlanningEnd =
        "SELECT set_config('enable_seqscan', 'on', true), set_config('enable_bitmapscan', 'on', true), set_config('enable_sort', 'on', true)";

    /// <summary>The claim as statements to run in one batch, after whatever rides before it (the last event's outcome and
    /// its turn's held writes: on PostgreSQL all of it is one round trip). <paramref name="claimed"/> gets the event.</summary>
    HeldStatement[] Claim(DateTimeOffset now, TimeSpan lease, Action<InboxEvent?> claimed)
    {
        claimSql ??= $"""
            UPDATE inbox_events SET state = 'processing', locked_until = @until, attempts = attempts + 1, claim_token = @claimToken,
                                    claimed_by = @instance
            WHERE id = ({NextClaimable})
              AND (state = 'pending' OR (state = 'processing' AND locked_until < @now))
            RETURNING {Columns}, {PauseOfConversation}{string.Concat(claimReads.Select((r, i) => $", {r.Key} AS read_key_{i}, {r.Value} AS read_value_{i}"))}
            """;
        var claim = new HeldStatement(claimSql, new { now, until = now + lease, claimToken = Guid.NewGuid().ToString("N"), instance = instance.Id },
            Read: async (reader, token) => claimed(await reader.ReadAsync(token) ? ReadClaimed(reader) : null));
        return db.Dialect == SqlDialect.Postgres ? [PlanningOn, claim, PlanningOff] : [claim];
    }

    // The settings' rows are read and dropped (a SELECT).
    static readonly HeldStatement PlanningOn = new(ClaimPlanning, new { }, Read: (_, _) => Task.CompletedTask);
    static readonly HeldStatement PlanningOff = new(ClaimPlanningEnd, new { }, Read: (_, _) => Task.CompletedTask);

    string? claimSql; // made once (the same text each time, so the same prepared statement)

    InboxEvent ReadClaimed(DbDataReader reader)
    {
        var claimed = reader.GetRowParser<InboxEvent>()(reader);
        if (claimReads.Length == 0) return claimed;
        var reads = new Dictionary<string, string?>(claimReads.Length, StringComparer.Ordinal);
        var first = reader.GetOrdinal("read_key_0"); // then value, key, value… in the order of claimReads
        for (var i = 0; i < claimReads.Length; i++)
        {
            var (key, value) = (first + 2 * i, first + 2 * i + 1);
            reads[reader.GetString(key)] = reader.IsDBNull(value) ? null : reader.GetString(value);
        }
        claimed.ClaimedReads = reads;
        return claimed;
    }

    /// <summary>At start-up: events this instance had claimed before it stopped (a crash, a kill) are nobody's now, so
    /// their lease is ended at once rather than after it runs out. Their claim tokens are not ours any more either: the
    /// next claim (by this or any instance) starts afresh, and replies already sent are not sent again (ReplyDelivery).</summary>
    public Task<int> TakeBackOwnClaimsAsync(DateTimeOffset now, CancellationToken ct) =>
        writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox_events SET locked_until = @expired WHERE state = 'processing' AND claimed_by = @instance
            """, new { expired = now - TimeSpan.FromSeconds(1), instance = instance.Id }, tx, cancellationToken: token)), ct);

    // Every write about a claimed event names its claim: once the lease ran out and another worker claimed the event,
    // the first worker's writes match nothing (false) and the new owner's result stands.
    const string Held = "id = @Id AND state = 'processing' AND claim_token = @ClaimToken";

    /// <summary>Extends the lease of an event this worker still holds; false when the claim was lost.</summary>
    public Task<bool> RenewLeaseAsync(InboxEvent claimed, DateTimeOffset until, CancellationToken ct) =>
        ExecuteAsync($"UPDATE inbox_events SET locked_until = @until WHERE {Held}", new { claimed.Id, claimed.ClaimToken, until }, ct);

    const string Complete = $"UPDATE inbox_events SET state = 'done', handled_at = @now, locked_until = NULL, last_error = @note WHERE {Held}";

    /// <summary>Records a handled event, with whatever its turn still holds (<see cref="TurnWrites"/>).</summary>
    public Task<bool> CompleteAsync(InboxEvent claimed, DateTimeOffset now, string? note, CancellationToken ct) =>
        ExecuteAsync(Complete, new { claimed.Id, claimed.ClaimToken, now, note }, ct, withTurn: true);

    /// <summary>Records a handled event and claims the next one in one write: a busy worker goes from one turn to the next
    /// on one durable COMMIT instead of two (issue 18).</summary>
    public async Task<(bool Completed, InboxEvent? Next)> CompleteAndClaimNextAsync(InboxEvent claimed, DateTimeOffset now, string? note,
        TimeSpan lease, CancellationToken ct)
    {
        var completed = false; // set by the outcome, sent in one batch with what the turn holds and the next claim
        InboxEvent? next = null;
        await writer.WriteAsync(TurnWrites.WithHeld([
            new HeldStatement(Complete, new { claimed.Id, claimed.ClaimToken, now, note }, rows => completed = rows > 0),
            ..Claim(now, lease, e => next = e)]), ct, Durability.Deferred);
        return (completed, next);
    }

    /// <summary>Puts a failed event back for later, with what its turn kept (<see cref="TurnWrites.Discard"/>).</summary>
    public Task<bool> RetryLaterAsync(InboxEvent claimed, DateTimeOffset at, string error, CancellationToken ct) =>
        ExecuteAsync($"UPDATE inbox_events SET state = 'pending', next_attempt_at = @at, locked_until = NULL, last_error = @error WHERE {Held}",
            new { claimed.Id, claimed.ClaimToken, at, error }, ct, withTurn: true);

    /// <summary>Gives up on an event, with what its turn kept (<see cref="TurnWrites.Discard"/>).</summary>
    public Task<bool> ParkAsync(InboxEvent claimed, DateTimeOffset now, string reason, CancellationToken ct) =>
        ExecuteAsync($"UPDATE inbox_events SET state = 'parked', handled_at = @now, locked_until = NULL, last_error = @reason WHERE {Held}",
            new { claimed.Id, claimed.ClaimToken, now, reason }, ct, withTurn: true);

    /// <summary>Gives a claimed event back untouched (graceful shutdown mid-handling): the attempt does not count.</summary>
    public Task<bool> ReleaseAsync(InboxEvent claimed, CancellationToken ct) =>
        ExecuteAsync($"UPDATE inbox_events SET state = 'pending', locked_until = NULL, attempts = attempts - 1 WHERE {Held}",
            new { claimed.Id, claimed.ClaimToken }, ct);

    /// <summary>Deletes raw events of finished handling that arrived before <paramref name="cutoff"/>.</summary>
    public Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken ct) =>
        writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM inbox_events WHERE received_at < @cutoff AND state IN ('done', 'parked')", new { cutoff }, tx,
            cancellationToken: token)), ct);

    // Where an event's handling stands (claims, leases, outcomes) is deferred: lost in a power cut, the event is simply
    // handled again, and its replies, claimed durably in outbound_log, are not sent twice (Durability.Deferred).
    async Task<bool> ExecuteAsync(string sql, object args, CancellationToken ct, bool withTurn = false)
    {
        if (!withTurn)
            return await writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: token)),
                ct, Durability.Deferred) > 0;
        var changed = 0; // in one batch with what the turn holds
        await writer.WriteAsync(TurnWrites.WithHeld(new HeldStatement(sql, args, rows => changed = rows)), ct, Durability.Deferred);
        return changed > 0;
    }

    public ValueTask DisposeAsync() => postgresBatch?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Wakes idle workers when the webhook stored something, so a reply does not wait for the poll interval, and
/// tells the worker how fast webhooks are arriving (it holds back during a burst so the intake keeps the CPU).</summary>
/// <remarks>One wake-up per stored event, and never more waiting than there are loops: waking every idle loop for each
/// event made all but one of them claim nothing, and on PostgreSQL each empty claim is a write transaction (issue 18:
/// about one per bot turn). A wake-up given while no loop waits is kept for the next loop that looks, so an event stored
/// between a loop's empty claim and its wait still wakes it.</remarks>
internal sealed class InboxSignal(TimeProvider clock, IOptions<InboxOptions> options)
{
    const long WindowTicks = TimeSpan.TicksPerMillisecond * 100;
    readonly SemaphoreSlim wakeups = new(0);
    readonly int maxWakeups = Math.Max(1, options.Value.Concurrency);
    readonly Lock rateLock = new();
    long window; // which 100 ms window of the clock the counts below are for
    int inWindow, inPreviousWindow;

    /// <summary>A webhook stored <paramref name="events"/> events: wakes that many idle loops (at most one per loop).</summary>
    public void Notify(int events = 1)
    {
        lock (rateLock)
        {
            Roll();
            inWindow++;
            // Under the lock so two webhooks never give more wake-ups than loops; a waiter taking one meanwhile only
            // lowers the count, so the cap holds.
            var give = Math.Min(events, maxWakeups - wakeups.CurrentCount);
            if (give > 0) wakeups.Release(give);
        }
    }

    /// <summary>Waits for a wake-up (an event was stored), <paramref name="timeout"/> at most (events another instance
    /// stored, or retries coming due, are found by looking again then). Returns early, without throwing, when stopped.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) =>
        await ((Task)wakeups.WaitAsync(timeout, ct)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    /// <summary>Webhooks stored per second, over the last 100–200 ms.</summary>
    public int IntakePerSecond
    {
        get
        {
            lock (rateLock)
            {
                Roll();
                return (inWindow + inPreviousWindow) * 5;
            }
        }
    }

    void Roll()
    {
        var now = clock.GetUtcNow().UtcTicks / WindowTicks;
        if (now == window) return;
        inPreviousWindow = now == window + 1 ? inWindow : 0;
        inWindow = 0;
        window = now;
    }
}
