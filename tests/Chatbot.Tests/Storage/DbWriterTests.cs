using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Storage;

/// <summary>The write path every store uses: on SQLite the group-commit writer, on PostgreSQL a transaction per call.</summary>
public sealed class DbWriterTests
{
    static Task<int> InsertAsync(IDbWriter writer, string key, CancellationToken ct = default) =>
        writer.WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bot_state (key, etag, document, updated_at) VALUES (@key, 'e', '{}', @now)",
            new { key, now = DateTimeOffset.UtcNow }, tx, cancellationToken: token)), ct);

    static async Task<List<string>> KeysAsync(ChatbotApp app, string prefix)
    {
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await conn.QueryAsync<string>("SELECT key FROM bot_state WHERE key LIKE @p ORDER BY key", new { p = prefix + "%" })).ToList();
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_writes_are_all_committed_before_their_callers_continue(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var writer = app.Services.GetRequiredService<IDbWriter>();
        var db = app.Services.GetRequiredService<IDbConnectionFactory>();

        var seenAfterReturn = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var key = $"w{i:D3}";
            await InsertAsync(writer, key);
            // Durable before the caller goes on: another connection sees it at once.
            await using var conn = await db.OpenAsync();
            return await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bot_state WHERE key = @key", new { key });
        })));

        Assert.All(seenAfterReturn, n => Assert.Equal(1, n));
        Assert.Equal(200, (await KeysAsync(app, "w")).Count);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_write_fails_only_its_caller_and_leaves_nothing_behind(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var writer = app.Services.GetRequiredService<IDbWriter>();
        await InsertAsync(writer, "f-taken");

        var calls = Enumerable.Range(0, 60).Select(i => i switch
        {
            // A statement that fails in the database (duplicate key) ...
            20 => InsertAsync(writer, "f-taken"),
            // ... and one that wrote a row, then threw in code: its row must be rolled back with it.
            40 => writer.WriteAsync<int>(async (conn, tx, ct) =>
            {
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO bot_state (key, etag, document, updated_at) VALUES ('f-half', 'e', '{}', @now)",
                    new { now = DateTimeOffset.UtcNow }, tx, cancellationToken: ct));
                throw new InvalidOperationException("boom");
            }),
            _ => InsertAsync(writer, $"f{i:D2}"),
        }).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async c =>
        {
            try { await c; return null; }
            catch (Exception e) { return e; }
        }));

        Assert.Equal([20, 40], outcomes.Select((e, i) => (e, i)).Where(x => x.e is not null).Select(x => x.i));
        Assert.IsType<InvalidOperationException>(outcomes[40]);
        Assert.True(app.Services.GetRequiredService<IDbConnectionFactory>().Dialect.IsUniqueViolation(outcomes[20]!), outcomes[20]!.ToString());
        var keys = await KeysAsync(app, "f");
        Assert.DoesNotContain("f-half", keys);
        Assert.Equal(58 + 1, keys.Count); // the 58 good ones and the row that was there before
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_lone_failing_write_is_rolled_back_and_the_writer_goes_on(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        var writer = app.Services.GetRequiredService<IDbWriter>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync<int>(async (conn, tx, ct) =>
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO bot_state (key, etag, document, updated_at) VALUES ('l-half', 'e', '{}', @now)",
                new { now = DateTimeOffset.UtcNow }, tx, cancellationToken: ct));
            throw new InvalidOperationException("boom");
        }));
        await InsertAsync(writer, "l-next");

        Assert.Equal(["l-next"], await KeysAsync(app, "l-"));
    }

    // The SQLite group-commit writer's ordering (read back by rowid); PostgreSQL has no such writer.
    [Fact, Trait("Provider", "Sqlite")]
    public async Task On_sqlite_writes_commit_in_the_order_they_were_made()
    {
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite);
        var writer = app.Services.GetRequiredService<IDbWriter>();
        Assert.IsType<SqliteGroupCommitWriter>(writer);

        // Started one after another without waiting (as one request's writes are): they commit in that order.
        var calls = Enumerable.Range(0, 300).Select(i => InsertAsync(writer, $"o{i:D3}")).ToList();
        await Task.WhenAll(calls);

        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        var byRowid = (await conn.QueryAsync<string>("SELECT key FROM bot_state WHERE key LIKE 'o%' ORDER BY rowid")).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"o{i:D3}"), byRowid);
    }

    [Fact]
    public async Task A_write_cancelled_before_it_runs_writes_nothing()
    {
        await using var app = await ChatbotApp.StartAsync();
        var writer = app.Services.GetRequiredService<IDbWriter>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => InsertAsync(writer, "c1", cancelled.Token));
        Assert.Empty(await KeysAsync(app, "c"));
    }

    // SQLite PRAGMAs per pooled connection; PostgreSQL has none.
    [Fact, Trait("Provider", "Sqlite")]
    public async Task Sqlite_connections_keep_their_settings_when_reused_from_the_pool()
    {
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite);
        var db = app.Services.GetRequiredService<IDbConnectionFactory>();
        for (var i = 0; i < 3; i++) // the first open sets them; the later ones get the same pooled connection back
        {
            await using var conn = await db.OpenAsync();
            Assert.Equal("wal", await conn.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            Assert.Equal(2, await conn.ExecuteScalarAsync<long>("PRAGMA synchronous")); // FULL
            Assert.Equal(1, await conn.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal(10000, await conn.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        }
    }

    // Issue 18: a commit that acknowledges outside input (the webhook's 200, a claim before a send) survives a power cut.
    [Fact, Trait("Provider", "Sqlite")]
    public async Task Sqlite_writer_commits_with_synchronous_full()
    {
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite);
        var writer = app.Services.GetRequiredService<IDbWriter>();

        // Asked inside the writer's own transaction, alone and amid a group-committed batch of inserts.
        static Task<long> Level(IDbWriter w) => w.WriteAsync((conn, tx, ct) =>
            conn.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA synchronous", transaction: tx, cancellationToken: ct)));
        var alone = await Level(writer);
        var inserts = Enumerable.Range(0, 40).Select(i => InsertAsync(writer, $"s{i:D2}")).ToList();
        var amid = Enumerable.Range(0, 10).Select(_ => Level(writer)).ToList();
        await Task.WhenAll(inserts);
        var batch = await Task.WhenAll(amid);

        Assert.Equal(2, alone); // 2 = FULL: the WAL is synced at every COMMIT (NORMAL would be 1)
        Assert.All(batch, level => Assert.Equal(2, level));
    }

    // PostgreSQL acknowledges a COMMIT only once its WAL is flushed. Only a batch made entirely of deferred writes (a
    // turn's bookkeeping, repaired by handling the event again) commits without waiting; a durable write is never in one.
    [SkippableFact, Trait("Provider", "Postgres")]
    public async Task Postgres_writer_commits_with_synchronous_commit_on_unless_every_write_of_the_batch_is_deferred()
    {
        TestDatabase.RequirePostgres();
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Postgres);
        var writer = app.Services.GetRequiredService<IDbWriter>();
        Assert.IsType<PostgresGroupCommitWriter>(writer);
        static Task<string?> Level(IDbWriter w, Durability durability) => w.WriteAsync((conn, tx, ct) =>
            conn.ExecuteScalarAsync<string>(new CommandDefinition("SHOW synchronous_commit", transaction: tx, cancellationToken: ct)), default,
            durability);

        // Durable and deferred writes arriving together, so that batches mix them.
        var calls = Enumerable.Range(0, 40).Select(i => (Durable: i % 2 == 0, Level: Level(writer, i % 2 == 0 ? Durability.Durable : Durability.Deferred)))
            .ToList();
        await Task.WhenAll(calls.Select(c => c.Level));
        // The app's own background services write too, so one deferred write may still share a batch with a durable one
        // (once in a clean run): it is tried until it has a batch to itself, and then it commits without waiting.
        string? deferredAlone = null;
        for (var i = 0; i < 10 && deferredAlone != "off"; i++) deferredAlone = await Level(writer, Durability.Deferred);

        Assert.All(calls.Where(c => c.Durable), c => Assert.Equal("on", c.Level.Result));
        Assert.Equal("off", deferredAlone);
        Assert.Equal("on", await Level(writer, Durability.Durable));
    }

    // The driver's connection can break under a statement (a network drop; once in a clean run, a protocol error inside
    // Npgsql). Nothing of that batch was committed, so its writes run again one by one instead of failing with it.
    [SkippableFact, Trait("Provider", "Postgres")]
    public async Task Postgres_writes_whose_connection_broke_before_commit_run_again_on_a_fresh_one()
    {
        TestDatabase.RequirePostgres();
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Postgres);
        var writer = app.Services.GetRequiredService<IDbWriter>();
        var runs = 0;

        var calls = Enumerable.Range(0, 30).Select(i => InsertAsync(writer, $"b{i:D2}")).ToList();
        var breaker = writer.WriteAsync(async (conn, tx, ct) =>
        {
            // The first run ends its own server connection, as a dropped network would.
            if (Interlocked.Increment(ref runs) == 1)
                await conn.ExecuteAsync(new CommandDefinition("SELECT pg_terminate_backend(pg_backend_pid())", transaction: tx, cancellationToken: ct));
            return await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO bot_state (key, etag, document, updated_at) VALUES ('b-breaker', 'e', '{}', @now)",
                new { now = DateTimeOffset.UtcNow }, tx, cancellationToken: ct));
        });
        calls.AddRange(Enumerable.Range(30, 30).Select(i => InsertAsync(writer, $"b{i:D2}")));

        Assert.Equal(1, await breaker);
        Assert.All(await Task.WhenAll(calls), n => Assert.Equal(1, n));
        Assert.Equal(61, (await KeysAsync(app, "b")).Count);
        Assert.Equal(2, runs);
    }
}
