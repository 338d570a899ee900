using System.Net.Http.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Broadcasting;

[Collection(HangfireCollection.Name)]
public sealed class CampaignTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_wards_creating_the_campaign_in_the_same_second_get_separate_series_each_submitted_and_approved_alone(
        StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider);
        string[] wards = ["sai-gon", "tan-dinh"];
        var editors = new Dictionary<string, HttpClient>();
        var approvers = new Dictionary<string, HttpClient>();
        foreach (var ward in wards)
        {
            editors[ward] = await kit.StaffAsync($"editor-{ward}", Roles.WardEditor, ward);
            approvers[ward] = await kit.StaffAsync($"approver-{ward}", Roles.WardApprover, ward);
        }

        // The test clock stands still, so both requests are made "in the same second", and they race.
        var created = await Task.WhenAll(wards.Select(async ward =>
        {
            using var response = await editors[ward].PostAsJsonAsync("/api/campaigns/17-ngay-chuyen-doi-so",
                new { wards = new[] { ward }, startDate = "2026-12-01", time = "08:00" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return (Ward: ward, View: (await response.Content.ReadFromJsonAsync<CampaignView>(BroadcastKit.Json))!);
        }));
        Assert.NotEqual(created[0].View.Campaign, created[1].View.Campaign);

        foreach (var (ward, view) in created)
        {
            using var submitted = await editors[ward].PostAsync($"/api/campaigns/{view.Campaign}/submit", null);
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
            using var approved = await approvers[ward].PostAsync($"/api/campaigns/{view.Campaign}/approve", null);
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }

        // Each series is whole and its own: 17 scheduled posts, delivered only to its ward's two channels.
        foreach (var (ward, view) in created)
        {
            Assert.Equal(17, view.Posts.Count);
            foreach (var post in view.Posts)
            {
                var now = await BroadcastKit.ReadPostAsync(await editors[ward].GetAsync($"/api/posts/{post.Id}"));
                Assert.Equal((PostStates.Scheduled, view.Campaign), (now.State, now.Campaign));
                Assert.Equal([ward], now.Wards);
                Assert.All(now.Deliveries, d => Assert.Equal(ward, d.WardId));
            }
        }
        Assert.Equal(2 * 17 * 2, (await kit.DeliveriesAsync()).Count);
    }
}
