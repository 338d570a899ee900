using System.Text.Json.Nodes;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Inbox;

/// <summary>
/// Issue 18: the claim's check that an event is the first unfinished one of its conversation walked the conversation index
/// past every finished event of that conversation (a citizen who has chatted for a month has thousands), and with its
/// statistics lagging behind the inbox PostgreSQL planned it as an anti join against every unfinished event instead:
/// 1.4 ms a claim on the path every bot turn takes. Here a conversation with a long history gets a new message, with the
/// statistics made to lag on purpose (analysed before, autovacuum off): the claim must read a few rows, not the history.
/// </summary>
[Trait("Provider", "Postgres")] // PostgreSQL only, whatever the default provider: the second pass of the suite leaves it out
public sealed class PostgresClaimPlanTests
{
    [SkippableFact]
    public async Task A_claim_reads_a_few_rows_however_long_the_conversations_history_and_however_stale_the_statistics()
    {
        await using var inbox = await QuietInbox.StartAsync();
        var (app, store, conn) = (inbox.App, inbox.Store, inbox.Connection);
        await conn.ExecuteAsync("ANALYZE inbox_events");

        // 3,000 handled messages of one citizen and of two others, two conversations busy with a turn and a message
        // waiting behind it, then the first citizen writes again.
        var now = app.Clock.GetUtcNow();
        NewInboxEvent E(string user, string key) => new("facebook", "page", user, "message", key, "{}", now);
        await conn.ExecuteAsync("""
            INSERT INTO inbox_events (platform, account_id, user_id, conversation_key, kind, dedupe_key, payload, event_at, received_at,
                                      state, next_attempt_at, handled_at)
            SELECT 'facebook', 'page', u, 'facebook:page:' || u, 'message', 'm.' || u || '.' || g, '{}', now(), now(), 'done', now(), now()
            FROM generate_series(1, 1000) g, unnest(ARRAY['psid-long', 'psid-0', 'psid-1']) u
            """);
        await store.AddAsync([E("psid-0", "m.0.busy"), E("psid-1", "m.1.busy"), E("psid-0", "m.0.waits"), E("psid-1", "m.1.waits")], now, default);
        for (var c = 0; c < 2; c++) Assert.NotNull(await store.ClaimNextAsync(now, TimeSpan.FromMinutes(1), default));
        await store.AddAsync([E("psid-long", "m.long.again")], now, default);

        var plan = JsonNode.Parse(await conn.QuerySingleAsync<string>(
            $"EXPLAIN (ANALYZE, FORMAT JSON) {store.NextClaimable}", new { now = now.UtcDateTime }))![0]!["Plan"]!;

        Assert.True(RowsRead(plan) < 100, $"the claim read {RowsRead(plan)} rows to find one event:\n{plan}");
        Assert.Equal("m.long.again", (await store.ClaimNextAsync(now, TimeSpan.FromMinutes(1), default))?.DedupeKey);
    }

    /// <summary>
    /// A burst on a new deployment: the claim, prepared by Npgsql after a few uses, got its generic plan while the inbox
    /// had a few rows, where a sequential scan is cheapest for every step; then thousands of citizens write before
    /// autovacuum looks at the table again. With that plan every claim scanned and checked the whole backlog (issue 18's
    /// benchmark: 20–130 ms a claim, ingest falling from 3,000 to 400 a second). With the claim's own planner settings
    /// (<see cref="InboxStore.ClaimPlanning"/>) it reads the oldest few pending events, whatever the statistics say.
    /// </summary>
    [SkippableFact]
    public async Task A_claim_reads_a_few_rows_in_a_burst_the_statistics_have_not_seen()
    {
        await using var inbox = await QuietInbox.StartAsync();
        var (app, store, conn) = (inbox.App, inbox.Store, inbox.Connection);
        var now = app.Clock.GetUtcNow();
        var at = now.UtcDateTime.ToString("O");

        // The service's first 60 messages are handled and analysed, and the claim, a prepared statement, gets its generic
        // plan from that small table (as Npgsql's auto-prepare does after a few claims)…
        await conn.ExecuteAsync("""
            INSERT INTO inbox_events (platform, account_id, user_id, conversation_key, kind, dedupe_key, payload, event_at, received_at,
                                      state, next_attempt_at, handled_at)
            SELECT 'facebook', 'page', 'old-' || g, 'facebook:page:old-' || g, 'message', 'm.old.' || g, '{}', now(), now(), 'done', now(), now()
            FROM generate_series(1, 60) g;
            ANALYZE inbox_events;
            """);
        // (With its own planner settings, as InboxStore sends every claim.)
        await conn.ExecuteAsync(InboxStore.ClaimPlanning.Replace("true)", "false)")); // for the session: this test has no transaction
        await conn.ExecuteAsync($"PREPARE claim (timestamptz) AS {store.NextClaimable.Replace("@now", "$1")}");
        for (var i = 0; i < 10; i++) await conn.ExecuteScalarAsync($"EXECUTE claim('{at}')"); // custom plans 5 times, then generic

        // …then 5,000 new citizens write at once, before autovacuum looks at the table again.
        await conn.ExecuteAsync("""
            INSERT INTO inbox_events (platform, account_id, user_id, conversation_key, kind, dedupe_key, payload, event_at, received_at,
                                      state, next_attempt_at)
            SELECT 'facebook', 'page', 'new-' || g, 'facebook:page:new-' || g, 'message', 'm.new.' || g, '{}', @now, @now, 'pending', @now
            FROM generate_series(1, 5000) g;
            """, new { now = now.UtcDateTime });

        var plan = JsonNode.Parse(await conn.QuerySingleAsync<string>($"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE claim('{at}')"))![0]!["Plan"]!;
        Assert.True(RowsRead(plan) < 200, $"the claim read {RowsRead(plan)} rows to find one event:\n{plan}");
        Assert.Equal("m.new.1", (await store.ClaimNextAsync(now, TimeSpan.FromMinutes(1), default))?.DedupeKey);
    }

    /// <summary>Rows every node of the plan produced or threw away, over all its loops.</summary>
    static double RowsRead(JsonNode node)
    {
        var loops = node["Actual Loops"]?.GetValue<double>() ?? 1;
        var rows = (node["Actual Rows"]?.GetValue<double>() ?? 0) + (node["Rows Removed by Filter"]?.GetValue<double>() ?? 0)
                   + (node["Rows Removed by Join Filter"]?.GetValue<double>() ?? 0);
        return rows * loops + (node["Plans"]?.AsArray().Sum(p => RowsRead(p!)) ?? 0);
    }

    /// <summary>An app on PostgreSQL with no inbox worker and autovacuum off for the inbox, so the statistics stay as the
    /// test leaves them; and a connection to its database.</summary>
    sealed class QuietInbox(ChatbotApp app, System.Data.Common.DbConnection connection) : IAsyncDisposable
    {
        public ChatbotApp App => app;
        public InboxStore Store => app.Services.GetRequiredService<InboxStore>();
        public System.Data.Common.DbConnection Connection => connection;

        public static async Task<QuietInbox> StartAsync()
        {
            TestDatabase.RequirePostgres();
            var app = await ChatbotApp.StartAsync(StorageProvider.Postgres, a => a.With("Inbox:WorkerEnabled", "false"));
            var conn = await app.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
            await conn.ExecuteAsync("ALTER TABLE inbox_events SET (autovacuum_enabled = false)");
            return new QuietInbox(app, conn);
        }

        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            await app.DisposeAsync();
        }
    }
}
