using System.Net;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Dapper;
using Npgsql;

namespace Chatbot.Tests.Storage;

/// <summary>Issue 18: a PostgreSQL on the same host is reached over its Unix socket (systemd/env.example,
/// docs/operations.md), which skips the TCP stack on every round trip. The service started that way, as the systemd unit
/// starts it, migrates an empty database, is ready, and every connection it holds is a socket one.</summary>
[Trait("Provider", "Postgres")] // PostgreSQL only, whatever the default provider: the second pass of the suite leaves it out
public sealed class PostgresUnixSocketTests
{
    [SkippableFact]
    public async Task Over_the_servers_unix_socket_the_service_migrates_an_empty_database_and_is_ready()
    {
        var server = TestDatabase.RequirePostgres();
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres); // empty: the app migrates it
        await using var admin = new NpgsqlConnection(server);
        var directory = (await admin.ExecuteScalarAsync<string>("SHOW unix_socket_directories"))!.Split(',')[0].Trim();
        Assert.StartsWith("/", directory); // the suite's server listens on a socket (infra/scripts/test.sh: -k)
        var overSocket = new NpgsqlConnectionStringBuilder(database.PostgresConnectionString) { Host = directory }.ConnectionString;
        var settings = database.Settings()
            .Select(s => s.Key == "ConnectionStrings:Postgres" ? new KeyValuePair<string, string?>(s.Key, overSocket) : s);

        await using var app = await AppProcess.StartAsync(settings); // waits for /health
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        var name = new NpgsqlConnectionStringBuilder(database.PostgresConnectionString).Database;
        var clients = (await admin.QueryAsync<string?>(
            "SELECT host(client_addr) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()",
            new { name })).ToList();
        Assert.NotEmpty(clients);
        Assert.All(clients, Assert.Null); // a socket connection has no client address; TCP would show 127.0.0.1
        await using (var db = new NpgsqlConnection(database.PostgresConnectionString))
            Assert.True(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations") > 0);
    }

    [SkippableTheory]
    [InlineData("/no-chatbot-postgres-here")] // no such directory
    [InlineData("/a-socket-directory-whose-path-is-longer-than-a-unix-socket-address-can-hold-once-the-name-of-the-socket-is-added")]
    public async Task A_socket_directory_with_no_server_stops_start_up_with_one_line_naming_it_and_exit_code_4(string nowhere)
    {
        TestDatabase.RequirePostgres();
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var wrong = new NpgsqlConnectionStringBuilder(database.PostgresConnectionString) { Host = nowhere, Password = "mat-khau-bi-mat" };
        var settings = database.Settings()
            .Select(s => s.Key == "ConnectionStrings:Postgres" ? new KeyValuePair<string, string?>(s.Key, wrong.ConnectionString) : s);

        var (exit, output) = await AppProcess.RunUntilExitAsync(settings);

        Assert.Equal(4, exit);
        var line = Assert.Single(output.Split('\n'), l => l.Contains("Không kết nối được PostgreSQL"));
        Assert.Contains($"Host={nowhere}", line);
        Assert.Contains("/var/run/postgresql", line); // what to check
        Assert.DoesNotContain("mat-khau-bi-mat", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }
}
