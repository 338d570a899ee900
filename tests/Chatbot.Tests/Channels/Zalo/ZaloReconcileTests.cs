using Chatbot.Simulator;
using Chatbot.Tests.Broadcasting;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Channels.Zalo;

/// <summary>A Zalo article delivery left needs-check by a create whose reply never came is reconciled by reading the OA's
/// recent articles (GET /v2.0/article/getslice on the simulator): found → continued without a second article; absent →
/// published once; unreadable → left for staff with the reason.</summary>
[Collection(HangfireCollection.Name)]
public sealed class ZaloReconcileTests
{
    const string Later = "2026-11-26T10:00:00+07:00";
    static readonly string[] Connected = ["sai-gon-zalo"];

    static async Task<(BroadcastKit Kit, long DeliveryId)> NeedsCheckAfterCreateAsync(StorageProvider provider, Fault createFault)
    {
        var kit = await BroadcastKit.StartAsync(provider, Connected, app => app.With("Broadcasting:PublishTimeout", "00:00:01"));
        var post = await kit.ScheduledPostAsync(new { text = "Lịch tiêm chủng tháng 12\nTại trạm y tế phường", wards = new[] { "sai-gon" },
            platforms = new[] { "zalo" }, at = Later });
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        kit.Simulator.Faults.Enqueue(createFault);
        var id = Assert.Single(post.Deliveries).Id;
        await kit.Get<PublishDeliveryJob>().RunAsync(id, default);
        var delivery = Assert.Single(await kit.DeliveriesAsync());
        Assert.Equal(PostStates.NeedsCheck, delivery.State);
        Assert.Contains("đối chiếu danh sách bài viết", delivery.LastError);
        return (kit, id);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_create_that_timed_out_after_Zalo_made_the_article_is_reconciled_with_exactly_one_article(StorageProvider provider)
    {
        var (kit, _) = await NeedsCheckAfterCreateAsync(provider, new Fault("/article/create", Delay: TimeSpan.FromSeconds(5), AfterHandling: true));
        await using var _ = kit;
        Assert.Single(kit.Simulator.Articles().Articles); // Zalo made it; we never heard

        kit.App.Clock.Advance(TimeSpan.FromMinutes(1)); // within ReconcileGrace: a found article needs no waiting
        await kit.RunJobsUntilSettledAsync();

        var article = Assert.Single(kit.Simulator.Articles().Articles);
        Assert.Single(kit.Simulator.Requests, r => r.Path.EndsWith("/article/create"));
        Assert.Contains(kit.Simulator.Requests, r => r.Path.EndsWith("/article/getslice"));
        Assert.Equal([article.Id], kit.Simulator.Articles().Broadcasts);
        var delivery = Assert.Single(await kit.DeliveriesAsync());
        Assert.Equal((PostStates.Published, article.Id, article.Id), (delivery.State, delivery.PlatformPostId, delivery.ArticleId));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_create_that_timed_out_before_Zalo_made_anything_is_published_once(StorageProvider provider)
    {
        var (kit, _) = await NeedsCheckAfterCreateAsync(provider, new Fault("/article/create", Delay: TimeSpan.FromSeconds(5)));
        await using var _ = kit;
        Assert.Empty(kit.Simulator.Articles().Articles);

        await kit.Get<DispatchJob>().RunAsync(default); // listed without it, but too soon to be sure: still needs-check
        Assert.Equal(PostStates.NeedsCheck, Assert.Single(await kit.DeliveriesAsync()).State);
        kit.App.Clock.Advance(TimeSpan.FromMinutes(3)); // past ReconcileGrace
        await kit.RunJobsUntilSettledAsync();

        var article = Assert.Single(kit.Simulator.Articles().Articles);
        Assert.Equal(2, kit.Simulator.Requests.Count(r => r.Path.EndsWith("/article/create")));
        Assert.Equal([article.Id], kit.Simulator.Articles().Broadcasts);
        var delivery = Assert.Single(await kit.DeliveriesAsync());
        Assert.Equal((PostStates.Published, article.Id), (delivery.State, delivery.PlatformPostId));
    }

    [Fact]
    public async Task When_the_article_list_cannot_be_read_the_delivery_stays_for_staff_with_the_reason()
    {
        var (kit, _) = await NeedsCheckAfterCreateAsync(StorageProvider.Sqlite, new Fault("/article/create", Delay: TimeSpan.FromSeconds(5), AfterHandling: true));
        await using var _ = kit;
        kit.Simulator.Faults.Enqueue(new Fault("/article/getslice", Status: 200, Body: """{"error":-223,"message":"OA has not authorised this API"}"""), times: 5);
        kit.App.Clock.Advance(TimeSpan.FromMinutes(3));
        await kit.Get<DispatchJob>().RunAsync(default);

        var delivery = Assert.Single(await kit.DeliveriesAsync());
        Assert.Equal(PostStates.NeedsCheck, delivery.State);
        Assert.Equal("Chưa đọc được danh sách bài viết của OA để đối chiếu (Zalo -223: OA has not authorised this API); sẽ thử lại.", delivery.LastError);
        Assert.Empty(kit.Simulator.Articles().Broadcasts);
        Assert.Single(kit.Simulator.Requests, r => r.Path.EndsWith("/article/create"));
    }
}
