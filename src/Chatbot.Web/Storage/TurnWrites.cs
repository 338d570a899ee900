using System.Collections.Concurrent;

namespace Chatbot.Web.Storage;

/// <summary>
/// The writes of an inbox turn's own bookkeeping that need not commit on their own — that the citizen wrote (receipts),
/// the bot's state at the end of the turn, a sent reply's result — held back and run at the start of the turn's next
/// write, in its transaction: receipts and state with the first reply's claim, the last result with the event's outcome
/// (issue 18: on PostgreSQL each transaction of a turn is a wait on the server; a turn made seven, now two).
/// </summary>
/// <remarks>
/// Only <see cref="Channels.Inbox.InboxWorker"/> opens one (<see cref="Begin"/>), around one event's handling; every
/// other caller (web chat, /api/messages, jobs) writes at once as before. What is held is committed by the write it
/// rides on or not at all: a state whose ETag no longer matches makes the reply's claim fail, so nothing is sent and the
/// event is handled again; a turn that fails discards what it held but its receipts, so a retried turn starts from the
/// state before it (before, a failed turn could leave its state saved). Held state is read back by <see cref="SqlBotStorage"/> within
/// the same turn (an event that runs two activities).
/// </remarks>
internal sealed class TurnWrites
{
    static readonly AsyncLocal<TurnWrites?> current = new();

    // In order; a statement (batched with its neighbours on PostgreSQL) or, where a write is more than statements, work.
    readonly List<(HeldStatement? Statement, WriteWork<int>? Work, bool Receipt)> held = [];
    volatile bool closed;

    /// <summary>The turn being handled below this call, if any. A task started during a turn that outlives it (a
    /// background loop first created there) inherits the async flow; once the turn is over it writes at once.</summary>
    public static TurnWrites? Current => current.Value is { closed: false } turn ? turn : null;

    /// <summary>Bot state documents saved in this turn and not committed yet, by key: (ETag, document).</summary>
    /// <remarks>Concurrent: a turn saves its conversation and user state together.</remarks>
    public ConcurrentDictionary<string, (string Etag, string Document)> States { get; } = new(StringComparer.Ordinal);

    /// <summary>Opens a turn for the code below this call (the async flow); disposing it closes it.</summary>
    public static Scope Begin()
    {
        var turn = new TurnWrites();
        current.Value = turn;
        return new Scope(turn);
    }

    public void Hold(HeldStatement statement)
    {
        lock (held) held.Add((statement, null, false));
    }

    public void Hold(WriteWork<int> work)
    {
        lock (held) held.Add((null, work, false));
    }

    /// <summary>Holds a write that records that the citizen wrote (the conversation's inbound time, the windows ward news
    /// is judged by): unlike the turn's results it is kept when the turn fails, and commits with the retry or the parking.</summary>
    public void HoldReceipt(HeldStatement statement)
    {
        lock (held) held.Add((statement, null, true));
    }

    /// <summary>Inside an inbox turn, holds <paramref name="statement"/> as a receipt (above); elsewhere writes it at once,
    /// deferred (see <see cref="Durability.Deferred"/>: handling the event again repeats it).</summary>
    public static Task ReceiptAsync(IDbWriter writer, HeldStatement statement, CancellationToken ct)
    {
        if (Current is not { } turn) return HeldStatement.WriteAsync(writer, [statement], ct, Durability.Deferred);
        turn.HoldReceipt(statement);
        return Task.CompletedTask;
    }

    /// <summary><paramref name="work"/> preceded by everything held so far and by <paramref name="first"/> (in one batch
    /// with the held statements; now taken: it commits with that write or is lost with it, and a failed turn is handled
    /// again from the state before it).</summary>
    public WriteWork<T> Before<T>(WriteWork<T> work, params HeldStatement[] first)
    {
        (HeldStatement? Statement, WriteWork<int>? Work, bool)[] taken;
        lock (held)
        {
            taken = [.. held];
            held.Clear();
        }
        States.Clear();
        return Run(taken, work, first);
    }

    static WriteWork<T> Run<T>((HeldStatement? Statement, WriteWork<int>? Work, bool)[] taken, WriteWork<T> work, HeldStatement[] first)
    {
        if (taken.Length == 0 && first.Length == 0) return work;
        // May run twice (the PostgreSQL writer runs a batch's calls again alone after a rollback): nothing shared is changed.
        return async (conn, tx, ct) =>
        {
            var statements = new List<HeldStatement>();
            foreach (var (statement, held, _) in taken)
            {
                if (statement is not null)
                {
                    statements.Add(statement);
                    continue;
                }
                await HeldStatement.RunAsync(statements, conn, tx, ct);
                statements.Clear();
                await held!(conn, tx, ct);
            }
            statements.AddRange(first);
            await HeldStatement.RunAsync(statements, conn, tx, ct);
            return await work(conn, tx, ct);
        };
    }

    /// <summary>The turn failed: nothing it held is written but the receipts, which go with the retry or the parking.</summary>
    public void Discard()
    {
        lock (held) held.RemoveAll(h => !h.Receipt);
        States.Clear();
    }

    /// <summary>The turn is another worker's now (its lease ran out): nothing it held is written; the new owner repeats it.</summary>
    public void DiscardAll()
    {
        lock (held) held.Clear();
        States.Clear();
    }

    /// <summary>Runs <paramref name="work"/> with whatever the current turn holds in front of it (or alone outside a turn),
    /// and <paramref name="first"/> in one batch with the held statements.</summary>
    public static WriteWork<T> WithHeld<T>(WriteWork<T> work, params HeldStatement[] first) =>
        Current?.Before(work, first) ?? Run([], work, first);

    /// <summary>Runs <paramref name="statements"/> after whatever the current turn holds, all in one batch (on PostgreSQL
    /// one round trip, reading statements included: <see cref="HeldStatement.Read"/>).</summary>
    public static WriteWork<int> WithHeld(params HeldStatement[] statements) => WithHeld(NoWork, statements);

    static readonly WriteWork<int> NoWork = (_, _, _) => Task.FromResult(0);

    public readonly struct Scope(TurnWrites turn) : IDisposable
    {
        public TurnWrites Turn => turn;

        public void Dispose()
        {
            turn.closed = true;
            if (current.Value == turn) current.Value = null;
        }
    }
}
