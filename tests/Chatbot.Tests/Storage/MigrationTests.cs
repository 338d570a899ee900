using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Storage;

public sealed class MigrationTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_fresh_and_an_already_migrated_database_both_start_and_report_healthy(StorageProvider provider)
    {
        await using var first = await ChatbotApp.StartAsync(provider, emptyDatabase: true);
        var health = await first.CreateClient().GetStringAsync("/health");
        Assert.Contains("\"status\":\"Healthy\"", health);

        await using var second = ChatbotApp.OnSameDatabase(first);
        await using var conn = await second.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var applied = (await conn.QueryAsync<int>("SELECT number FROM schema_migrations")).ToList();
        Assert.Equal(Migrator.Embedded(provider == StorageProvider.Postgres ? SqlDialect.Postgres : SqlDialect.Sqlite).Select(m => m.Number), applied.Order());
        Assert.Contains("Healthy", await second.CreateClient().GetStringAsync("/health"));
    }

    [Fact]
    public void Both_providers_have_the_same_numbered_migrations()
    {
        var sqlite = Migrator.Embedded(SqlDialect.Sqlite).Select(m => m.Name).ToList();
        var postgres = Migrator.Embedded(SqlDialect.Postgres).Select(m => m.Name).ToList();
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, postgres);
        Assert.Equal(sqlite.Count, sqlite.Select(n => n[..4]).Distinct().Count());
    }

    // SQLite's own file and journal mode: nothing to check on PostgreSQL, so the second (PostgreSQL) pass leaves it out.
    [Fact, Trait("Provider", "Sqlite")]
    public async Task The_sqlite_file_is_in_wal_mode_under_the_data_directory()
    {
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite);
        Assert.True(File.Exists(Path.Combine(app.Database.DataDirectory, "chatbot.db")));
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        Assert.Equal("wal", await conn.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }
}
