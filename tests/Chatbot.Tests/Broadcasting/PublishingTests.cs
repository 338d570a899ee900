using System.Net.Http.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Broadcasting;

[Collection(HangfireCollection.Name)]
public sealed class PublishingTests
{
    static readonly string[] Wards = ["sai-gon", "tan-dinh", "ben-thanh", "cau-ong-lanh"];
    static readonly string[] FacebookChannels = Wards.Select(w => w + "-facebook").ToArray();
    const string Later = "2026-11-26T10:00:00+07:00";

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_publish_job_run_twice_concurrently_makes_one_page_post(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider, connected: ["sai-gon-facebook"]);
        var post = await kit.ScheduledPostAsync(new { text = "Một lần thôi", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = Later });
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        var id = Assert.Single(post.Deliveries).Id;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => kit.Get<PublishDeliveryJob>().RunAsync(id, default))));
        var page = Assert.Single(kit.Simulator.Pages().Posts);
        var delivery = Assert.Single(await kit.DeliveriesAsync());
        Assert.Equal((PostStates.Published, page.Id, 1), (delivery.State, delivery.PlatformPostId, delivery.Attempts));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_17_day_campaign_for_4_wards_publishes_68_posts_exactly_once_through_5xx_and_429_bursts(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider, connected: FacebookChannels);
        var admin = await kit.StaffAsync("admin-1", Roles.DistrictAdmin, null);
        var approver = await kit.StaffAsync("admin-2", Roles.DistrictAdmin, null);
        var created = await admin.PostAsJsonAsync("/api/campaigns/17-ngay-chuyen-doi-so",
            new { wards = Wards, platforms = new[] { "facebook" }, startDate = "2026-12-01", time = "08:00" });
        var campaign = (await created.Content.ReadFromJsonAsync<CampaignView>(BroadcastKit.Json))!;
        Assert.Equal(17, campaign.Posts.Count);
        Assert.All(campaign.Posts, p => Assert.Equal(PostStates.Draft, p.State));
        Assert.Contains("Ngày 1/17", campaign.Posts[0].Text);
        (await admin.PostAsync($"/api/campaigns/{campaign.Campaign}/submit", null)).EnsureSuccessStatusCode();
        (await approver.PostAsync($"/api/campaigns/{campaign.Campaign}/approve", null)).EnsureSuccessStatusCode();
        Assert.Equal(68, (await kit.DeliveriesAsync()).Count);

        kit.Simulator.Faults.FailRandomly(0.05, new Fault("/feed", Status: 503));
        for (var i = 0; i < 6; i++) kit.Simulator.Faults.Enqueue(new Fault("/feed", Status: 429, RetryAfterSeconds: 0), times: 3);
        kit.Simulator.Faults.Enqueue(new Fault("/feed", Status: 500, Body: """{"error":{"message":"Please retry","code":2}}"""), times: 12);
        await kit.RunJobsUntilSettledAsync(maxRounds: 60);

        var deliveries = await kit.DeliveriesAsync();
        Assert.All(deliveries, d => Assert.Equal(PostStates.Published, d.State));
        var posts = kit.Simulator.Pages().Posts;
        Assert.Equal(68, posts.Count);
        Assert.Equal(68, posts.Select(p => (p.PageId, p.Message)).Distinct().Count());
        Assert.Equal(posts.Select(p => p.Id).Order(), deliveries.Select(d => d.PlatformPostId!).Order());
        Assert.True(kit.Simulator.Requests.Count(r => r.Path.EndsWith("/feed")) > 68, "faults were injected");
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_send_whose_reply_never_came_is_reconciled_after_a_restart_without_posting_twice(StorageProvider provider)
    {
        string[] connected = ["sai-gon-facebook"];
        await using var kit = await BroadcastKit.StartAsync(provider, connected, app => app.With("Broadcasting:PublishTimeout", "00:00:01"));
        var post = await kit.ScheduledPostAsync(new { text = "Đến nơi nhưng không có trả lời", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = Later });
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        // The Page gets the post, but the reply is held back longer than the client waits.
        kit.Simulator.Faults.Enqueue(new Fault("/feed", Delay: TimeSpan.FromSeconds(5), AfterHandling: true));
        var id = Assert.Single(post.Deliveries).Id;
        await kit.Get<PublishDeliveryJob>().RunAsync(id, default);
        Assert.Equal(PostStates.NeedsCheck, Assert.Single(await kit.DeliveriesAsync()).State);

        await kit.RestartAsync(connected);
        kit.App.Clock.Advance(TimeSpan.FromMinutes(3));
        await kit.RunJobsUntilSettledAsync();
        var delivery = Assert.Single(await kit.DeliveriesAsync());
        var page = Assert.Single(kit.Simulator.Pages().Posts);
        Assert.Equal((PostStates.Published, page.Id), (delivery.State, delivery.PlatformPostId));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_host_stopped_mid_publish_is_reconciled_on_restart_and_a_post_that_never_left_is_published_once(StorageProvider provider)
    {
        string[] connected = ["sai-gon-facebook", "tan-dinh-facebook"];
        await using var kit = await BroadcastKit.StartAsync(provider, connected);
        var landed = await kit.ScheduledPostAsync(new { text = "Đã lên trang", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = Later });
        var lost = await kit.ScheduledPostAsync(new { text = "Chưa kịp gửi", wards = new[] { "tan-dinh" }, platforms = new[] { "facebook" }, at = Later }, ward: "tan-dinh");
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        kit.Simulator.Faults.Enqueue(new Fault("/feed", Delay: TimeSpan.FromSeconds(30), AfterHandling: true));
        var publishing = kit.Get<PublishDeliveryJob>().RunAsync(landed.Deliveries[0].Id, default);
        // The Page has the post; the process dies before the reply (the job never records it).
        while (kit.Simulator.Pages().Posts.Count == 0) await Task.Yield();
        Assert.True(await kit.Get<DeliveryStore>().TryClaimAsync(lost.Deliveries[0].Id, default)); // claimed, then the process died
        await kit.RestartAsync(connected);
        _ = publishing.ContinueWith(_ => { }, TaskScheduler.Default); // the old host's job ends however it ends

        kit.App.Clock.Advance(TimeSpan.FromMinutes(10)); // past Broadcasting:StaleAfter
        await kit.RunJobsUntilSettledAsync();
        var byPost = (await kit.DeliveriesAsync()).ToDictionary(d => d.PostId);
        var pages = kit.Simulator.Pages().Posts;
        Assert.Equal(2, pages.Count);
        Assert.Single(pages, p => p.Message == "Đã lên trang");
        Assert.Single(pages, p => p.Message == "Chưa kịp gửi");
        Assert.Equal(PostStates.Published, byPost[landed.Id].State);
        Assert.Equal(pages.Single(p => p.Message == "Đã lên trang").Id, byPost[landed.Id].PlatformPostId);
        Assert.Equal(PostStates.Published, byPost[lost.Id].State);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_daily_recurring_post_fires_at_0800_in_Ho_Chi_Minh_until_its_end_date(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider, connected: ["sai-gon-facebook"]);
        var post = await kit.ScheduledPostAsync(new { text = "Chào buổi sáng", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" },
            cron = "0 8 * * *", until = "2026-11-28T12:00:00+07:00" });
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.FromHours(7)), post.NextOccurrence);
        Assert.Empty(post.Deliveries);

        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 0, 59, 0, TimeSpan.Zero)); // 07:59 local
        await kit.Get<DispatchJob>().RunAsync(default);
        Assert.Empty(await kit.DeliveriesAsync());
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 1, 0, 30, TimeSpan.Zero)); // 08:00:30 local = 01:00:30 UTC
        await kit.RunJobsUntilSettledAsync();
        var first = Assert.Single(await kit.DeliveriesAsync());
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero), first.DueAt);
        Assert.Equal(PostStates.Published, first.State);

        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 28, 1, 0, 5, TimeSpan.Zero));
        await kit.RunJobsUntilSettledAsync();
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 1, 0, 5, TimeSpan.Zero)); // after the end date: nothing more
        await kit.RunJobsUntilSettledAsync();
        Assert.Equal(2, kit.Simulator.Pages().Posts.Count);
        var admin = await kit.StaffAsync("admin-x", Roles.DistrictAdmin, null);
        Assert.Equal(PostStates.Published, (await BroadcastKit.ReadPostAsync(await admin.GetAsync($"/api/posts/{post.Id}"))).State);
    }
}
