using System.Net;
using System.Net.Http.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Broadcasting;

/// <summary>Four eyes on a 17-day series: whoever wrote or last edited any post of it may not approve it — on the campaign
/// page (the button is not offered) and when asked anyway (refused, and no post of the series is approved).</summary>
[Collection(HangfireCollection.Name)]
public sealed class CampaignApprovalTests
{
    [Fact]
    public async Task An_approver_who_edited_one_post_of_the_series_is_not_offered_it_and_approving_anyway_approves_none()
    {
        await using var kit = await BroadcastKit.StartAsync();
        var editor = await kit.StaffAsync("editor-sai-gon", Roles.WardEditor, "sai-gon");
        var fixer = await kit.StaffAsync("approver-sai-gon", Roles.WardApprover, "sai-gon");
        using var created = await editor.PostAsJsonAsync("/api/campaigns/17-ngay-chuyen-doi-so",
            new { wards = new[] { "sai-gon" }, startDate = "2026-12-01", time = "08:00" });
        var series = (await created.Content.ReadFromJsonAsync<CampaignView>(BroadcastKit.Json))!;
        using (var submitted = await editor.PostAsync($"/api/campaigns/{series.Campaign}/submit", null))
            Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());

        // The approver fixes a typo in day 3 and sends it for approval again: they are now its last editor.
        var day3 = series.Posts[2];
        using (var edited = await fixer.PutAsJsonAsync($"/api/posts/{day3.Id}", new
               {
                   text = day3.Text.Replace("Ngày 3/17", "Ngày 3 / 17"), wards = new[] { "sai-gon" },
                   at = day3.At!.Value.ToString("yyyy-MM-ddTHH:mm:sszzz"), submit = true,
               }))
            Assert.True(edited.IsSuccessStatusCode, await edited.Content.ReadAsStringAsync());

        var fixerConsole = await ConsoleClient.SignInAsync(kit.App, "approver-sai-gon", Roles.WardApprover, "sai-gon");
        var page = await fixerConsole.Http.GetStringAsync("/admin/campaign");
        Assert.Contains(series.Campaign, page);
        Assert.DoesNotContain("Đọc và duyệt cả chuỗi", page);
        Assert.DoesNotContain("Xác nhận duyệt cả chuỗi", await fixerConsole.Http.GetStringAsync($"/admin/campaign/{series.Campaign}"));
        var other = await ConsoleClient.SignInAsync(kit.App, "approver-2-sai-gon", Roles.WardApprover, "sai-gon");
        Assert.Contains("Đọc và duyệt cả chuỗi", await other.Http.GetStringAsync("/admin/campaign"));
        // The series page shows every post in full before the (confirmed) approval.
        var seriesPage = System.Net.WebUtility.HtmlDecode(await other.Http.GetStringAsync($"/admin/campaign/{series.Campaign}"));
        Assert.Contains("Xác nhận duyệt cả chuỗi", seriesPage);
        Assert.Equal(PostTexts(seriesPage), series.Posts.Count);
        static int PostTexts(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<p class=\"post-text\">").Count;

        // Asked anyway (a stale page, the API): refused, and not one post of the series is approved.
        using var forced = await fixerConsole.PostFormAsync("/admin/campaign", "/admin/campaign?handler=Approve", new() { ["campaign"] = series.Campaign });
        Assert.Equal(HttpStatusCode.Forbidden, forced.StatusCode);
        using var api = await fixer.PostAsync($"/api/campaigns/{series.Campaign}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        var ids = await kit.Get<PostStore>().CampaignAsync(series.Campaign, default);
        foreach (var id in ids) Assert.Equal(PostStates.AwaitingApproval, (await kit.Get<PostStore>().FindAsync(id, default))!.State);

        using var approved = await other.PostFormAsync("/admin/campaign", "/admin/campaign?handler=Approve", new() { ["campaign"] = series.Campaign });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        foreach (var id in ids) Assert.Equal(PostStates.Scheduled, (await kit.Get<PostStore>().FindAsync(id, default))!.State);

        // The undo: the editor is not offered it; the approver takes the whole series back (confirmed), every post waits
        // for approval again with nothing left to publish, each withdrawal audited.
        var editorConsole = await ConsoleClient.SignInAsync(kit.App, "editor-sai-gon", Roles.WardEditor, "sai-gon");
        Assert.DoesNotContain("Xác nhận rút duyệt cả chuỗi", await editorConsole.Http.GetStringAsync($"/admin/campaign/{series.Campaign}"));
        var seriesUrl = $"/admin/campaign/{series.Campaign}";
        Assert.Contains("Xác nhận rút duyệt cả chuỗi", await other.Http.GetStringAsync(seriesUrl));
        using var withdrawn = await other.PostFormAsync(seriesUrl, seriesUrl + "?handler=Withdraw", new());
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Contains($"Đã rút lại việc duyệt {ids.Count} bài", System.Net.WebUtility.HtmlDecode(await other.Http.GetStringAsync(seriesUrl)));
        foreach (var id in ids) Assert.Equal(PostStates.AwaitingApproval, (await kit.Get<PostStore>().FindAsync(id, default))!.State);
        Assert.DoesNotContain(await kit.DeliveriesAsync(), d => d.State == PostStates.Scheduled);
        Assert.Equal(ids.Count, (await kit.Get<AuditLog>().ListAsync(null, 200, default)).Count(e => e.Action == "post.withdraw"));
    }
}
