using Chatbot.Web.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Chatbot.Tests.Infrastructure;

/// <summary>One database per provider with every migration applied by the app's own <see cref="Migrator"/>, made once
/// per test process and copied for each app a test starts (<see cref="ChatbotApp.StartAsync"/>): ~1,000 app starts each
/// ran the 40-odd migrations, a tenth of the test process's CPU on PostgreSQL. The app's migrator still runs at start
/// and finds nothing to do. Schema only: nothing the app seeds at start or on first use is in it.</summary>
internal static class Templates
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static string? sqlite, postgres;

    /// <summary>For <see cref="TestDatabase.CreateAsync(StorageProvider, Func{StorageProvider, string?, Task{string}}?)"/>.</summary>
    public static Task<string> ForAsync(StorageProvider provider, string? server) =>
        provider == StorageProvider.Sqlite ? SqliteAsync() : PostgresAsync(server!);

    public static async Task<string> SqliteAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (sqlite is not null) return sqlite;
            var file = Path.Combine(Path.GetTempPath(), "chatbot-tests", "template-" + Guid.NewGuid().ToString("N"), "chatbot.db");
            await new Migrator(new SqliteConnectionFactory(file), NullLogger<Migrator>.Instance).MigrateAsync(default);
            // Everything into the database file itself, so that a copy of that one file is the whole database.
            await using (var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
            {
                await conn.OpenAsync();
                await using var cmd = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE)", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(Path.GetDirectoryName(file)!, true); } catch (IOException) { } };
            return sqlite = file;
        }
        finally { Gate.Release(); }
    }

    public static async Task<string> PostgresAsync(string server)
    {
        await Gate.WaitAsync();
        try
        {
            if (postgres is not null) return postgres;
            var name = "template_" + Guid.NewGuid().ToString("N");
            await using (var conn = new NpgsqlConnection(server))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            // No pooling: CREATE DATABASE … TEMPLATE refuses while anyone is still connected to the template.
            var csb = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false };
            await using (var source = NpgsqlDataSource.Create(csb.ConnectionString))
                await new Migrator(new PostgresConnectionFactory(source), NullLogger<Migrator>.Instance).MigrateAsync(default);
            // A developer's own server keeps no template after the run (the README's command throws its server away).
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Drop(server, name);
            return postgres = name;
        }
        finally { Gate.Release(); }
    }

    static void Drop(string server, string name)
    {
        try
        {
            using var conn = new NpgsqlConnection(server);
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException) { } // the server may already be gone
    }
}
