using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Inbox;

/// <summary>A turn longer than the inbox lease keeps its claim (the lease is renewed), and a worker that lost its claim
/// records nothing over the new owner's. Real clock, short lease; the turn is held by the test, not by a sleep.</summary>
public sealed class InboxLeaseTests
{
    // Short, yet long enough that a renewal every third of it is not late on a loaded 2-core machine (load 30 seen).
    const string Lease = "00:00:03";

    /// <summary>Holds every turn until the test releases it; counts turns and notes whether a turn was cancelled.</summary>
    sealed class GatedBot : IBot
    {
        int turns;
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Turns => Volatile.Read(ref turns);
        public string GatedText { get; init; } = "slow";

        public async Task OnTurnAsync(ITurnContext turn, CancellationToken ct = default)
        {
            if (turn.Activity.Type != ActivityTypes.Message) return;
            if (turn.Activity.Text == GatedText)
            {
                Interlocked.Increment(ref turns);
                Started.TrySetResult();
                try { await Release.Task.WaitAsync(ct); }
                catch (OperationCanceledException) { Cancelled.TrySetResult(); throw; }
            }
            await turn.SendActivityAsync("ok " + turn.Activity.Text, cancellationToken: ct);
        }
    }

    static long RealNow => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(); // the real clock decides the Messenger window here

    static void Settings(ChatbotApp a, GatedBot bot, int concurrency) => a.WithRealClock()
        .With("Inbox:Lease", Lease).With("Inbox:PollInterval", "00:00:00.050").With("Inbox:Concurrency", concurrency.ToString())
        .WithServices(s => s.AddSingleton<IBot>(bot));

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_turn_longer_than_the_lease_is_answered_once_with_another_instance_polling(StorageProvider provider)
    {
        var bot = new GatedBot();
        await using var kit = await ChannelKit.StartAsync(provider, a => Settings(a, bot, concurrency: 2));
        await using var other = ChatbotApp.OnSameDatabase(kit.App, a => { ChannelKit.Configure(a, kit.Simulator); Settings(a, bot, concurrency: 2); });
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-slow", "mid.slow", "slow", timestamp: RealNow))) { }
        await bot.Started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var startedAt = DateTimeOffset.UtcNow;

        // Hold the turn until its lease was renewed after more than one lease had passed: without renewal it would have
        // run out, and the other workers (both instances poll every 50 ms) would have claimed the event again.
        await Eventually.TrueAsync(async () =>
            await kit.ScalarAsync<DateTimeOffset>("SELECT locked_until FROM inbox_events") > startedAt + 2 * TimeSpan.Parse(Lease),
            "the lease renewed while the turn runs", timeoutMs: 30_000);
        Assert.Equal(1, bot.Turns);
        bot.Release.SetResult();

        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).Single().State == "done", "done");
        Assert.Equal(1, bot.Turns);
        Assert.Equal(1L, (await kit.InboxRowsAsync()).Single().Attempts);
        Assert.Equal(["ok slow"], kit.Sent("facebook").Select(m => m.Body["message"]!["text"]!.GetValue<string>()));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_worker_that_lost_its_claim_stops_the_turn_and_records_nothing_over_the_new_owner(StorageProvider provider)
    {
        var bot = new GatedBot();
        await using var kit = await ChannelKit.StartAsync(provider, a => Settings(a, bot, concurrency: 1));
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-slow", "mid.slow", "slow", timestamp: RealNow))) { }
        await bot.Started.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // As if this worker had stalled past its lease and another instance had claimed the event.
        await kit.ScalarAsync<long>("UPDATE inbox_events SET claim_token = 'other-instance', locked_until = @until RETURNING 1",
            new { until = DateTimeOffset.UtcNow.AddHours(1) });
        await bot.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(15)); // the next renewal found the claim gone

        // One worker: once it has answered a later event, it is done with the first one, whatever it did.
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-next", "mid.next", "next", timestamp: RealNow))) { }
        await Eventually.TrueAsync(() => kit.Sent("facebook").Count == 1, "the later event answered");
        Assert.Equal("psid-next", kit.Sent("facebook").Single().Recipient);
        Assert.Equal(("processing", "other-instance"), await FirstRowAsync(kit));
    }

    static async Task<(string, string)> FirstRowAsync(ChannelKit kit)
    {
        await using var conn = await kit.App.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync();
        return await Dapper.SqlMapper.QuerySingleAsync<(string, string)>(conn, "SELECT state, claim_token FROM inbox_events ORDER BY id LIMIT 1");
    }
}
