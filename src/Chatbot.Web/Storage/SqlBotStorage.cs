using Dapper;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Chatbot.Web.Storage;

/// <summary>Thrown when a write carries an ETag that is no longer the stored one (another turn saved first).</summary>
public sealed class EtagConflictException(string key) : ArgumentException($"Etag conflict on '{key}'.");

/// <summary>
/// Bot Framework <see cref="IStorage"/> over the app database, with the SDK's semantics (as MemoryStorage):
/// missing keys are skipped on read; delete is idempotent; a write whose ETag is not "*" must match the stored one.
/// ETags are carried by <see cref="IStoreItem"/> values and by state dictionaries under "eTag" (what BotState saves),
/// so conversation and user state get optimistic concurrency too.
/// </summary>
internal sealed class SqlBotStorage(IDbConnectionFactory db, IDbWriter writer, TimeProvider clock) : IStorage
{
    const string EtagKey = "eTag";

    // TypeNameHandling.All as in the SDK's MemoryStorage: state property values round-trip as their own types.
    // Only documents this service wrote are ever read back, so the type names are trusted.
    static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.All,
        MaxDepth = null,
    });

    long queries;

    /// <summary>Reads that went to the database (tests: a turn's states cost one).</summary>
    internal long Queries => Interlocked.Read(ref queries);

    // Documents read ahead by LoadTogetherAsync for the BotState loads it runs next; visible only below that call.
    static readonly AsyncLocal<ReadAhead?> readAhead = new();

    sealed class ReadAhead(IDictionary<string, object> found, string[] keys)
    {
        readonly HashSet<string> pending = [.. keys];

        /// <summary>The documents of <paramref name="keys"/> when every one was read ahead and not handed out yet (each
        /// document once: a forced reload later in the turn reads the database again).</summary>
        public Dictionary<string, object>? Take(string[] keys)
        {
            lock (pending)
            {
                if (!keys.All(pending.Contains)) return null;
                var result = new Dictionary<string, object>();
                foreach (var key in keys)
                {
                    pending.Remove(key);
                    if (found.TryGetValue(key, out var value)) result[key] = value;
                }
                return result;
            }
        }
    }

    /// <summary>
    /// Loads a turn's conversation and user state with one query instead of one each (issue 18: on PostgreSQL each read
    /// is a round trip, and a turn made two in a row before doing anything else). The BotStates then find their
    /// documents without reading; what they save, with which ETag, is unchanged. Any other <see cref="IStorage"/>
    /// simply loads each state itself.
    /// </summary>
    public static async Task LoadTogetherAsync(IStorage storage, ITurnContext turn, ConversationState conversation, UserState user,
        CancellationToken ct)
    {
        // The keys ConversationState and UserState store under (Bot Framework: "{channel}/conversations/{id}",
        // "{channel}/users/{id}"); were they ever different, the states would just read for themselves.
        var a = turn.Activity;
        var loaded = turn.TurnState.ContainsKey(nameof(ConversationState)) || turn.TurnState.ContainsKey(nameof(UserState));
        if (storage is SqlBotStorage && !loaded && a.ChannelId is { } channel && a.Conversation?.Id is { } conversationId && a.From?.Id is { } userId)
        {
            string[] keys = [$"{channel}/conversations/{conversationId}", $"{channel}/users/{userId}"];
            readAhead.Value = new ReadAhead(ReadByClaim(keys) ?? await storage.ReadAsync(keys, ct), keys);
        }
        await conversation.LoadAsync(turn, false, ct);
        await user.LoadAsync(turn, false, ct);
    }

    /// <summary>The documents of <paramref name="keys"/> when the inbox claim read them all (<see cref="BotStateReadAhead"/>).</summary>
    static Dictionary<string, object>? ReadByClaim(string[] keys)
    {
        var found = new Dictionary<string, object>();
        foreach (var key in keys)
        {
            if (!BotStateReadAhead.TryTake(key, out var state)) return null;
            if (state is var (etag, document)) found[key] = WithEtag(Deserialize(document), etag);
        }
        return found;
    }

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (readAhead.Value?.Take(keys) is { } ahead) return ahead;
        var result = new Dictionary<string, object>();
        // What this inbox turn saved and has not committed yet (TurnWrites): read back as saved.
        var turn = TurnWrites.Current;
        if (turn is not null)
            foreach (var key in keys)
                if (turn.States.TryGetValue(key, out var saved)) result[key] = WithEtag(Deserialize(saved.Document), saved.Etag);
        var distinct = keys.Where(k => !result.ContainsKey(k)).Distinct().ToArray();
        if (distinct.Length == 0) return result;
        Interlocked.Increment(ref queries);
        await using var conn = await db.OpenAsync(cancellationToken);
        // BotState reads one key per turn: a plain equality skips Dapper's list expansion (a regex pass per call on SQLite).
        var rows = await conn.QueryAsync<(string Key, string Etag, string Document)>(distinct.Length == 1
            ? new CommandDefinition("SELECT key, etag, document FROM bot_state WHERE key = @key", new { key = distinct[0] },
                cancellationToken: cancellationToken)
            : new CommandDefinition($"SELECT key, etag, document FROM bot_state WHERE {db.Dialect.In("key", "@keys")}",
                new { keys = distinct }, cancellationToken: cancellationToken));
        foreach (var row in rows) result[row.Key] = WithEtag(Deserialize(row.Document), row.Etag);
        return result;
    }

    static object WithEtag(object value, string etag)
    {
        switch (value)
        {
            case IStoreItem item: item.ETag = etag; break;
            case IDictionary<string, object> dict: dict[EtagKey] = etag; break;
        }
        return value;
    }

    const string Upsert = """
        INSERT INTO bot_state (key, etag, document, updated_at) VALUES (@key, @etag, @document, @now)
        ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, document = excluded.document, updated_at = excluded.updated_at
        """;

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0) return;
        // Serialised here, on the caller's thread; the write itself is a few statements on the (SQLite: single) writer.
        var now = clock.GetUtcNow();
        var rows = changes.Select(change =>
        {
            var (key, value) = change;
            var expected = value switch
            {
                IStoreItem item => item.ETag,
                IDictionary<string, object> dict when dict.TryGetValue(EtagKey, out var e) => e?.ToString(),
                _ => null,
            };
            return (Value: value, Key: key, Etag: Guid.NewGuid().ToString("N"), Document: Serialize(value), Expected: expected);
        }).ToList();
        // One statement per document: a new key is inserted; a stored one is replaced when no ETag is expected ("*" or none),
        // else only if its ETag is the one expected (an ETag from elsewhere on a new key is accepted, as MemoryStorage does).
        var statements = rows.Select(row =>
        {
            var key = row.Key;
            Action<int> stored = written => { if (written == 0) throw new EtagConflictException(key); };
            return string.IsNullOrEmpty(row.Expected) || row.Expected == "*"
                ? new HeldStatement(Upsert, new { key, etag = row.Etag, document = row.Document, now }, stored)
                : new HeldStatement(Upsert + " WHERE bot_state.etag = @expected",
                    new { key, etag = row.Etag, document = row.Document, now, expected = row.Expected }, stored);
        }).ToList();
        if (TurnWrites.Current is { } turn)
        {
            // An inbox turn: committed with the turn's next write (its first reply's claim, or its outcome), or not at all.
            foreach (var statement in statements) turn.Hold(statement);
            foreach (var row in rows) turn.States[row.Key] = (row.Etag, row.Document);
        }
        else
            // A turn's state: on disk with the turn's first reply claim (or within a second, Durability.Deferred).
            await HeldStatement.WriteAsync(writer, statements, cancellationToken, Durability.Deferred);

        // Committed (or held for the turn's next write): the callers' objects now carry the new ETags.
        foreach (var row in rows) WithEtag(row.Value, row.Etag);
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0) return;
        // After whatever this turn saved before (held), so a deletion is never undone by an earlier save.
        await writer.WriteAsync(TurnWrites.WithHeld<int>((conn, tx, ct) => conn.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM bot_state WHERE {db.Dialect.In("key", "@keys")}", new { keys }, tx, cancellationToken: ct))), cancellationToken);
    }

    // Straight from text to objects and back: no JToken tree in between (a state read and write happen on every turn).
    static object Deserialize(string document)
    {
        using var reader = new JsonTextReader(new StringReader(document));
        return Serializer.Deserialize(reader)
               ?? throw new JsonSerializationException("A bot_state document is JSON null.");
    }

    static string Serialize(object value)
    {
        // BotState saves a plain dictionary of its properties plus its "eTag": serialise a copy without that key.
        object? direct = value switch
        {
            Dictionary<string, object> dict when dict.GetType() == typeof(Dictionary<string, object>) =>
                new Dictionary<string, object>(dict.Where(kv => kv.Key != EtagKey)),
            System.Collections.Concurrent.ConcurrentDictionary<string, object> dict
                when dict.GetType() == typeof(System.Collections.Concurrent.ConcurrentDictionary<string, object>) =>
                new System.Collections.Concurrent.ConcurrentDictionary<string, object>(dict.Where(kv => kv.Key != EtagKey)),
            _ => null,
        };
        if (direct is not null)
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            Serializer.Serialize(text, direct);
            return text.ToString();
        }
        var token = JToken.FromObject(value, Serializer);
        // The ETag lives in its own column; keeping it in the document would make every read look stale.
        if (token is JObject obj) { obj.Remove(EtagKey); obj.Remove("ETag"); }
        return token.ToString(Formatting.None);
    }
}
