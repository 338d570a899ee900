using System.Threading.Channels;

namespace Chatbot.Web.Storage;

/// <summary>
/// PostgreSQL takes concurrent writers, but with <c>synchronous_commit</c> on every COMMIT waits for a WAL flush, and a
/// transaction per call made each webhook, claim and turn write pay one (issue 18: 3–5× slower than SQLite). Here, as
/// on SQLite, calls queue and a loop takes every call waiting (up to <see cref="MaxBatch"/>), runs them in one
/// transaction and COMMITs once — one flush for the batch — before completing each caller. <see cref="Loops"/> loops
/// share the queue, so one batch runs its statements while another waits for its flush.
/// A failed statement aborts a PostgreSQL transaction, and a SAVEPOINT per call would cost two more round trips each:
/// instead, when a call throws, the batch is rolled back and each of its calls runs again in a transaction of its own,
/// so only a call that fails alone fails, and nothing of the others is lost. Calls are units of work on the given
/// connection only (<see cref="WriteWork{T}"/>), so running one again after a rollback is safe.
/// A batch made only of <see cref="Durability.Deferred"/> calls runs on a connection whose session has synchronous_commit
/// off (<see cref="DeferredCommitConnections"/>; set at connect, so it costs no statement) and commits without waiting for the flush:
/// a bot turn then waits for one flush (its reply's claim) instead of five.
/// </summary>
internal sealed class PostgresGroupCommitWriter : IDbWriter, IAsyncDisposable
{
    public const int MaxBatch = 128;
    public const int Loops = 2;

    readonly IDbConnectionFactory db;
    readonly IDbConnectionFactory deferred;
    readonly ILogger<PostgresGroupCommitWriter> logger;
    readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>();
    readonly Task[] loops;

    public PostgresGroupCommitWriter(IDbConnectionFactory db, IDbConnectionFactory deferred, ILogger<PostgresGroupCommitWriter> logger)
    {
        this.db = db;
        this.deferred = deferred;
        this.logger = logger;
        loops = Enumerable.Range(0, Loops).Select(_ => Task.Run(LoopAsync)).ToArray();
    }

    public Task<T> WriteAsync<T>(WriteWork<T> work, CancellationToken ct = default, Durability durability = Durability.Durable)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new Pending<T>(work, durability, ct);
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PostgresGroupCommitWriter));
        return pending.Task;
    }

    async Task LoopAsync()
    {
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = new List<Pending>();
            while (batch.Count < MaxBatch && reader.TryRead(out var next))
            {
                if (next.CallerToken.IsCancellationRequested) next.Cancel();
                else batch.Add(next);
            }
            if (batch.Count == 0) continue;
            bool together;
            try
            {
                together = await TryTogetherAsync(batch);
            }
            catch (Exception e)
            {
                // The connection, BEGIN or COMMIT failed (the database is away): as a lone transaction's would, the
                // calls fail; whether a failed COMMIT landed is unknown, so none is run again.
                logger.LogError(e, "PostgreSQL group commit of {Count} write(s) failed", batch.Count);
                foreach (var p in batch) p.Fail(e);
                continue;
            }
            if (!together)
                foreach (var p in batch) await AloneAsync(p);
        }
    }

    /// <summary>True when every call ran and the batch committed, or a lone call failed (callers completed); false when
    /// the calls are to run again one by one (nothing of the batch was committed).</summary>
    async Task<bool> TryTogetherAsync(List<Pending> batch)
    {
        var stop = CancellationToken.None; // a started batch finishes: its callers are waiting for the COMMIT
        await using var conn = await (batch.TrueForAll(p => p.Durability == Durability.Deferred) ? deferred : db).OpenAsync(stop);
        await using var tx = await conn.BeginTransactionAsync(stop);
        foreach (var p in batch)
        {
            try
            {
                await p.RunAsync(conn, tx);
            }
            catch (Exception)
            {
                try
                {
                    await tx.RollbackAsync(stop);
                }
                catch (Exception e)
                {
                    // The connection broke under a statement (a network drop, a protocol error in the driver): nothing was
                    // committed, so every call of the batch, this one too, runs again alone on a fresh connection.
                    logger.LogWarning(e, "PostgreSQL connection broke in a group commit of {Count} write(s); running them again one by one",
                        batch.Count);
                    return false;
                }
                return batch.Count == 1 ? FailAlone(batch[0]) : false;
            }
        }
        await tx.CommitAsync(stop);
        foreach (var p in batch) p.Complete();
        return true;

        // A lone call that failed has had its own transaction already: its failure is final.
        static bool FailAlone(Pending only)
        {
            only.Complete();
            return true;
        }
    }

    async Task AloneAsync(Pending p)
    {
        p.Failed = null;
        try
        {
            await using var conn = await (p.Durability == Durability.Deferred ? deferred : db).OpenAsync(p.CallerToken);
            await using var tx = await conn.BeginTransactionAsync(p.CallerToken);
            await p.RunAsync(conn, tx);
            await tx.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            p.Failed = e;
        }
        p.Complete();
    }

    /// <summary>Writes already queued are committed; new ones are refused.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await Task.WhenAll(loops);
    }

    abstract class Pending(Durability durability, CancellationToken callerToken)
    {
        public Durability Durability { get; } = durability;
        public CancellationToken CallerToken { get; } = callerToken;
        public Exception? Failed { get; set; }

        /// <summary>Runs the work; a throw is kept in <see cref="Failed"/> and rethrown to the batch.</summary>
        public abstract Task RunAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx);
        public abstract void Complete();
        public abstract void Fail(Exception e);
        public abstract void Cancel();
    }

    sealed class Pending<T>(WriteWork<T> work, Durability durability, CancellationToken ct) : Pending(durability, ct)
    {
        readonly TaskCompletionSource<T> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        T result = default!;

        public Task<T> Task => done.Task;

        public override async Task RunAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx)
        {
            try
            {
                result = await work(conn, tx, CallerToken);
            }
            catch (Exception e)
            {
                Failed = e;
                throw;
            }
        }

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
