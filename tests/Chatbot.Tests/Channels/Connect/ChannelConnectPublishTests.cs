using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Broadcasting;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels.Connect;
using Chatbot.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Channels.Connect;

/// <summary>The scheduler publishes with what the console connected, at once: a ward channel with nothing connected
/// publishes to the sandbox; once its Page is connected, the next due post lands on that Page with its new token.
/// The daily check warns about an OA tier ending within 7 days.</summary>
[Collection(HangfireCollection.Name)]
public sealed class ChannelConnectPublishTests
{
    const string Later = "2026-11-26T10:00:00+07:00";

    [Fact]
    public async Task A_due_post_goes_to_the_sandbox_before_the_Page_is_connected_and_to_the_new_Page_with_its_token_after()
    {
        await using var kit = await ConnectKit.StartAsync();
        var editor = await kit.App.StaffApiAsync("bt-td", Roles.WardEditor, "tan-dinh");
        var approver = await kit.App.StaffApiAsync("ld-td", Roles.WardApprover, "tan-dinh");
        var ids = new List<long>();
        foreach (var text in new[] { "Bài trước khi kết nối", "Bài sau khi kết nối" })
        {
            var created = await Read(await editor.PostAsJsonAsync("/api/posts", new { text, wards = new[] { "tan-dinh" }, platforms = new[] { "facebook" }, at = Later }));
            await Read(await editor.PostAsync($"/api/posts/{created.Id}/submit", null));
            ids.Add(Assert.Single((await Read(await approver.PostAsync($"/api/posts/{created.Id}/approve", null))).Deliveries).Id);
        }
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
        var job = kit.App.Services.GetRequiredService<PublishDeliveryJob>();

        await job.RunAsync(ids[0], default);
        Assert.Equal(1L, await kit.ScalarAsync<long>("SELECT COUNT(*) FROM sandbox_posts WHERE channel_id = 'tan-dinh-facebook'"));
        Assert.Empty(kit.Simulator.Pages().Posts);

        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        using (await ConnectKit.PickAsync(admin, await admin.TextAsync(await ConnectKit.DialogAsync(admin, "tan-dinh-facebook")), ConnectKit.NewPageId)) { }
        var token = kit.Simulator.FacebookLogin().LatestPageToken(ConnectKit.NewPageId)!;

        await job.RunAsync(ids[1], default);
        var post = Assert.Single(kit.Simulator.Pages().Posts);
        Assert.Equal((ConnectKit.NewPageId, "Bài sau khi kết nối"), (post.PageId, post.Message));
        Assert.Contains($"access_token={token}", kit.Simulator.Requests.Single(r => r.Path.EndsWith($"/{ConnectKit.NewPageId}/feed")).Body);
        var row = await ConnectKit.RowAsync(admin, "tan-dinh-facebook");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(row, @"Không hết hạn — \d\d/\d\d/\d{4} \d\d:\d\d — "), row); // never sent (—), last publish shown, no error
    }

    [Fact]
    public async Task The_daily_check_warns_about_an_OA_tier_that_ends_within_7_days()
    {
        await using var kit = await ConnectKit.StartAsync();
        kit.Simulator.ZaloConnect().Oa = new SimulatedOa("4000000000000000101", "UBND Phường Bến Thành", "Nâng cao", "30/11/2026"); // the clock: 26/11/2026
        var admin = await ConsoleClient.SignInAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        using (await admin.GetAsync(await ConnectKit.DialogAsync(admin, "ben-thanh-zalo"))) { }
        Assert.DoesNotContain("Cảnh báo kênh", await admin.TextAsync("/admin")); // nothing until the check runs

        await kit.App.Services.GetRequiredService<ChannelHealthJob>().RunAsync(default);
        var overview = await admin.TextAsync("/admin");
        Assert.Contains("Cảnh báo kênh", overview);
        Assert.Contains("gói OA Nâng cao hết hạn lúc 30/11/2026 23:59", overview);
        var benThanh = await ConsoleClient.SignInAsync(kit.App, "ld-bt", Roles.WardApprover, "ben-thanh");
        Assert.Contains("gói OA Nâng cao hết hạn", await benThanh.TextAsync("/admin/channels"));
        var tanDinh = await ConsoleClient.SignInAsync(kit.App, "ld-td", Roles.WardApprover, "tan-dinh");
        Assert.DoesNotContain("Cảnh báo kênh", await tanDinh.TextAsync("/admin")); // another ward's warning is not theirs
        var audit = await kit.App.Services.GetRequiredService<AuditLog>().SearchAsync("hệ thống", "channel.health_warning", null, null, null, null, 10, default);
        Assert.Equal("ben-thanh-zalo", Assert.Single(audit).Target);
    }

    static async Task<PostView> Read(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<PostView>(body, BroadcastKit.Json)!;
    }

}
