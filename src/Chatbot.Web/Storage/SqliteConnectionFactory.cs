using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Chatbot.Web.Storage;

internal sealed class SqliteConnectionFactory : IDbConnectionFactory
{
    readonly string connectionString;

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
        // WAL lets readers run beside the single writer; busy_timeout makes writers queue instead of failing.
        // Both are per-connection settings except journal_mode, which is persistent and cheap to repeat.
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }
}
