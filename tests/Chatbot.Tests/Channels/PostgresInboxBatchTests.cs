using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels;

/// <summary>
/// Issue 18: on PostgreSQL the webhooks arriving together are stored by one multi-row INSERT in one commit
/// (<see cref="PostgresInboxBatch"/>). Against a real server: a key repeated inside a batch is stored and counted once,
/// a key stored by an earlier batch is skipped, and a batch the database refuses half-way loses none of the good
/// webhooks in it.
/// </summary>
[Trait("Provider", "Postgres")] // PostgreSQL only, whatever the default provider: the second pass of the suite leaves it out
public sealed class PostgresInboxBatchTests
{
    static NewInboxEvent Event(string key, string user = "psid-1", string text = "xin chào") =>
        new("facebook", "100000000000001", user, "message", key, $$$"""{"message":{"text":"{{{text}}}"}}""", DateTimeOffset.UtcNow);

    static async Task<List<string>> StoredKeysAsync(ChatbotApp app)
    {
        await using var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return (await conn.QueryAsync<string>("SELECT dedupe_key FROM inbox_events ORDER BY id")).ToList();
    }

    [SkippableFact]
    public async Task A_key_repeated_inside_a_batch_is_stored_once_and_counted_new_once()
    {
        TestDatabase.RequirePostgres();
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Postgres, a => a.With("Inbox:WorkerEnabled", "false"));
        var inbox = app.Services.GetRequiredService<InboxStore>();
        var now = app.Clock.GetUtcNow();

        // One body carrying the same item twice, and 40 platform retries of it arriving at the same moment.
        var calls = new List<Task<int>> { inbox.AddAsync([Event("m.1"), Event("m.2"), Event("m.1")], now, default) };
        calls.AddRange(Enumerable.Range(0, 40).Select(_ => inbox.AddAsync([Event("m.1")], now, default)));
        var added = await Task.WhenAll(calls);

        Assert.Equal(["m.1", "m.2"], (await StoredKeysAsync(app)).Order());
        Assert.Equal(2, added.Sum()); // each key counted new by exactly one caller
    }

    [SkippableFact]
    public async Task A_key_stored_by_an_earlier_batch_is_skipped_and_the_new_ones_beside_it_are_stored()
    {
        TestDatabase.RequirePostgres();
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Postgres, a => a.With("Inbox:WorkerEnabled", "false"));
        var inbox = app.Services.GetRequiredService<InboxStore>();
        var now = app.Clock.GetUtcNow();
        Assert.Equal(1, await inbox.AddAsync([Event("m.1")], now, default));

        var again = await inbox.AddAsync([Event("m.0"), Event("m.1"), Event("m.2")], now, default);

        Assert.Equal(2, again);
        Assert.Equal(["m.1", "m.0", "m.2"], await StoredKeysAsync(app)); // in arrival order: ids follow the body's order
    }

    [SkippableFact]
    public async Task A_batch_the_database_refuses_half_way_loses_none_of_the_good_webhooks_in_it()
    {
        TestDatabase.RequirePostgres();
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Postgres, a => a.With("Inbox:WorkerEnabled", "false"));
        var inbox = app.Services.GetRequiredService<InboxStore>();
        var now = app.Clock.GetUtcNow();

        // 120 webhooks at once; number 60 carries a NUL character, which PostgreSQL refuses in text (SQLSTATE 22021),
        // beside a good item of its own.
        var calls = Enumerable.Range(0, 120).Select(i => i == 60
            ? inbox.AddAsync([Event("bad.ok", "psid-bad"), Event("bad.nul", "psid-bad", "a\0b")], now, default)
            : inbox.AddAsync([Event($"good.{i}", $"psid-{i}")], now, default)).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async c =>
        {
            try { return (Added: await c, Error: (Exception?)null); }
            catch (Exception e) { return (Added: 0, Error: e); }
        }));

        var bad = outcomes[60].Error;
        Assert.IsType<Npgsql.PostgresException>(bad);
        Assert.Equal("22021", ((Npgsql.PostgresException)bad).SqlState);
        Assert.All(outcomes.Where((_, i) => i != 60), o => Assert.Equal((1, (Exception?)null), o));
        var stored = await StoredKeysAsync(app);
        Assert.Equal(Enumerable.Range(0, 120).Where(i => i != 60).Select(i => $"good.{i}").Order(), stored.Order());
        Assert.DoesNotContain("bad.ok", stored); // a webhook is stored whole or not at all: its 500 makes the platform resend it
    }
}
