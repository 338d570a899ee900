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
internal sealed class SqlBotStorage(IDbConnectionFactory db, TimeProvider clock) : IStorage
{
    const string EtagKey = "eTag";

    // TypeNameHandling.All as in the SDK's MemoryStorage: state property values round-trip as their own types.
    // Only documents this service wrote are ever read back, so the type names are trusted.
    static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.All,
        MaxDepth = null,
    });

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<string, object>();
        if (keys.Length == 0) return result;
        await using var conn = await db.OpenAsync(cancellationToken);
        var rows = await conn.QueryAsync<(string Key, string Etag, string Document)>(new CommandDefinition(
            $"SELECT key, etag, document FROM bot_state WHERE {db.Dialect.In("key", "@keys")}", new { keys = keys.Distinct().ToArray() },
            cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            var value = JToken.Parse(row.Document).ToObject<object>(Serializer)!;
            switch (value)
            {
                case IStoreItem item: item.ETag = row.Etag; break;
                case IDictionary<string, object> dict: dict[EtagKey] = row.Etag; break;
            }
            result[row.Key] = value;
        }
        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0) return;
        await using var conn = await db.OpenAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var (key, value) in changes)
        {
            var expected = value switch
            {
                IStoreItem item => item.ETag,
                IDictionary<string, object> dict when dict.TryGetValue(EtagKey, out var e) => e?.ToString(),
                _ => null,
            };
            var document = Serialize(value);
            var etag = Guid.NewGuid().ToString("N");
            var args = new { key, etag, document, now, expected };

            int written;
            if (string.IsNullOrEmpty(expected) || expected == "*")
            {
                written = await conn.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO bot_state (key, etag, document, updated_at) VALUES (@key, @etag, @document, @now)
                    ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, document = excluded.document, updated_at = excluded.updated_at
                    """, args, tx, cancellationToken: cancellationToken));
            }
            else
            {
                written = await conn.ExecuteAsync(new CommandDefinition(
                    "UPDATE bot_state SET etag = @etag, document = @document, updated_at = @now WHERE key = @key AND etag = @expected",
                    args, tx, cancellationToken: cancellationToken));
                if (written == 0)
                    // Not stored yet: an ETag from elsewhere on a new key is accepted (as MemoryStorage does).
                    written = await conn.ExecuteAsync(new CommandDefinition("""
                        INSERT INTO bot_state (key, etag, document, updated_at) VALUES (@key, @etag, @document, @now)
                        ON CONFLICT (key) DO NOTHING
                        """, args, tx, cancellationToken: cancellationToken));
            }
            if (written == 0) throw new EtagConflictException(key);

            switch (value)
            {
                case IStoreItem item: item.ETag = etag; break;
                case IDictionary<string, object> dict: dict[EtagKey] = etag; break;
            }
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length == 0) return;
        await using var conn = await db.OpenAsync(cancellationToken);
        await conn.ExecuteAsync(new CommandDefinition($"DELETE FROM bot_state WHERE {db.Dialect.In("key", "@keys")}", new { keys },
            cancellationToken: cancellationToken));
    }

    static string Serialize(object value)
    {
        var token = JToken.FromObject(value, Serializer);
        // The ETag lives in its own column; keeping it in the document would make every read look stale.
        if (token is JObject obj) { obj.Remove(EtagKey); obj.Remove("ETag"); }
        return token.ToString(Formatting.None);
    }
}
