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

    readonly List<(WriteWork<int> Work, bool Receipt)> held = [];
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

    public void Hold(WriteWork<int> work)
    {
        lock (held) held.Add((work, false));
    }

    /// <summary>Holds a write that records that the citizen wrote (the conversation's inbound time, the windows ward news
    /// is judged by): unlike the turn's results it is kept when the turn fails, and commits with the retry or the parking.</summary>
    public void HoldReceipt(WriteWork<int> work)
    {
        lock (held) held.Add((work, true));
    }

    /// <summary>Inside an inbox turn, holds <paramref name="work"/> as a receipt (above); elsewhere writes it at once,
    /// deferred (see <see cref="Durability.Deferred"/>: handling the event again repeats it).</summary>
    public static Task ReceiptAsync(IDbWriter writer, WriteWork<int> work, CancellationToken ct)
    {
        if (Current is not { } turn) return writer.WriteAsync(work, ct, Durability.Deferred);
        turn.HoldReceipt(work);
        return Task.CompletedTask;
    }

    /// <summary><paramref name="work"/> preceded by everything held so far (now taken: it commits with that write or is
    /// lost with it, and a failed turn is handled again from the state before it).</summary>
    public WriteWork<T> Before<T>(WriteWork<T> work)
    {
        WriteWork<int>[] taken;
        lock (held)
        {
            if (held.Count == 0) return work;
            taken = [.. held.Select(h => h.Work)];
            held.Clear();
        }
        States.Clear();
        return async (conn, tx, ct) =>
        {
            foreach (var w in taken) await w(conn, tx, ct);
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

    /// <summary>Runs <paramref name="work"/> with whatever the current turn holds in front of it (or alone outside a turn).</summary>
    public static WriteWork<T> WithHeld<T>(WriteWork<T> work) => Current?.Before(work) ?? work;

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
