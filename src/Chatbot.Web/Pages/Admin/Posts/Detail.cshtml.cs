using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Posts;

/// <summary>One post with its deliveries and the actions its state and the member's role allow. Every action goes
/// through the API's handler; a post of another ward answers 404 (as if absent), a forbidden change 403.</summary>
internal sealed class DetailModel(PostCalls calls, DeliveryRetry retry, StaffStore staffStore) : ConsolePage
{
    public PostView Post { get; private set; } = null!;
    public string Author { get; private set; } = "";
    public string? Approver { get; private set; }
    public string? Editor { get; private set; }

    string Back => $"/admin/posts/{RouteData.Values["id"]}";

    public bool CanReview => Staff.CanApprove && Post.AuthorId != Staff.Id && Post.EditedBy != Staff.Id && Post.State == PostStates.AwaitingApproval;
    public bool CanEdit => Post.State is PostStates.Draft or PostStates.AwaitingApproval && Post.Wards.All(Staff.MayWorkOn);
    public bool CanSubmit => Post.State == PostStates.Draft;
    public bool CanCancel => Post.State is not (PostStates.Cancelled or PostStates.Published);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await calls.GetAsync(id, Staff, ct) is not Ok<PostView> { Value: { } post }) return NotFound();
        Post = post;
        Author = (await staffStore.FindAsync(post.AuthorId, ct))?.Name ?? $"#{post.AuthorId}";
        if (post.EditedBy is { } e && e != post.AuthorId) Editor = (await staffStore.FindAsync(e, ct))?.Name;
        if (post.ApprovedBy is { } a) Approver = (await staffStore.FindAsync(a, ct))?.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken ct) =>
        Answer(await calls.SubmitAsync(id, Staff, ct), Back, "Đã gửi bài cho lãnh đạo phường duyệt.");

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) =>
        Answer(await calls.ApproveAsync(id, Staff, ct), Back, "Đã duyệt; bài sẽ được đăng đúng giờ.");

    public async Task<IActionResult> OnPostRejectAsync(long id, string? comment, CancellationToken ct) =>
        Answer(await calls.RejectAsync(id, comment, Staff, ct), Back, "Đã trả bài về cho người soạn kèm lý do.");

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) =>
        Answer(await calls.CancelAsync(id, Staff, ct), Back, "Đã hủy bài; các lượt đăng chưa chạy sẽ không đăng.");

    public async Task<IActionResult> OnPostRetryAsync(long id, long delivery, CancellationToken ct)
    {
        switch (await retry.RetryAsync(id, delivery, Staff, ct))
        {
            case DeliveryRetry.Outcome.NotFound: return NotFound();
            case DeliveryRetry.Outcome.NotFailed: TempData["Message"] = "Chỉ đăng lại được lượt đăng đang lỗi (và bài chưa hủy)."; break;
            default: TempData["Message"] = "Đã xếp lượt đăng vào hàng chờ để đăng lại."; break;
        }
        return Redirect(Back);
    }

    /// <summary>A Facebook post id is "pageid_postid" and opens at facebook.com/{id}; Zalo articles have no public
    /// address we can build from the id, so the id is shown as is.</summary>
    public static string? PlatformUrl(DeliveryView d) =>
        d is { Sandbox: false, PlatformPostId: { } pid, Platform: "facebook" } ? $"https://www.facebook.com/{pid}" : null;
}
