using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Subscriptions;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Broadcasting;

[Collection(HangfireCollection.Name)]
public sealed class SubscriberNotificationTests
{
    static readonly string[] Connected = ["sai-gon-facebook", "sai-gon-zalo"];
    static readonly PlatformId Zalo = new("zalo");

    static Task<BroadcastKit> StartAsync(StorageProvider provider, Action<ChatbotApp>? configure = null) =>
        BroadcastKit.StartAsync(provider, Connected, app =>
        {
            app.With("Outbound:BaseDelay", "00:00:00.010").With("Broadcasting:NotifyPassDelay", "00:00:00.050");
            configure?.Invoke(app);
        });

    /// <summary>A published Facebook post for Sài Gòn (its delivery id) after the subscribers are in place.</summary>
    static async Task<long> PublishedDeliveryAsync(BroadcastKit kit, string text = "Lịch tiêm chủng tháng 12")
    {
        var post = await kit.ScheduledPostAsync(new { text, wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = "2026-11-26T09:00:00+07:00" });
        await kit.RunJobsUntilSettledAsync();
        var delivery = Assert.Single(await kit.DeliveriesAsync(), d => d.PostId == post.Id);
        Assert.Equal(PostStates.Published, delivery.State);
        return delivery.Id;
    }

    static async Task AddSubscribersAsync(BroadcastKit kit, IEnumerable<(string Channel, string UserId)> subscribers, DateTimeOffset lastInteraction)
    {
        await using var conn = await kit.Get<IDbConnectionFactory>().OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO subscriptions (channel, user_id, ward_id, subscribed_at, last_interaction_at) VALUES (@Channel, @UserId, 'sai-gon', @at, @at)
            """, subscribers.Select(s => new { s.Channel, s.UserId, at = lastInteraction }), tx);
        await tx.CommitAsync();
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Subscribers_are_told_once_with_UPDATE_on_Messenger_and_a_CS_message_on_Zalo_and_skipped_outside_the_windows(StorageProvider provider)
    {
        await using var kit = await StartAsync(provider);
        var now = kit.App.Clock.GetUtcNow();
        await AddSubscribersAsync(kit, [("facebook", "psid-1"), ("zalo", "zalo-1"), ("emulator", "web-1")], now.AddHours(-1));
        await AddSubscribersAsync(kit, [("facebook", "psid-old")], now.AddHours(-25));
        await AddSubscribersAsync(kit, [("zalo", "zalo-old")], now.AddDays(-8));
        var deliveryId = await PublishedDeliveryAsync(kit);
        // Published at 09:00 local, an hour on: psid-1 wrote two hours before, psid-old 26 hours, zalo-old 8 days.
        await kit.Get<NotifySubscribersJob>().RunAsync(deliveryId, default);
        await kit.Get<NotifySubscribersJob>().RunAsync(deliveryId, default); // Hangfire may run a job twice

        var messenger = Assert.Single(kit.Simulator.Messaging().Sent, m => m.Platform == "facebook");
        Assert.Equal(("psid-1", "100000000000001", "UPDATE"), (messenger.Recipient, messenger.Account, messenger.Body["messaging_type"]!.GetValue<string>()));
        Assert.Contains("Lịch tiêm chủng tháng 12", messenger.Body["message"]!["text"]!.GetValue<string>());
        var zalo = Assert.Single(kit.Simulator.Messaging().Sent, m => m.Platform == "zalo");
        Assert.Equal("zalo-1", zalo.Recipient);
        Assert.Single(kit.Simulator.Requests, r => r.Path.EndsWith("/oa/message/cs") && r.Headers["access_token"] == "test-token-sai-gon-zalo");

        await using var conn = await kit.Get<IDbConnectionFactory>().OpenAsync();
        var rows = (await conn.QueryAsync<(string UserId, string Outcome, string? Reason)>("""
            SELECT s.user_id, n.outcome, n.reason FROM notifications n JOIN subscriptions s ON s.id = n.subscription_id ORDER BY s.user_id
            """)).ToList();
        Assert.Equal([
            ("psid-1", "sent", null), ("psid-old", "skipped", "messenger-24h-window"), ("web-1", "skipped", "channel-cannot-push"),
            ("zalo-1", "sent", null), ("zalo-old", "skipped", "Zalo: ngoài 48 giờ")], rows);
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbound_log WHERE status = 'sent'"));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Zalo_subscribers_are_told_only_while_free_within_48_hours_and_8_messages_counting_earlier_messages(StorageProvider provider)
    {
        await using var kit = await StartAsync(provider);
        var deliveryId = await PublishedDeliveryAsync(kit);
        var now = kit.App.Clock.GetUtcNow();
        var activity = kit.Get<CitizenActivity>(); // what the channels' inbound path tells when any citizen writes
        var messenger = kit.Get<ICitizenMessenger>();
        async Task WroteAsync(string user, DateTimeOffset at)
        {
            await AddSubscribersAsync(kit, [("zalo", user)], at);
            await activity.WroteAsync(Zalo, user, at, default); // the inbound path, as for any citizen message
        }
        async Task CsMessagesAsync(string user, int count)
        {
            for (var i = 0; i < count; i++)
                Assert.Equal(CitizenSendResult.Sent,
                    (await messenger.SendAsync(new CitizenMessage("zalo", user, "sai-gon", $"Trả lời {i + 1}", now.AddHours(-1)), default)).Result);
        }

        await WroteAsync("zalo-fresh", now.AddHours(-1));
        await WroteAsync("zalo-47h", now.AddHours(-47));
        await WroteAsync("zalo-49h", now.AddHours(-49));
        await WroteAsync("zalo-seven-used", now.AddHours(-2));
        await CsMessagesAsync("zalo-seven-used", 7);
        await WroteAsync("zalo-eight-used", now.AddHours(-2));
        await CsMessagesAsync("zalo-eight-used", 8);
        await WroteAsync("zalo-wrote-again", now.AddHours(-3));
        await CsMessagesAsync("zalo-wrote-again", 8);
        await activity.WroteAsync(Zalo, "zalo-wrote-again", now.AddMinutes(-10), default); // the count restarts
        await activity.WroteAsync(Zalo, "zalo-eight-used", now.AddHours(-5), default);      // an older event handled late: no restart
        var before = kit.Simulator.Messaging().Sent.Count(m => m.Platform == "zalo");

        await kit.Get<NotifySubscribersJob>().RunAsync(deliveryId, default);

        await using var conn = await kit.Get<IDbConnectionFactory>().OpenAsync();
        var rows = (await conn.QueryAsync<(string UserId, string Outcome, string? Reason)>("""
            SELECT s.user_id, n.outcome, n.reason FROM notifications n JOIN subscriptions s ON s.id = n.subscription_id ORDER BY s.user_id
            """)).ToList();
        Assert.Equal([
            ("zalo-47h", "sent", null), ("zalo-49h", "skipped", "Zalo: ngoài 48 giờ"),
            ("zalo-eight-used", "skipped", "Zalo: hết 8 tin miễn phí"), ("zalo-fresh", "sent", null),
            ("zalo-seven-used", "sent", null), ("zalo-wrote-again", "sent", null)], rows);
        var notified = kit.Simulator.Messaging().Sent.Where(m => m.Platform == "zalo").Skip(before).Select(m => m.Recipient).Order();
        Assert.Equal(["zalo-47h", "zalo-fresh", "zalo-seven-used", "zalo-wrote-again"], notified);
        var used = (await conn.QueryAsync<(string UserId, long Sent)>("SELECT user_id, sent_since FROM zalo_cs_quota ORDER BY user_id")).ToList();
        Assert.Equal([("zalo-47h", 1L), ("zalo-49h", 0L), ("zalo-eight-used", 8L), ("zalo-fresh", 1L), ("zalo-seven-used", 8L), ("zalo-wrote-again", 1L)], used);
        var counts = await NotifySubscribersJob.CountsAsync(kit.Get<IDbConnectionFactory>(), (await kit.DeliveriesAsync()).Single(d => d.Id == deliveryId).PostId, default);
        Assert.Contains(counts, c => c is { Outcome: "skipped", Reason: "Zalo: hết 8 tin miễn phí", Count: 1 });
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Three_hundred_subscribers_get_one_message_each_under_transient_failures_rate_limits_and_two_concurrent_runs(StorageProvider provider)
    {
        await using var kit = await StartAsync(provider, app => app
            .With("Outbound:RatePerSecond:facebook", "800").With("Outbound:RatePerSecond:zalo", "800")
            .With("Broadcasting:NotifyConcurrency", "16").With("Broadcasting:NotifyBatchSize", "40"));
        var subscribers = Enumerable.Range(0, 300).Select(i => (i % 2 == 0 ? "facebook" : "zalo", $"citizen-{i:D3}")).ToList();
        await AddSubscribersAsync(kit, subscribers, kit.App.Clock.GetUtcNow());
        var deliveryId = await PublishedDeliveryAsync(kit);
        kit.Simulator.State.RateLimit.Set(400, burst: 20);   // the sender's ceiling (800/s) is above what the platform takes
        kit.Simulator.Faults.FailRandomly(0.05, new Fault("/messag", Status: 503), seed: 7);

        await Task.WhenAll(kit.Get<NotifySubscribersJob>().RunAsync(deliveryId, default), kit.Get<NotifySubscribersJob>().RunAsync(deliveryId, default));

        var counts = kit.Simulator.Messaging().CountByRecipient;
        Assert.Equal(300, counts.Count);
        Assert.All(subscribers, s => Assert.Equal(1, counts.GetValueOrDefault($"{s.Item1}:{s.Item2}")));
        await using var conn = await kit.Get<IDbConnectionFactory>().OpenAsync();
        Assert.Equal(300L, await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notifications WHERE outcome = 'sent'"));
        Assert.True(kit.Simulator.Requests.Count(r => r.Path.Contains("/messag")) > 300, "some sends failed and were retried");
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_send_interrupted_mid_flight_is_not_resent_and_the_rest_are_sent(StorageProvider provider)
    {
        await using var kit = await StartAsync(provider);
        var now = kit.App.Clock.GetUtcNow();
        await AddSubscribersAsync(kit, [("facebook", "psid-1"), ("facebook", "psid-2"), ("facebook", "psid-3")], now);
        var deliveryId = await PublishedDeliveryAsync(kit);
        var postId = (await kit.DeliveriesAsync()).Single(d => d.Id == deliveryId).PostId;
        var dueAt = (await kit.DeliveriesAsync()).Single(d => d.Id == deliveryId).DueAt;
        await using (var conn = await kit.Get<IDbConnectionFactory>().OpenAsync())
        {
            // A previous run claimed psid-1 and stopped (host killed) before recording what happened.
            await conn.ExecuteAsync("""
                INSERT INTO notifications (post_id, occurrence_at, subscription_id, outcome, at)
                SELECT @postId, @dueAt, id, 'sending', @at FROM subscriptions WHERE user_id = 'psid-1'
                """, new { postId, dueAt, at = now.AddMinutes(-30) });
        }
        kit.App.Clock.Advance(TimeSpan.FromHours(1));
        await kit.Get<SubscriptionStore>().TouchAsync("facebook", "psid-2", default);
        await kit.Get<NotifySubscribersJob>().RunAsync(deliveryId, default);

        Assert.Equal(["psid-2", "psid-3"], kit.Simulator.Messaging().Sent.Select(m => m.Recipient).Order());
        var counts = await NotifySubscribersJob.CountsAsync(kit.Get<IDbConnectionFactory>(), postId, default);
        Assert.Contains(counts, c => c is { Outcome: "unknown", Reason: "interrupted-while-sending", Count: 1 });
        Assert.Contains(counts, c => c is { Outcome: "sent", Count: 2 });
    }
}

public sealed class SubscriptionTouchTests
{
    static async Task<DateTimeOffset?> LastInteractionAsync(ChannelKit kit, string channel, string user) =>
        (await kit.App.Services.GetRequiredService<SubscriptionStore>().FindAsync(channel, user, default))?.LastInteractionAt;

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Signed_messages_postbacks_and_referrals_from_a_subscriber_restart_the_window(StorageProvider provider)
    {
        await using var kit = await ChannelKit.StartAsync(provider);
        var store = kit.App.Services.GetRequiredService<SubscriptionStore>();
        await store.SubscribeAsync("facebook", "psid-7", "sai-gon", default); // at ChannelKit.Now
        await store.SubscribeAsync("zalo", "zalo-7", "sai-gon", default);
        const long hour = 3_600_000;
        kit.App.Clock.Advance(TimeSpan.FromHours(4));

        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-7", "mid.t1", "menu", timestamp: ChannelKit.Now + hour))) { }
        await Eventually.TrueAsync(async () => await LastInteractionAsync(kit, "facebook", "psid-7") == DateTimeOffset.FromUnixTimeMilliseconds(ChannelKit.Now + hour),
            "the message touched the subscription");

        var postback = $$$"""{"sender":{"id":"psid-7"},"recipient":{"id":"{{{ChannelKit.PageId}}}"},"timestamp":{{{ChannelKit.Now + 2 * hour}}},"postback":{"mid":"mid.pb1","title":"Menu","payload":"menu"}}""";
        using (await kit.PostFacebookAsync(ChannelKit.Messenger(postback))) { }
        await Eventually.TrueAsync(async () => await LastInteractionAsync(kit, "facebook", "psid-7") == DateTimeOffset.FromUnixTimeMilliseconds(ChannelKit.Now + 2 * hour),
            "the postback touched the subscription");

        var referral = $$$"""{"sender":{"id":"psid-7"},"recipient":{"id":"{{{ChannelKit.PageId}}}"},"timestamp":{{{ChannelKit.Now + 3 * hour}}},"referral":{"ref":"hello","source":"SHORTLINK","type":"OPEN_THREAD"}}""";
        using (await kit.PostFacebookAsync(ChannelKit.Messenger(referral))) { }
        await Eventually.TrueAsync(async () => await LastInteractionAsync(kit, "facebook", "psid-7") == DateTimeOffset.FromUnixTimeMilliseconds(ChannelKit.Now + 3 * hour),
            "the referral touched the subscription");

        // An older event handled late (a retried inbox row) does not move the time back.
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-7", "mid.t0", "menu", timestamp: ChannelKit.Now + hour / 2))) { }
        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).Count == 4 && (await kit.InboxRowsAsync()).All(r => r.State == "done"),
            "all four events handled");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(ChannelKit.Now + 3 * hour), await LastInteractionAsync(kit, "facebook", "psid-7"));

        using (await kit.PostZaloAsync(ChannelKit.ZaloText("zalo-7", "zmsg-1", "menu", timestamp: ChannelKit.Now + hour))) { }
        await Eventually.TrueAsync(async () => await LastInteractionAsync(kit, "zalo", "zalo-7") == DateTimeOffset.FromUnixTimeMilliseconds(ChannelKit.Now + hour),
            "the Zalo message touched the subscription");

        // A Zalo message restarts the free CS allowance, and the bot's replies to it count toward the 8 (platforms.md §1.5).
        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).Count == 5 && (await kit.InboxRowsAsync()).All(r => r.State == "done"),
            "the Zalo message handled and answered");
        await using (var conn = await kit.App.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync())
        {
            var quota = await conn.QuerySingleAsync<QuotaRow>(
                "SELECT last_interaction_at AS LastInteractionAt, sent_since AS SentSince FROM zalo_cs_quota WHERE user_id = 'zalo-7'");
            var replies = kit.Simulator.Messaging().Sent.Count(m => m.Platform == "zalo" && m.Recipient == "zalo-7");
            Assert.True(replies > 0, "the bot answered on Zalo");
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(ChannelKit.Now + hour), quota.LastInteractionAt);
            Assert.Equal((long)replies, quota.SentSince);
        }

        // Someone who never subscribed is not subscribed by writing.
        using (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-8", "mid.x", "menu"))) { }
        await Eventually.TrueAsync(async () => (await kit.InboxRowsAsync()).Count == 6 && (await kit.InboxRowsAsync()).All(r => r.State == "done"), "handled");
        Assert.Null(await LastInteractionAsync(kit, "facebook", "psid-8"));
    }

    sealed record QuotaRow
    {
        public DateTimeOffset? LastInteractionAt { get; init; }
        public long SentSince { get; init; }
    }
}
