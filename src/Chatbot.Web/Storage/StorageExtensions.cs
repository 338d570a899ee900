using Dapper;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chatbot.Web.Storage;

internal static class StorageExtensions
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart()
            .Validate(o => o.Provider != StorageProvider.Postgres
                           || !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Postgres")),
                "Storage:Provider is Postgres but ConnectionStrings:Postgres is empty");

        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        builder.Services.AddSingleton<IDbConnectionFactory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider switch
            {
                StorageProvider.Postgres => new PostgresConnectionFactory(sp.GetRequiredService<NpgsqlDataSource>()),
                _ => new SqliteConnectionFactory(options.SqliteFile),
            };
        });
        builder.Services.AddSingleton<IDbWriter>(sp =>
        {
            var db = sp.GetRequiredService<IDbConnectionFactory>();
            return db.Dialect == SqlDialect.Sqlite
                ? new SqliteGroupCommitWriter(db, sp.GetRequiredService<ILogger<SqliteGroupCommitWriter>>())
                : new PostgresGroupCommitWriter(db, sp.GetRequiredService<DeferredCommitConnections>(),
                    sp.GetRequiredService<ILogger<PostgresGroupCommitWriter>>());
        });
        builder.Services.AddSingleton(sp => new NpgsqlDataSourceBuilder(PostgresConnectionString(builder.Configuration)).Build());
        builder.Services.AddSingleton(sp => new DeferredCommitConnections(
            new NpgsqlDataSourceBuilder(DeferredCommitConnections.ConnectionString(PostgresConnectionString(builder.Configuration))).Build()));
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddDatabaseKeyRing();
        builder.Services.AddSingleton<AppSecrets>();
        builder.Services.AddSingleton<IStorage, SqlBotStorage>();
        builder.Services.AddSingleton<IClaimReadAhead, BotStateReadAhead>();
        builder.Services.AddSingleton<ConversationState>();
        builder.Services.AddSingleton<UserState>();
        builder.Services.AddSingleton<DataDirectoryGuard>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DataDirectoryGuard>());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Hosting.HostingExtensions.ReadyTag])
            .AddCheck<DataDirectoryGuard>("data-directory", tags: [Hosting.HostingExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Pool and timeouts are set deliberately (see docs/operations.md, "Deploying and running more than one instance").</summary>
    static string PostgresConnectionString(IConfiguration config)
    {
        var raw = config.GetConnectionString("Postgres") ?? "";
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = raw };
        var csb = new NpgsqlConnectionStringBuilder(raw);
        // Defaults chosen for a web service: fail fast when the database is away so /health turns red quickly,
        // and a pool that several instances × 50 keeps under PostgreSQL's default max_connections (100) for two.
        if (!given.ContainsKey("Timeout")) csb.Timeout = 5;
        if (!given.ContainsKey("Command Timeout")) csb.CommandTimeout = 15;
        if (!given.ContainsKey("Maximum Pool Size")) csb.MaxPoolSize = 40;
        // The same few statements run thousands of times a minute (webhook insert, claim, state, outbound log): prepared
        // on each pooled connection after their second use, they skip parsing and planning (issue 18). Closing a pooled
        // connection then keeps its prepared statements instead of discarding everything.
        if (!given.ContainsKey("Max Auto Prepare")) csb.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close")) csb.NoResetOnClose = true;
        return csb.ConnectionString;
    }

    /// <summary>
    /// Runs before the server listens: the data directory is checked (and, on SQLite, locked for this process when it
    /// will serve; the admin commands only write a few rows beside a running instance), then migrated, so a half-migrated
    /// database never serves a request. A directory that cannot be used throws <see cref="DataDirectoryException"/>.
    /// </summary>
    public static async Task PrepareStorageAsync(this WebApplication app, bool serving)
    {
        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        DataDirectory.Prepare(options);
        if (serving && options.Provider == StorageProvider.Sqlite)
        {
            var held = DataDirectory.Lock(options);
            app.Lifetime.ApplicationStopped.Register(held.Dispose);
        }
        try
        {
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (DataDirectory.IsDirectoryProblem(e))
        {
            throw new DataDirectoryException(DataDirectory.Unusable(options.FullDataDirectory, e), e);
        }
        catch (Exception e) when (options.Provider == StorageProvider.Postgres && IsUnreachable(e))
        {
            throw new DatabaseUnreachableException(Unreachable(app.Configuration, e), e);
        }
    }

    /// <summary>The server could not be reached or refused the login or the database — not a failing migration, whose
    /// own error (with its SQL) is the useful one. A socket directory whose path is too long for a Unix socket (108
    /// bytes with the socket's name) fails before any connection, in .NET's socket address.</summary>
    static bool IsUnreachable(Exception e) => e switch
    {
        PostgresException p => p.SqlState is "28P01" or "28000" or "3D000" or "57P03", // password, no entry, no database, starting
        NpgsqlException => true,
        ArgumentOutOfRangeException { ParamName: "path" } => true,
        _ => false,
    };

    /// <summary>One line for the operator: where it tried (never the password), why, and what to check.</summary>
    static string Unreachable(IConfiguration config, Exception e)
    {
        var csb = new NpgsqlConnectionStringBuilder(config.GetConnectionString("Postgres") ?? "");
        var where = $"Host={csb.Host}, Port={csb.Port}, Database={csb.Database}, Username={csb.Username}";
        var why = e.InnerException is { } inner && e is NpgsqlException and not PostgresException ? $"{e.Message} ({inner.Message})" : e.Message;
        why = string.Join(' ', why.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); // one line
        return $"Không kết nối được PostgreSQL (ConnectionStrings:Postgres: {where}): {why}. Hãy kiểm tra máy chủ PostgreSQL " +
               "đang chạy, Host/Port (với PostgreSQL trên cùng máy: thư mục socket, thường là /var/run/postgresql), tên cơ sở dữ liệu " +
               "và quyền đăng nhập.";
    }
}

internal sealed class DatabaseHealthCheck(IDbConnectionFactory db, Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var pending = await migrator.PendingCountAsync(ct);
            return pending == 0
                ? HealthCheckResult.Healthy($"{db.Dialect.Provider}: reachable, migrations applied")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{db.Dialect.Provider}: unreachable", e);
        }
    }
}
