using System.Net;
using System.Net.Http.Json;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Broadcasting;

[Collection(HangfireCollection.Name)]
public sealed class PostsApiTests
{
    // The fake clock starts at 2026-11-26 08:00 in Asia/Ho_Chi_Minh.
    const string Later = "2026-11-26T10:00:00+07:00";

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_post_for_all_wards_is_approved_and_lands_in_the_sandbox_once_per_channel_at_its_time(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider);
        var post = await kit.ScheduledPostAsync(new { text = "Tuần lễ chuyển đổi số của phường", wards = new[] { "all" }, at = Later }, ward: "all");
        Assert.Equal(PostStates.Scheduled, post.State);
        Assert.Equal(8, post.Deliveries.Count); // 4 wards × (Facebook Page + Zalo OA)
        Assert.Equal(TimeSpan.FromHours(7), post.At!.Value.Offset);

        await kit.RunJobsUntilSettledAsync();
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero), kit.App.Clock.GetUtcNow()); // it waited for 10:00 local

        var admin = await kit.StaffAsync("admin-1", Roles.DistrictAdmin, null);
        var sandbox = await admin.GetFromJsonAsync<List<SandboxPost>>("/api/sandbox", BroadcastKit.Json);
        Assert.Equal(8, sandbox!.Count);
        Assert.Equal(8, sandbox.Select(s => s.ChannelId).Distinct().Count());
        var view = await BroadcastKit.ReadPostAsync(await admin.GetAsync($"/api/posts/{post.Id}"));
        Assert.Equal(PostStates.Published, view.State);
        Assert.All(view.Deliveries, d => Assert.True(d.State == PostStates.Published && d.Sandbox && d.PlatformPostId!.StartsWith("sandbox-")));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_posts_get_vietnamese_field_errors(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider);
        var editor = await kit.StaffAsync("editor", Roles.WardEditor, "sai-gon");
        async Task<string> ErrorsAsync(object request)
        {
            var response = await editor.PostAsJsonAsync("/api/posts", request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("đã qua", await ErrorsAsync(new { text = "x", wards = new[] { "sai-gon" }, at = "2026-11-26T07:00:00+07:00" }));
        Assert.Contains("Không có phường", await ErrorsAsync(new { text = "x", wards = new[] { "phuong-khong-co" }, at = Later }));
        Assert.Contains("không được để trống", await ErrorsAsync(new { text = "  ", wards = new[] { "sai-gon" }, at = Later }));
        Assert.Contains("Zalo", await ErrorsAsync(new { text = new string('a', ZaloProfile.Value.Posts!.MaxText + 1), wards = new[] { "sai-gon" }, at = Later }));
        Assert.Contains("Facebook", await ErrorsAsync(new { text = new string('a', FacebookProfile.Value.Posts!.MaxText + 1), wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = Later }));
        Assert.Contains("cron", await ErrorsAsync(new { text = "x", wards = new[] { "sai-gon" }, cron = "99 8 * * *", until = "2026-12-31T00:00:00+07:00" }));
        Assert.Contains("không còn là đơn vị hành chính", await ErrorsAsync(new { text = "x", wards = new[] { "ben-nghe" }, at = Later }));
        // A long post that only targets Facebook is fine.
        var ok = await editor.PostAsJsonAsync("/api/posts", new { text = new string('a', 5000), wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = Later });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_editor_of_ward_A_cannot_read_change_or_approve_ward_B_posts(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider);
        var editorB = await kit.StaffAsync("editor-b", Roles.WardEditor, "tan-dinh");
        var postB = await BroadcastKit.ReadPostAsync(await editorB.PostAsJsonAsync("/api/posts", new { text = "Tin Tân Định", wards = new[] { "tan-dinh" }, at = Later, submit = true }));
        var editorA = await kit.StaffAsync("editor-a", Roles.WardEditor, "sai-gon");
        var approverA = await kit.StaffAsync("approver-a", Roles.WardApprover, "sai-gon");

        Assert.Equal(HttpStatusCode.NotFound, (await editorA.GetAsync($"/api/posts/{postB.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editorA.DeleteAsync($"/api/posts/{postB.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await approverA.PostAsync($"/api/posts/{postB.Id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editorA.GetAsync("/api/posts?ward=tan-dinh")).StatusCode);
        Assert.DoesNotContain(await editorA.GetFromJsonAsync<List<PostView>>("/api/posts", BroadcastKit.Json) ?? [], p => p.Id == postB.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await editorA.PostAsJsonAsync("/api/posts", new { text = "x", wards = new[] { "tan-dinh" }, at = Later })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editorA.PostAsJsonAsync("/api/posts", new { text = "x", wards = new[] { "all" }, at = Later })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await kit.App.CreateClient().GetAsync($"/api/posts/{postB.Id}")).StatusCode);

        // Approval: not by an editor, not by the author, yes by the ward's approver.
        Assert.Equal(HttpStatusCode.Forbidden, (await editorB.PostAsync($"/api/posts/{postB.Id}/approve", null)).StatusCode);
        var approverB = await kit.StaffAsync("approver-b", Roles.WardApprover, "tan-dinh");
        var own = await BroadcastKit.ReadPostAsync(await approverB.PostAsJsonAsync("/api/posts", new { text = "Của tôi", wards = new[] { "tan-dinh" }, at = Later, submit = true }));
        Assert.Equal(HttpStatusCode.Forbidden, (await approverB.PostAsync($"/api/posts/{own.Id}/approve", null)).StatusCode);
        Assert.Equal(PostStates.Scheduled, (await BroadcastKit.ReadPostAsync(await approverB.PostAsync($"/api/posts/{postB.Id}/approve", null))).State);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rejected_post_goes_back_to_draft_with_the_comment_and_a_cancelled_post_never_publishes(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider, connected: ["sai-gon-facebook"]);
        var editor = await kit.StaffAsync("editor-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await kit.StaffAsync("approver-sai-gon", Roles.WardApprover, "sai-gon");
        var draft = await BroadcastKit.ReadPostAsync(await editor.PostAsJsonAsync("/api/posts", new { text = "Bản thảo", wards = new[] { "sai-gon" }, at = Later, submit = true }));
        Assert.Equal(HttpStatusCode.BadRequest, (await approver.PostAsJsonAsync($"/api/posts/{draft.Id}/reject", new { comment = "" })).StatusCode);
        var rejected = await BroadcastKit.ReadPostAsync(await approver.PostAsJsonAsync($"/api/posts/{draft.Id}/reject", new { comment = "Thêm đường dẫn" }));
        Assert.Equal((PostStates.Draft, "Thêm đường dẫn"), (rejected.State, rejected.ReviewComment));

        var post = await kit.ScheduledPostAsync(new { text = "Sẽ bị hủy", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = Later });
        var cancelled = await BroadcastKit.ReadPostAsync(await editor.DeleteAsync($"/api/posts/{post.Id}"));
        Assert.Equal(PostStates.Cancelled, cancelled.State);
        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 4, 0, 0, TimeSpan.Zero));
        foreach (var d in post.Deliveries) await kit.Get<PublishDeliveryJob>().RunAsync(d.Id, default); // its queued job still runs
        await kit.RunJobsUntilSettledAsync();
        Assert.Empty(kit.Simulator.Pages().Posts);
        Assert.All(await kit.DeliveriesAsync(), d => Assert.Equal(PostStates.Cancelled, d.State));
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_approval_taken_back_publishes_nothing_until_approved_again_and_a_draft_cancelled_before_approval_comes_back(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider, connected: ["sai-gon-facebook"]);
        var editor = await kit.StaffAsync("editor-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await kit.StaffAsync("approver-sai-gon", Roles.WardApprover, "sai-gon");
        var otherApprover = await kit.StaffAsync("approver-tan-dinh", Roles.WardApprover, "tan-dinh");

        var post = await kit.ScheduledPostAsync(new { text = "Duyệt nhầm", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = Later });
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsync($"/api/posts/{post.Id}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApprover.PostAsync($"/api/posts/{post.Id}/withdraw", null)).StatusCode);
        var withdrawn = await BroadcastKit.ReadPostAsync(await approver.PostAsync($"/api/posts/{post.Id}/withdraw", null));
        Assert.Equal(PostStates.AwaitingApproval, withdrawn.State);
        Assert.Equal(HttpStatusCode.Conflict, (await approver.PostAsync($"/api/posts/{post.Id}/withdraw", null)).StatusCode);

        kit.App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 4, 0, 0, TimeSpan.Zero)); // past its time
        await kit.RunJobsUntilSettledAsync();
        Assert.Empty(kit.Simulator.Pages().Posts); // the withdrawn approval published nothing

        // Cancelled before approval: back to draft, once; a post cancelled after approval cannot be restored.
        var draft = await BroadcastKit.ReadPostAsync(await editor.PostAsJsonAsync("/api/posts",
            new { text = "Hủy nhầm", wards = new[] { "sai-gon" }, at = "2026-11-26T14:00:00+07:00" }));
        Assert.Equal(PostStates.Cancelled, (await BroadcastKit.ReadPostAsync(await editor.DeleteAsync($"/api/posts/{draft.Id}"))).State);
        var restored = await BroadcastKit.ReadPostAsync(await editor.PostAsync($"/api/posts/{draft.Id}/restore", null));
        Assert.Equal(PostStates.Draft, restored.State);
        Assert.Equal(HttpStatusCode.Conflict, (await editor.PostAsync($"/api/posts/{draft.Id}/restore", null)).StatusCode);
        var audit = await kit.Get<AuditLog>().ListAsync(null, 50, default);
        Assert.Contains(audit, e => e is { Action: "post.withdraw", Actor: "approver-sai-gon" } && e.Target == $"post:{post.Id}");
        Assert.Contains(audit, e => e is { Action: "post.restore", Actor: "editor-sai-gon" } && e.Target == $"post:{draft.Id}");
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_draft_or_a_post_awaiting_approval_can_be_edited_and_needs_a_fresh_approval_from_someone_who_did_not_edit_it(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider);
        var editor = await kit.StaffAsync("editor-sai-gon", Roles.WardEditor, "sai-gon");
        var approver = await kit.StaffAsync("approver-sai-gon", Roles.WardApprover, "sai-gon");
        var second = await kit.StaffAsync("approver-2-sai-gon", Roles.WardApprover, "sai-gon");
        var post = await BroadcastKit.ReadPostAsync(await editor.PostAsJsonAsync("/api/posts", new { text = "Bản đầu", wards = new[] { "sai-gon" }, at = Later, submit = true }));

        // The approver fixes a typo: the post goes back to draft, with the new text, time and platforms.
        var edited = await BroadcastKit.ReadPostAsync(await approver.PutAsJsonAsync($"/api/posts/{post.Id}",
            new { text = "Bản đã sửa", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at = "2026-11-26T11:30:00+07:00" }));
        Assert.Equal((PostStates.Draft, "Bản đã sửa", "facebook"), (edited.State, edited.Text, string.Join(',', edited.Platforms)));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 30, 0, TimeSpan.FromHours(7)), edited.At);
        Assert.Equal(post.AuthorId, edited.AuthorId);

        // Resubmitted by the author; the approver who changed the text may not approve it, another approver may.
        await BroadcastKit.ReadPostAsync(await editor.PostAsync($"/api/posts/{post.Id}/submit", null));
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsync($"/api/posts/{post.Id}/approve", null)).StatusCode);
        var scheduled = await BroadcastKit.ReadPostAsync(await second.PostAsync($"/api/posts/{post.Id}/approve", null));
        Assert.Equal(PostStates.Scheduled, scheduled.State);
        Assert.Single(scheduled.Deliveries); // sai-gon's Facebook Page only, as edited

        // An approved post is not edited in place, bad input is refused with field errors, and the text did not change.
        var late = await editor.PutAsJsonAsync($"/api/posts/{post.Id}", new { text = "Sửa sau khi duyệt", wards = new[] { "sai-gon" }, at = Later });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("hủy rồi soạn lại", await late.Content.ReadAsStringAsync());
        var draft = await BroadcastKit.ReadPostAsync(await editor.PostAsJsonAsync("/api/posts", new { text = "Nháp", wards = new[] { "sai-gon" }, at = Later }));
        var bad = await editor.PutAsJsonAsync($"/api/posts/{draft.Id}", new { text = " ", wards = new[] { "sai-gon" }, at = "2026-11-26T07:00:00+07:00" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await bad.Content.ReadAsStringAsync();
        Assert.Contains("không được để trống", errors);
        Assert.Contains("đã qua", errors);
        var admin = await kit.StaffAsync("admin-1", Roles.DistrictAdmin, null);
        Assert.Equal("Bản đã sửa", (await BroadcastKit.ReadPostAsync(await admin.GetAsync($"/api/posts/{post.Id}"))).Text);

        // Another ward's editor cannot see it, nor move it to their own ward.
        var other = await kit.StaffAsync("editor-tan-dinh", Roles.WardEditor, "tan-dinh");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/posts/{draft.Id}", new { text = "x", wards = new[] { "tan-dinh" }, at = Later })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PutAsJsonAsync($"/api/posts/{draft.Id}", new { text = "x", wards = new[] { "tan-dinh" }, at = Later })).StatusCode);
        Assert.Equal("Nháp", (await BroadcastKit.ReadPostAsync(await editor.GetAsync($"/api/posts/{draft.Id}"))).Text);

        var audit = await kit.Get<AuditLog>().ListAsync(null, 50, default);
        Assert.Contains(audit, e => e is { Action: "post.edit", Actor: "approver-sai-gon" } && e.Target == $"post:{post.Id}");
    }
}
