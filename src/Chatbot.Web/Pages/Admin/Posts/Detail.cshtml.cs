using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Publishing;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Posts;

/// <summary>One post with its deliveries, what citizens did around it on the platforms (e.g. comments answered privately)
/// and the actions its state and the member's role allow. Every action goes through <see cref="PostWorkflow"/>; a post of
/// another ward answers 404 (as if absent), a forbidden change 403.</summary>
internal sealed class DetailModel(PostWorkflow workflow, StaffStore staffStore, Platforms platforms, IEnumerable<IPostActivity> activity)
    : ConsolePage
{
    public PostView Post { get; private set; } = null!;
    public string Author { get; private set; } = "";
    public string? Approver { get; private set; }
    public string? Editor { get; private set; }
    public IReadOnlyList<string> Activity { get; private set; } = [];

    string Back => $"/admin/posts/{RouteData.Values["id"]}";

    public bool CanReview => PostWorkflow.CanApprove(Staff, Post);
    public bool CanEdit => Post.State is PostStates.Draft or PostStates.AwaitingApproval && Post.Wards.All(Staff.MayWorkOn);
    public bool CanSubmit => Post.State == PostStates.Draft;
    public bool CanCancel => Post.State is not (PostStates.Cancelled or PostStates.Published);
    /// <summary>Undo of a cancel, offered while it is cheap: the post never had a delivery (it was never approved).</summary>
    public bool CanRestore => Post.State == PostStates.Cancelled && Post.Deliveries.Count == 0 && Post.Wards.All(Staff.MayWorkOn);
    /// <summary>An approval may be taken back while nothing of the post has started or fallen due.</summary>
    public bool CanWithdraw => Staff.IsApprover && Post.State == PostStates.Scheduled && Post.Wards.All(Staff.MayWorkOn)
        && Post.Deliveries.All(d => d.State == PostStates.Scheduled);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if ((await workflow.GetAsync(id, Staff, ct)).Value is not { } post) return NotFound();
        Post = post;
        Author = (await staffStore.FindAsync(post.AuthorId, ct))?.Name ?? $"#{post.AuthorId}";
        if (post.EditedBy is { } e && e != post.AuthorId) Editor = (await staffStore.FindAsync(e, ct))?.Name;
        if (post.ApprovedBy is { } a) Approver = (await staffStore.FindAsync(a, ct))?.Name;
        var published = post.Deliveries.Where(d => d is { Sandbox: false, PlatformPostId: not null })
            .Select(d => new PublishedPost(d.ChannelId, d.PlatformPostId!)).ToList();
        var lines = new List<string>();
        if (published.Count > 0)
            foreach (var source in activity) lines.AddRange(await source.DescribeAsync(published, ct));
        Activity = lines;
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken ct) =>
        Answer((await workflow.SubmitAsync(id, Staff, ct)).Problem, Back, "Đã gửi bài cho lãnh đạo phường duyệt.");

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) =>
        Answer((await workflow.ApproveAsync(id, Staff, ct)).Problem, Back, "Đã duyệt; bài sẽ được đăng đúng giờ.");

    public async Task<IActionResult> OnPostRejectAsync(long id, string? comment, CancellationToken ct) =>
        Answer((await workflow.RejectAsync(id, new ReviewRequest(comment), Staff, ct)).Problem, Back, "Đã trả bài về cho người soạn kèm lý do.");

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) =>
        Answer((await workflow.CancelAsync(id, Staff, ct)).Problem, Back, "Đã hủy bài; các lượt đăng chưa chạy sẽ không đăng.");

    public async Task<IActionResult> OnPostRestoreAsync(long id, CancellationToken ct) =>
        Answer((await workflow.RestoreAsync(id, Staff, ct)).Problem, Back, "Đã khôi phục bài về bản nháp.");

    public async Task<IActionResult> OnPostWithdrawAsync(long id, CancellationToken ct) =>
        Answer((await workflow.WithdrawApprovalAsync(id, Staff, ct)).Problem, Back, "Đã rút lại việc duyệt; bài trở về chờ duyệt và sẽ không tự đăng.");

    public async Task<IActionResult> OnPostRetryAsync(long id, long delivery, CancellationToken ct) =>
        Answer((await workflow.RetryAsync(id, delivery, Staff, ct)).Problem, Back, "Đã xếp lượt đăng vào hàng chờ để đăng lại.");

    /// <summary>Where staff see a published delivery on its platform (its profile knows; e.g. facebook.com/{pageid_postid});
    /// null where the platform has no public address for it (a Zalo article), so the id is shown as is.</summary>
    public string? PlatformUrl(DeliveryView d) =>
        d is { Sandbox: false, PlatformPostId: { } pid } ? platforms.Find(d.Platform)?.PostLink(pid)?.ToString() : null;

    /// <summary>A subscriber notification's outcome as staff read it.</summary>
    public static string OutcomeName(string outcome) => outcome switch
    {
        "sent" => "đã gửi",
        "sandbox" => "ghi vào bản nháp chưa gửi thật",
        "skipped" => "nền tảng không cho gửi",
        "retry" => "chờ gửi lại",
        "unknown" => "chưa rõ đã gửi chưa",
        "pending" or "sending" => "đang gửi",
        "failed" => "lỗi",
        _ => outcome,
    };
}
