using System.Collections.Concurrent;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Inbox;

public sealed class InboxTests
{
    /// <summary>Echoes each text after a random short pause, to give a wrong order every chance to show.</summary>
    sealed class EchoBot(ConcurrentQueue<string> seen) : IBot
    {
        public async Task OnTurnAsync(ITurnContext turn, CancellationToken ct = default)
        {
            if (turn.Activity.Type == ActivityTypes.Event) seen.Enqueue($"event:{turn.Activity.Name}:{turn.Activity.Value}");
            if (turn.Activity.Type != ActivityTypes.Message) return;
            await Task.Delay(Random.Shared.Next(0, 15), ct);
            await turn.SendActivityAsync("echo " + turn.Activity.Text, cancellationToken: ct);
        }
    }

    sealed class FailingBot(int failures) : IBot
    {
        int calls;
        public async Task OnTurnAsync(ITurnContext turn, CancellationToken ct = default)
        {
            if (Interlocked.Increment(ref calls) <= failures) throw new InvalidOperationException("boom " + calls);
            await turn.SendActivityAsync("ok", cancellationToken: ct);
        }
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_conversation_is_answered_in_order_while_conversations_run_concurrently(StorageProvider provider)
    {
        var seen = new ConcurrentQueue<string>();
        await using var kit = await ChannelKit.StartAsync(provider, a => a.With("Inbox:Concurrency", "4")
            .WithServices(s => s.AddTransient<IBot>(_ => new EchoBot(seen))));
        const int users = 4, messages = 8;
        await Task.WhenAll(Enumerable.Range(0, users).Select(async u =>
        {
            for (var i = 0; i < messages; i++)
                using (await kit.PostFacebookAsync(ChannelKit.MessengerText($"psid-{u}", $"mid.{u}.{i}", $"{u}-{i}"))) { }
        }));

        await Eventually.TrueAsync(() => kit.Sent("facebook").Count == users * messages, "every echo sent");
        foreach (var u in Enumerable.Range(0, users))
        {
            var echoes = kit.Sent("facebook").Where(m => m.Recipient == $"psid-{u}").Select(m => m.Body["message"]!["text"]!.GetValue<string>());
            Assert.Equal(Enumerable.Range(0, messages).Select(i => $"echo {u}-{i}"), echoes);
        }
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Racing_claimers_never_hold_two_events_of_one_conversation(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        var store = app.Services.GetRequiredService<InboxStore>();
        var now = app.Clock.GetUtcNow();
        var events = Enumerable.Range(0, 30).Select(i => new NewInboxEvent("facebook", "page", $"u{i % 3}", "message", $"k{i}", "{}", now)).ToList();
        await store.AddAsync(events, now, default);

        var active = new ConcurrentDictionary<string, int>();
        var handled = new ConcurrentQueue<(string Conversation, string Key)>();
        var overlap = false;
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var idle = 0;
            while (idle < 20)
            {
                var e = await store.ClaimNextAsync(now, TimeSpan.FromMinutes(1), default);
                if (e is null) { idle++; await Task.Yield(); continue; }
                idle = 0;
                if (active.AddOrUpdate(e.ConversationKey, 1, (_, n) => n + 1) > 1) overlap = true;
                handled.Enqueue((e.ConversationKey, e.DedupeKey));
                await Task.Delay(1);
                active.AddOrUpdate(e.ConversationKey, 0, (_, n) => n - 1);
                await store.CompleteAsync(e, now, null, default);
            }
        })));

        Assert.False(overlap);
        Assert.Equal(30, handled.Count);
        foreach (var group in handled.GroupBy(h => h.Conversation))
            Assert.Equal(group.Select(h => int.Parse(h.Key[1..])).Order(), group.Select(h => int.Parse(h.Key[1..])));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_claimed_event_carries_its_conversations_pause_so_the_turn_need_not_ask(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        var store = app.Services.GetRequiredService<InboxStore>();
        var conversations = app.Services.GetRequiredService<ChannelConversations>();
        var now = app.Clock.GetUtcNow();
        var until = DateTimeOffset.Parse("2026-12-02T15:00:00+07:00");
        await conversations.PauseAsync("facebook:page:a", "facebook", "a", until, default); // staff answered in the Page inbox
        await store.AddAsync([new("facebook", "page", "a", "message", "a1", "{}", now), new("facebook", "page", "b", "message", "b1", "{}", now)],
            now, default);

        var a1 = await store.ClaimNextAsync(now, TimeSpan.FromMinutes(1), default);
        Assert.Equal(("a1", until), (a1?.DedupeKey, a1?.PausedUntil));
        var (_, b1) = await store.CompleteAndClaimNextAsync(a1!, now, null, TimeSpan.FromMinutes(1), default);
        Assert.Equal("b1", b1?.DedupeKey);
        Assert.Null(b1?.PausedUntil); // never paused (no row at all)
    }

    [SkippableFact, Trait("Provider", "Postgres")]
    public async Task On_PostgreSQL_a_claimed_event_carries_its_bot_state_and_live_thread_so_the_turn_reads_neither()
    {
        TestDatabase.RequirePostgres();
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Postgres, a => a.With("Inbox:WorkerEnabled", "false"));
        var store = app.Services.GetRequiredService<InboxStore>();
        var storage = (SqlBotStorage)app.Services.GetRequiredService<IStorage>();
        var now = app.Clock.GetUtcNow();
        // Citizen a has talked to the bot before and an officer owns the conversation; citizen b writes for the first time.
        var (conversation, user) = (new ConversationState(storage), new UserState(storage));
        var (topic, ward) = (conversation.CreateProperty<string>("topic"), user.CreateProperty<string>("ward"));
        using (var earlier = new TurnContext(new TestAdapter(), ChannelTurnsActivity("a")))
        {
            await conversation.LoadAsync(earlier);
            await user.LoadAsync(earlier);
            await topic.SetAsync(earlier, "Điểm 3");
            await ward.SetAsync(earlier, "Phường Sài Gòn");
            await Task.WhenAll(conversation.SaveChangesAsync(earlier), user.SaveChangesAsync(earlier));
        }
        var (thread, _) = await app.Services.GetRequiredService<Chatbot.Web.Desk.DeskThreads>().OpenAsync(
            new Chatbot.Web.Desk.NewThread("facebook", "facebook:page:a", "a", "page", null, "citizen", now, []), "waiting", null, default);
        await store.AddAsync([new("facebook", "page", "a", "message", "a1", "{}", now), new("facebook", "page", "b", "message", "b1", "{}", now)],
            now, default);

        var a1 = await store.ClaimNextAsync(now, TimeSpan.FromMinutes(1), default);
        var (_, b1) = await store.CompleteAndClaimNextAsync(a1!, now, null, TimeSpan.FromMinutes(1), default);

        var queries = storage.Queries;
        using (ClaimedReads.Begin(a1!.ClaimedReads))
        {
            Assert.False(Chatbot.Web.Desk.DeskReadAhead.KnownNone("facebook", "facebook:page:a")); // a person owns it: the turn reads the thread
            using var turn = new TurnContext(new TestAdapter(), ChannelTurnsActivity("a"));
            await SqlBotStorage.LoadTogetherAsync(storage, turn, conversation, user, default);
            Assert.Equal(("Điểm 3", "Phường Sài Gòn"), (await topic.GetAsync(turn, () => ""), await ward.GetAsync(turn, () => "")));
            // The ETags came along: an overlapping save elsewhere would still be refused.
            await topic.SetAsync(turn, "Điểm 5");
            await conversation.SaveChangesAsync(turn);
        }
        using (ClaimedReads.Begin(b1!.ClaimedReads))
        {
            Assert.True(Chatbot.Web.Desk.DeskReadAhead.KnownNone("facebook", "facebook:page:b"));
            using var turn = new TurnContext(new TestAdapter(), ChannelTurnsActivity("b"));
            await SqlBotStorage.LoadTogetherAsync(storage, turn, conversation, user, default);
            Assert.Equal("", await topic.GetAsync(turn, () => ""));
        }
        Assert.Equal(queries, storage.Queries); // neither turn read its states itself
        Assert.NotEqual(0, thread.Id);
    }

    // On SQLite a read beside the single writer costs less than lengthening the writer's transaction: the turn reads.
    [Fact]
    public async Task On_SQLite_a_claim_reads_nothing_ahead()
    {
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite, a => a.With("Inbox:WorkerEnabled", "false"));
        var store = app.Services.GetRequiredService<InboxStore>();
        var now = app.Clock.GetUtcNow();
        await store.AddAsync([new("facebook", "page", "a", "message", "a1", "{}", now)], now, default);
        Assert.Empty((await store.ClaimNextAsync(now, TimeSpan.FromMinutes(1), default))!.ClaimedReads);
    }

    static Activity ChannelTurnsActivity(string user) => new()
    {
        Type = ActivityTypes.Message, ChannelId = "facebook", Conversation = new ConversationAccount(id: $"facebook:page:{user}"),
        From = new ChannelAccount(user), Recipient = new ChannelAccount("page"), Text = "xin chào",
    };

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_claim_takes_the_oldest_claimable_event_skipping_busy_conversations_and_retaking_expired_leases(
        StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        var store = app.Services.GetRequiredService<InboxStore>();
        var now = app.Clock.GetUtcNow();
        var lease = TimeSpan.FromMinutes(1);
        NewInboxEvent E(string user, string key) => new("facebook", "page", user, "message", key, "{}", now);
        await store.AddAsync([E("a", "a1"), E("a", "a2"), E("b", "b1")], now, default);

        var a1 = await store.ClaimNextAsync(now, lease, default);
        Assert.Equal("a1", a1?.DedupeKey);
        Assert.Equal("b1", (await store.ClaimNextAsync(now, lease, default))?.DedupeKey); // a2 waits behind a1
        Assert.Null(await store.ClaimNextAsync(now, lease, default));

        var later = now + TimeSpan.FromMinutes(2); // a1's instance died: its lease ran out, and it is older than a2
        var retaken = await store.ClaimNextAsync(later, lease, default);
        Assert.Equal(("a1", 2), (retaken?.DedupeKey, retaken?.Attempts));
        Assert.False(await store.RenewLeaseAsync(a1!, later + lease, default)); // the first claim is gone: no renewing it...
        Assert.False(await store.CompleteAsync(a1!, later, "stale", default));  // ...nor recording over the new owner
        Assert.True(await store.CompleteAsync(retaken!, later, null, default));
        Assert.Equal("a2", (await store.ClaimNextAsync(later, lease, default))?.DedupeKey);
    }

    [Fact]
    public async Task A_failing_event_is_retried_then_parked_with_its_reason_and_the_citizen_gets_an_apology()
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("Inbox:MaxAttempts", "3")
            .WithServices(s => s.AddTransient<IBot>(_ => new FailingBot(int.MaxValue))));
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-1", "mid.fail", "hello"))) { }

        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).Single().State == "parked", "parked");
        var row = (await kit.InboxRowsAsync()).Single();
        Assert.Equal(3, row.Attempts);
        Assert.Contains("boom", row.LastError);
        await Eventually.TrueAsync(() => kit.Sent("facebook").Count == 1, "the apology");
        Assert.StartsWith("Xin lỗi", kit.Sent("facebook")[0].Body["message"]!["text"]!.GetValue<string>());
        // The bot failed, but the citizen did write: the reply window runs from their message (kept with the parking).
        Assert.Equal(1, await kit.ScalarAsync<int>(
            "SELECT COUNT(*) FROM channel_conversations WHERE user_id = 'psid-1' AND last_inbound_at IS NOT NULL"));
    }

    [Fact]
    public async Task A_turn_that_fails_once_is_retried_and_answered_once()
    {
        var bot = new FailingBot(1);
        await using var kit = await ChannelKit.StartAsync(configure: a => a.WithServices(s => s.AddSingleton<IBot>(bot)));
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-1", "mid.once", "hello"))) { }
        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).Single().State == "done", "done");
        Assert.Equal(2, (await kit.InboxRowsAsync()).Single().Attempts);
        Assert.Equal("ok", Assert.Single(kit.Sent("facebook")).Body["message"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_referral_reaches_the_bot_as_a_referral_event_with_the_ref()
    {
        var seen = new ConcurrentQueue<string>();
        await using var kit = await ChannelKit.StartAsync(configure: a => a.WithServices(s => s.AddTransient<IBot>(_ => new EchoBot(seen))));
        var referral = $$$"""{"sender":{"id":"psid-5"},"recipient":{"id":"{{{ChannelKit.PageId}}}"},"timestamp":{{{ChannelKit.Now}}},"referral":{"ref":"quiz.dx-basics.SG01A1","source":"SHORTLINK","type":"OPEN_THREAD"}}""";
        using (await kit.PostFacebookAsync(ChannelKit.Messenger(referral))) { }
        await Eventually.TrueAsync(() => seen.Contains($"event:{FacebookEventHandler.ReferralEvent}:quiz.dx-basics.SG01A1"), "the referral event");
    }

    [Fact]
    public async Task An_echo_from_another_app_hands_the_conversation_to_a_person()
    {
        await using var kit = await ChannelKit.StartAsync();
        var echo = $$$"""{"sender":{"id":"{{{ChannelKit.PageId}}}"},"recipient":{"id":"psid-7"},"timestamp":{{{ChannelKit.Now}}},"message":{"is_echo":true,"app_id":263902037430900,"mid":"mid.staff","text":"Chào bạn, cán bộ phường đây"}}""";
        using (await kit.PostFacebookAsync(ChannelKit.Messenger(echo))) { }
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-7", "mid.after", "điểm 3"))) { }
        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).All(r => r.State == "done") && (await kit.InboxRowsAsync()).Count == 2, "both handled");
        Assert.Equal(["staff replied: a person owns the conversation", null], (await kit.InboxRowsAsync()).Select(r => r.LastError));
        Assert.Empty(kit.Sent("facebook"));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Raw_events_past_retention_are_purged_once_handled(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider, a => a.With("Inbox:WorkerEnabled", "false"));
        var store = app.Services.GetRequiredService<InboxStore>();
        var old = app.Clock.GetUtcNow() - TimeSpan.FromDays(31);
        await store.AddAsync([new NewInboxEvent("zalo", "oa", "u1", "text", "old-done", "{}", old), new NewInboxEvent("zalo", "oa", "u1", "text", "old-pending", "{}", old)], old, default);
        var claimed = await store.ClaimNextAsync(app.Clock.GetUtcNow(), TimeSpan.FromMinutes(1), default);
        await store.CompleteAsync(claimed!, app.Clock.GetUtcNow(), null, default);
        await store.AddAsync([new NewInboxEvent("zalo", "oa", "u2", "text", "recent", "{}", app.Clock.GetUtcNow())], app.Clock.GetUtcNow(), default);

        Assert.Equal(1, await store.PurgeAsync(app.Clock.GetUtcNow() - TimeSpan.FromDays(30), default));
    }
}
