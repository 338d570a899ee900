namespace Chatbot.Web.Storage;

/// <summary>
/// Something every inbox turn reads first (the bot's state, whether a person owns the conversation), read instead by the
/// claim that takes the event, in its RETURNING: on PostgreSQL each read of its own is a round trip and a transaction on
/// the server, and a turn made two before doing anything else (issue 18). The table's owner writes the SQL; the turn
/// takes the value once (<see cref="ClaimedReads"/>).
/// </summary>
internal interface IClaimReadAhead
{
    /// <summary>Pairs of SQL expressions over the claimed row (inbox_events: platform, account_id, user_id,
    /// conversation_key; valid on SQLite and PostgreSQL): the key the value is kept under, and the value (text or NULL).</summary>
    IReadOnlyList<(string Key, string Value)> Reads { get; }
}

/// <summary>What the claim of the inbox event being handled read ahead for its turn (<see cref="IClaimReadAhead"/>), for
/// the code below <see cref="Begin"/> (the async flow). Each value is handed out once: a second read in the same turn,
/// after the turn changed something, goes to the database.</summary>
internal sealed class ClaimedReads
{
    static readonly AsyncLocal<ClaimedReads?> current = new();
    readonly Dictionary<string, string?> values;

    ClaimedReads(IReadOnlyDictionary<string, string?> read) => values = new(read, StringComparer.Ordinal);

    /// <summary>The values for the turn below this call; disposing the scope ends them.</summary>
    public static Scope Begin(IReadOnlyDictionary<string, string?> read)
    {
        var reads = new ClaimedReads(read);
        current.Value = reads;
        return new Scope(reads);
    }

    /// <summary>True when the claim read <paramref name="key"/> (its value may be null: nothing there); false when it must
    /// be read (no claim read it, or it was taken already).</summary>
    public static bool TryTake(string key, out string? value)
    {
        value = null;
        if (current.Value is not { } reads) return false;
        lock (reads.values) return reads.values.Remove(key, out value);
    }

    public readonly struct Scope(ClaimedReads reads) : IDisposable
    {
        public void Dispose()
        {
            if (current.Value == reads) current.Value = null;
        }
    }
}
