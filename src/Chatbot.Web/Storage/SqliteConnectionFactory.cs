using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Chatbot.Web.Storage;

internal sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    // Per-connection settings live as long as the native connection, which the pool keeps across Open/Close; they are
    // set when a native connection is first seen, not on every open (that was one more statement per open).
    // synchronous=FULL: in WAL mode NORMAL survives a killed process but not a power cut or an OS crash, which can take
    // the last commits with it — after the webhook was answered 200, so the platform never resends it. FULL syncs the
    // WAL at every COMMIT; the group-commit writer makes that one sync per batch of webhooks, claims and staff actions.
    const string PerConnection = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
    static readonly ConditionalWeakTable<object, object> Prepared = new();
    static readonly object Marker = new();

    readonly string connectionString;
    volatile bool walSet;

    public SqliteConnectionFactory(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync(ct);
        var handle = conn.Handle!;
        if (Prepared.TryGetValue(handle, out _)) return conn;
        // WAL lets readers run beside the single writer; it is stored in the database file, so once per factory.
        // busy_timeout makes a writer outside the group-commit writer (migrations, erasure) wait instead of failing.
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = walSet ? PerConnection : "PRAGMA journal_mode=WAL; " + PerConnection;
        await cmd.ExecuteNonQueryAsync(ct);
        walSet = true;
        Prepared.AddOrUpdate(handle, Marker);
        return conn;
    }
}
