using System.Data.Common;
using Npgsql;

namespace Chatbot.Web.Storage;

/// <summary>
/// Connections for <see cref="Durability.Deferred"/> writes on PostgreSQL: the same database, in sessions started with
/// synchronous_commit off, so their COMMIT returns without waiting for the WAL flush. Only the group-commit writer uses
/// them, and only for a batch made entirely of deferred writes (<see cref="PostgresGroupCommitWriter"/>).
/// </summary>
internal sealed class DeferredCommitConnections(NpgsqlDataSource source) : IDbConnectionFactory, IAsyncDisposable
{
    public SqlDialect Dialect => SqlDialect.Postgres;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) => await source.OpenConnectionAsync(ct);

    /// <summary>The service's connection string with synchronous_commit off for the session, and a small pool (the
    /// writer's loops, and a call run alone after its batch failed).</summary>
    public static string ConnectionString(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        csb.Options = $"{csb.Options} -c synchronous_commit=off".Trim();
        csb.MaxPoolSize = Math.Min(csb.MaxPoolSize, 2 * PostgresGroupCommitWriter.Loops + 2);
        return csb.ConnectionString;
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
