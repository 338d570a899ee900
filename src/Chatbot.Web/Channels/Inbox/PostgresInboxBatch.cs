using System.Threading.Channels;
using Chatbot.Web.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>
/// The webhook intake on PostgreSQL: the events of webhooks arriving together are stored by one multi-row INSERT (the
/// columns sent as arrays, unnested by the server), committed on its own (one statement, so no BEGIN and COMMIT round
/// trips around it: issue 18), instead of a statement, a round trip and a WAL flush per webhook. It is durable before any
/// webhook of the batch answers (synchronous_commit on). Within a batch the first caller of a dedupe key owns it (a replay arriving at the
/// same moment counts once); ON CONFLICT DO NOTHING skips keys stored by earlier batches. If the batch's statement
/// fails — the database refuses one caller's event — nothing of it was written, and each caller's events are stored
/// again on their own: only that caller fails (its webhook gets a 500, so the platform resends it), the others are
/// stored and answered 200. Events keep their arrival order (their ids), so a conversation is still handled in order.
/// </summary>
internal sealed class PostgresInboxBatch : IAsyncDisposable
{
    public const int MaxEvents = 512;

    readonly IDbConnectionFactory db;
    readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task loop;

    public PostgresInboxBatch(IDbConnectionFactory db)
    {
        this.db = db;
        loop = Task.Run(LoopAsync);
    }

    /// <summary>Returns how many of <paramref name="events"/> were new, once they are committed.</summary>
    public Task<int> AddAsync(IReadOnlyList<NewInboxEvent> events, DateTimeOffset now, string? trace, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new Pending(events, now, trace, ct);
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PostgresInboxBatch));
        return pending.Done.Task;
    }

    async Task LoopAsync()
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = new List<Pending>();
            var size = 0;
            while (size < MaxEvents && reader.TryRead(out var next))
            {
                if (next.Caller.IsCancellationRequested) { next.Done.TrySetCanceled(next.Caller); continue; }
                batch.Add(next);
                size += next.Events.Count;
            }
            if (batch.Count == 0) continue;
            await StoreAsync(batch);
        }
    }

    async Task StoreAsync(List<Pending> batch)
    {
        // Who owns each key: the first caller that brought it.
        var owner = new Dictionary<string, Pending>();
        var rows = new List<(NewInboxEvent Event, DateTimeOffset Now, string? Trace)>();
        foreach (var p in batch)
            foreach (var e in p.Events)
                if (owner.TryAdd(e.DedupeKey, p)) rows.Add((e, p.Now, p.Trace));
        try
        {
            var stored = await InsertAsync(rows);
            foreach (var p in batch)
                p.Done.TrySetResult(p.Events.Select(e => e.DedupeKey).Distinct().Count(k => owner[k] == p && stored.Contains(k)));
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var p in batch) await AloneAsync(p);
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    async Task AloneAsync(Pending p)
    {
        try
        {
            var rows = p.Events.DistinctBy(e => e.DedupeKey).Select(e => (e, p.Now, p.Trace)).ToList();
            p.Done.TrySetResult((await InsertAsync(rows)).Count);
        }
        catch (Exception e)
        {
            p.Done.TrySetException(e);
        }
    }

    /// <summary>One INSERT for all rows, committed on its own (a single statement is atomic); returns the dedupe keys it
    /// stored (the others were there already). Not cancellable once started: the webhooks of the batch wait for it.</summary>
    async Task<HashSet<string>> InsertAsync(IReadOnlyList<(NewInboxEvent Event, DateTimeOffset Now, string? Trace)> rows)
    {
        var ct = CancellationToken.None;
        await using var conn = await db.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO inbox_events (platform, account_id, user_id, conversation_key, kind, dedupe_key, payload,
                                      event_at, received_at, next_attempt_at, state, last_error, trace_parent)
            SELECT platform, account_id, user_id, conversation_key, kind, dedupe_key, payload, event_at, received_at, received_at, state, problem, trace
            FROM unnest(@platform, @account, @user, @conversation, @kind, @dedupe, @payload, @eventAt, @receivedAt, @state, @problem, @trace)
                 AS r (platform, account_id, user_id, conversation_key, kind, dedupe_key, payload, event_at, received_at, state, problem, trace)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING dedupe_key
            """, (NpgsqlConnection)conn);
        Text("platform", r => r.Event.Platform);
        Text("account", r => r.Event.AccountId);
        Text("user", r => r.Event.UserId);
        Text("conversation", r => r.Event.ConversationKey);
        Text("kind", r => r.Event.Kind);
        Text("dedupe", r => r.Event.DedupeKey);
        Text("payload", r => r.Event.Payload);
        Time("eventAt", r => r.Event.EventAt);
        Time("receivedAt", r => r.Now);
        Text("state", r => r.Event.State);
        Text("problem", r => r.Event.Problem);
        Text("trace", r => r.Trace);
        var stored = new HashSet<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) stored.Add(reader.GetString(0));
        return stored;

        void Text(string name, Func<(NewInboxEvent Event, DateTimeOffset Now, string? Trace), string?> column) =>
            cmd.Parameters.Add(new NpgsqlParameter<string?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = rows.Select(column).ToArray() });
        void Time(string name, Func<(NewInboxEvent Event, DateTimeOffset Now, string? Trace), DateTimeOffset> column) =>
            cmd.Parameters.Add(new NpgsqlParameter<DateTime[]>(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
                { TypedValue = rows.Select(r => column(r).UtcDateTime).ToArray() });
    }

    /// <summary>Webhooks already queued are stored; new ones are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    sealed class Pending(IReadOnlyList<NewInboxEvent> events, DateTimeOffset now, string? trace, CancellationToken caller)
    {
        public string? Trace => trace;
        public IReadOnlyList<NewInboxEvent> Events => events;
        public DateTimeOffset Now => now;
        public CancellationToken Caller => caller;
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
