using System.Data.Common;
using System.Threading.Channels;

namespace Chatbot.Web.Storage;

/// <summary>A unit of write work: statements on the given connection and transaction, nothing else (no other I/O,
/// no other connection, never another <see cref="IDbWriter"/> call: on SQLite it runs on the single writer).</summary>
public delegate Task<T> WriteWork<T>(DbConnection conn, DbTransaction tx, CancellationToken ct);

/// <summary>
/// Runs writes in a transaction and returns only after that transaction committed. Stores take this for their writes
/// and <see cref="IDbConnectionFactory"/> for reads. Both databases group-commit the calls waiting at that moment, one
/// durable COMMIT for many callers: SQLite on its single writer (<see cref="SqliteGroupCommitWriter"/>), PostgreSQL on a
/// few loops (<see cref="PostgresGroupCommitWriter"/>).
/// </summary>
public interface IDbWriter
{
    Task<T> WriteAsync<T>(WriteWork<T> work, CancellationToken ct = default, Durability durability = Durability.Durable);
}

/// <summary>When a committed write must be on disk (issue 18: durable through a power cut, not only a killed process).</summary>
public enum Durability
{
    /// <summary>On disk before the caller goes on: everything that acknowledges outside input (a webhook's 200, a staff
    /// action) or comes before a side effect that must not repeat (the claim of a reply or a post before it is sent).</summary>
    Durable,

    /// <summary>Committed and visible at once; on disk with the next durable commit (the write-ahead log is one sequence,
    /// so a later durable commit makes every earlier commit durable too) or within a second. Only for writes whose loss
    /// in a power cut is repaired by handling the inbox event again: its outcome is deferred too, so the event is still
    /// unfinished after the restart, and its replies, claimed durably, are not sent twice. PostgreSQL commits these with
    /// synchronous_commit off; SQLite makes every commit durable (its group commit shares one sync per batch anyway).</summary>
    Deferred,
}

/// <summary>
/// SQLite has one writer at a time, and a writer that finds the lock taken sleeps and retries (busy handler), which
/// makes concurrent writes slow and their latency spiky. Here every write goes through one loop instead: it takes all
/// calls waiting at that moment (up to <see cref="MaxBatch"/>), runs each in its own SAVEPOINT inside one
/// BEGIN IMMEDIATE transaction, COMMITs once, and only then completes each caller. A call that throws is rolled back to
/// its savepoint and fails alone; the others still commit. If the COMMIT itself fails, every call of the batch fails.
/// Calls run in the order they were made, so two writes by one caller keep their order.
/// </summary>
internal sealed class SqliteGroupCommitWriter : IDbWriter, IAsyncDisposable
{
    public const int MaxBatch = 256;

    readonly IDbConnectionFactory db;
    readonly ILogger<SqliteGroupCommitWriter> logger;
    readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task loop;

    public SqliteGroupCommitWriter(IDbConnectionFactory db, ILogger<SqliteGroupCommitWriter> logger)
    {
        this.db = db;
        this.logger = logger;
        loop = Task.Run(LoopAsync);
    }

    public Task<T> WriteAsync<T>(WriteWork<T> work, CancellationToken ct = default, Durability durability = Durability.Durable)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new Pending<T>(work, ct);
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(SqliteGroupCommitWriter));
        return pending.Task;
    }

    async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                if (next.CallerToken.IsCancellationRequested) next.Cancel();
                else batch.Add(next);
            }
            if (batch.Count == 0) continue;
            try
            {
                await CommitAsync(batch);
                foreach (var p in batch) p.Complete();
            }
            catch (Exception e)
            {
                logger.LogError(e, "SQLite group commit of {Count} write(s) failed", batch.Count);
                foreach (var p in batch) p.Fail(e);
            }
        }
    }

    async Task CommitAsync(List<Pending> batch)
    {
        var stop = CancellationToken.None; // a started batch finishes: its callers are waiting for the COMMIT
        await using var conn = await db.OpenAsync(stop);
        await using var tx = await conn.BeginTransactionAsync(stop); // BEGIN IMMEDIATE: the write lock up front
        // A lone call needs no savepoint: if it fails, the whole transaction is rolled back.
        if (batch is [var only])
        {
            try { await only.RunAsync(conn, tx); }
            catch (Exception e) { only.Failed = e; await tx.RollbackAsync(stop); return; }
            await tx.CommitAsync(stop);
            return;
        }
        // Prepared once per batch and reused for every call in it.
        await using var save = Command(conn, tx, "SAVEPOINT w");
        await using var release = Command(conn, tx, "RELEASE w");
        await using var undo = Command(conn, tx, "ROLLBACK TO w");
        foreach (var p in batch)
        {
            await save.ExecuteNonQueryAsync(stop);
            try
            {
                await p.RunAsync(conn, tx);
            }
            catch (Exception e)
            {
                await undo.ExecuteNonQueryAsync(stop);
                p.Failed = e;
            }
            await release.ExecuteNonQueryAsync(stop);
        }
        await tx.CommitAsync(stop);
    }

    static DbCommand Command(DbConnection conn, DbTransaction tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    /// <summary>Writes already queued are committed; new ones are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    abstract class Pending(CancellationToken callerToken)
    {
        public CancellationToken CallerToken { get; } = callerToken;
        public Exception? Failed { get; set; }
        public abstract Task RunAsync(DbConnection conn, DbTransaction tx);
        public abstract void Complete();
        public abstract void Fail(Exception e);
        public abstract void Cancel();
    }

    sealed class Pending<T>(WriteWork<T> work, CancellationToken ct) : Pending(ct)
    {
        readonly TaskCompletionSource<T> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        T result = default!;

        public Task<T> Task => done.Task;

        public override async Task RunAsync(DbConnection conn, DbTransaction tx) => result = await work(conn, tx, CallerToken);

        public override void Complete()
        {
            if (Failed is OperationCanceledException c) done.TrySetCanceled(c.CancellationToken);
            else if (Failed is { } e) done.TrySetException(e);
            else done.TrySetResult(result);
        }

        public override void Fail(Exception e) => done.TrySetException(e);
        public override void Cancel() => done.TrySetCanceled(CallerToken);
    }
}
