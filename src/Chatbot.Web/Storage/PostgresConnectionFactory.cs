using System.Data.Common;
using Npgsql;

namespace Chatbot.Web.Storage;

internal sealed class PostgresConnectionFactory(NpgsqlDataSource dataSource) : IDbConnectionFactory
{
    public SqlDialect Dialect => SqlDialect.Postgres;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) =>
        await dataSource.OpenConnectionAsync(ct);
}
