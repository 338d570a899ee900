using System.Net;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Npgsql;

namespace Chatbot.Tests.ScaleOut;

/// <summary>Issue 8: a lost database turns /health red; the instance recovers when it returns, losing no accepted webhook.</summary>
// PostgreSQL only, whatever the default provider: the second (PostgreSQL) pass of the suite leaves it out.
[Trait("Provider", "Postgres")]
public sealed class DatabaseLossTests
{
    [SkippableFact]
    public async Task Health_fails_while_the_database_is_away_and_accepted_webhooks_are_answered_after_it_returns()
    {
        TestDatabase.RequirePostgres();
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Postgres);
        var real = new NpgsqlConnectionStringBuilder(database.PostgresConnectionString);
        await using var proxy = new TcpProxy(real.Host!, real.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(database.PostgresConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 };
        await using var simulator = await PlatformSimulator.StartAsync();
        await using var kit = await ChannelKit.StartAsync(StorageProvider.Postgres, a => a
            .With("ConnectionStrings:Postgres", viaProxy.ConnectionString), simulator);
        var client = kit.App.CreateClient();

        // Accepted before the outage: stored, so it must be answered whatever happens next.
        using (var accepted = await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-db", "mid.db.1", "điểm 3")))
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        proxy.Cut();
        NpgsqlConnection.ClearAllPools();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "/health red while the database is away");
        // During the outage a webhook is not acknowledged (the platform will retry it), rather than acknowledged and lost.
        using (var refused = await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-db", "mid.db.2", "điểm 4")))
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        proxy.Restore();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            "/health green again", timeoutMs: 30_000);
        // The platform's retry of the refused one now gets in.
        using (var retried = await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-db", "mid.db.2", "điểm 4")))
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);

        // An event whose handling the outage interrupted stays claimed until its lease runs out (Inbox:Lease), then
        // any instance takes it again: the test's clock moves past the lease instead of waiting two minutes.
        kit.App.Clock.Advance(TimeSpan.FromMinutes(3));
        await Eventually.TrueAsync(() =>
        {
            var texts = kit.Sent("facebook").Where(m => m.Recipient == "psid-db").Select(m => m.Body["message"]?["text"]?.GetValue<string>() ?? "").ToList();
            return texts.Any(t => t.StartsWith("Điểm 3/17")) && texts.Any(t => t.StartsWith("Điểm 4/17"));
        }, "both messages answered", timeoutMs: 60_000);
    }
}
