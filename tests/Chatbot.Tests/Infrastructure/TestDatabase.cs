using Chatbot.Web.Storage;
using Npgsql;

namespace Chatbot.Tests.Infrastructure;

/// <summary>
/// Where a test's data lives: a fresh SQLite folder, or a fresh database on the PostgreSQL server named by
/// CHATBOT_TEST_POSTGRES (the README's test command starts one). Without that server the PostgreSQL cases skip,
/// saying why — except in CI (CI=true), where a skip would hide an untested scale-out path, so they fail.
/// A test that does not name a provider gets <see cref="DefaultProvider"/>: SQLite, or PostgreSQL when
/// CHATBOT_TEST_PROVIDER=Postgres (the README's test command runs the suite a second time that way).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CHATBOT_TEST_POSTGRES";
    public const string ProviderVariable = "CHATBOT_TEST_PROVIDER";

    /// <summary>The provider of every test that does not name one; an unknown value is an error, not a silent SQLite run.</summary>
    public static StorageProvider DefaultProvider { get; } = ReadDefaultProvider();

    static StorageProvider ReadDefaultProvider()
    {
        var value = Environment.GetEnvironmentVariable(ProviderVariable);
        if (string.IsNullOrWhiteSpace(value)) return StorageProvider.Sqlite;
        if (Enum.TryParse<StorageProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)) return provider;
        throw new InvalidOperationException($"{ProviderVariable}={value} is not a storage provider: use Sqlite or Postgres.");
    }

    public StorageProvider Provider { get; }
    public string DataDirectory { get; }
    public string? PostgresConnectionString { get; }
    readonly string? databaseName;

    TestDatabase(StorageProvider provider, string dataDirectory, string? postgres, string? databaseName)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        PostgresConnectionString = postgres;
        this.databaseName = databaseName;
    }

    public static TheoryData<StorageProvider> Providers => new() { StorageProvider.Sqlite, StorageProvider.Postgres };

    /// <summary>A fresh database of the default provider (<see cref="DefaultProvider"/>).</summary>
    public static Task<TestDatabase> CreateAsync() => CreateAsync(DefaultProvider);

    /// <param name="template">Where a migrated copy comes from (<c>Templates.ForAsync</c> in Chatbot.Tests): the SQLite
    /// file to copy, or the PostgreSQL database to copy, given the provider and the server. None: an empty database.</param>
    public static async Task<TestDatabase> CreateAsync(StorageProvider provider, Func<StorageProvider, string?, Task<string>>? template = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        if (provider == StorageProvider.Sqlite)
        {
            if (template is not null) File.Copy(await template(provider, null), Path.Combine(dir, "chatbot.db"));
            return new TestDatabase(provider, dir, null, null);
        }

        var server = RequirePostgres();
        var name = "t_" + Guid.NewGuid().ToString("N");
        var from = template is null ? null : await template(provider, server);
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(from is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {from}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        // Connect timeout 30 s, not the app's 5 s: on a busy 2-core test machine several app processes starting at once
        // (the browser tests' admin commands) took longer than 5 s to connect. The 5 s fail-fast is the
        // production setting for /health; DatabaseLossTests checks that path with its own short timeout.
        var csb = new NpgsqlConnectionStringBuilder(server) { Database = name, Timeout = 30 };
        return new TestDatabase(provider, dir, csb.ConnectionString, name);
    }

    /// <summary>The server connection string, or a skip (a failure in CI).</summary>
    public static string RequirePostgres()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(server)) return server;
        const string why = $"PostgreSQL tests need {PostgresVariable} (the README's test command starts a server and sets it).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("In CI a skipped PostgreSQL test is a failure: " + why);
        throw new SkipException(why);
    }

    /// <summary>Settings that point an app at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Storage:Provider", Provider.ToString());
        yield return new("Storage:DataDirectory", DataDirectory);
        if (PostgresConnectionString is not null) yield return new("ConnectionStrings:Postgres", PostgresConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (databaseName is not null)
        {
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
