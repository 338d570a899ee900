using System.Reflection;
using Dapper;

namespace Chatbot.Web.Storage;

/// <summary>
/// Applies the embedded Storage/Migrations/{provider}/NNNN_name.sql files in order, once each, recording them in
/// schema_migrations. A migration and its record are written in one transaction.
/// </summary>
internal sealed class Migrator(IDbConnectionFactory db, ILogger<Migrator> logger)
{
    public sealed record Migration(int Number, string Name, string Sql);

    public static IReadOnlyList<Migration> Embedded(SqlDialect dialect)
    {
        var asm = typeof(Migrator).Assembly;
        var prefix = $"{asm.GetName().Name}.Storage.Migrations.{dialect.MigrationFolder}.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var number = int.Parse(file[..4]);
                using var reader = new StreamReader(asm.GetManifestResourceStream(n)!);
                return new Migration(number, file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Number)
            .ToList();
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        if (db.Dialect == SqlDialect.Postgres)
            // Several instances may start at once; one migrates while the others wait on this lock.
            await conn.ExecuteAsync("SELECT pg_advisory_lock(7261001)");
        try
        {
            var applied = (await conn.QueryAsync<int>("SELECT number FROM schema_migrations")).ToHashSet();
            foreach (var m in Embedded(db.Dialect).Where(m => !applied.Contains(m.Number)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(m.Sql, transaction: tx, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (@Number, @Name, @At)",
                    new { m.Number, m.Name, At = DateTimeOffset.UtcNow.ToString("O") }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Migration}", m.Name);
            }
        }
        finally
        {
            if (db.Dialect == SqlDialect.Postgres)
                await conn.ExecuteAsync("SELECT pg_advisory_unlock(7261001)");
        }
    }

    public async Task<int> PendingCountAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var applied = (await conn.QueryAsync<int>("SELECT number FROM schema_migrations")).ToHashSet();
        return Embedded(db.Dialect).Count(m => !applied.Contains(m.Number));
    }
}
