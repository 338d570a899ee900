using Chatbot.Web.Staff;

namespace Chatbot.Web.Broadcasting;

public sealed record ReviewRequest(string? Comment);

/// <summary>
/// The post rules in one place: create, edit, submit, approve, reject, cancel, retry a delivery — and who may do what.
/// /api/posts and the console call these same methods, so a form and an API call meet the same validation, ward checks,
/// four-eyes approval and audit. A ward editor or approver sees a post when it targets their ward (otherwise it is "not
/// found") and changes it only when every ward it targets is theirs; approval needs an approver other than whoever wrote
/// the post or last edited it (<see cref="CanApprove"/>).
/// </summary>
public sealed class PostWorkflow(PostRules rules, PostStore posts, DeliveryStore deliveries, PostScheduler scheduler, PostViews views,
    AuditLog audit, TimeProvider clock)
{
    static readonly string[] Editable = [PostStates.Draft, PostStates.AwaitingApproval];
    static readonly string[] Cancellable =
        [PostStates.Draft, PostStates.AwaitingApproval, PostStates.Scheduled, PostStates.Publishing, PostStates.Failed, PostStates.NeedsCheck];

    /// <summary>Why <paramref name="staff"/> may not approve this post now, or null when they may: an approver (or district
    /// admin) who neither wrote it nor edited it last, while it awaits approval (four eyes hold even when an approver fixes
    /// a typo). The console shows the approve button by the same rule.</summary>
    public static PostProblem? ApprovalProblem(CurrentStaff staff, long authorId, long? editedBy, string state)
    {
        if (!staff.IsApprover) return PostProblem.Forbidden("Chỉ lãnh đạo phường (WardApprover) hoặc quản trị quận duyệt bài.");
        if (authorId == staff.Id) return PostProblem.Forbidden("Người soạn bài không tự duyệt bài của mình; cần một người duyệt khác.");
        if (editedBy == staff.Id) return PostProblem.Forbidden("Bạn vừa sửa bài này nên không tự duyệt được; cần một người duyệt khác.");
        if (state != PostStates.AwaitingApproval) return PostProblem.Conflict($"Chỉ duyệt được bài đang chờ duyệt; bài đang ở trạng thái «{PostStates.Name(state)}».");
        return null;
    }

    public static bool CanApprove(CurrentStaff staff, long authorId, long? editedBy, string state) =>
        ApprovalProblem(staff, authorId, editedBy, state) is null;

    public static bool CanApprove(CurrentStaff staff, PostView post) => CanApprove(staff, post.AuthorId, post.EditedBy, post.State);

    public async Task<PostResult<PostView>> CreateAsync(CreatePostRequest request, CurrentStaff staff, CancellationToken ct)
    {
        var (result, errors, forbidden) = rules.Check(request, staff);
        if (forbidden) return PostProblem.Forbidden("Bạn chỉ được đăng cho phường của mình.");
        if (result is null) return PostProblem.Invalid(errors, "Bài đăng chưa hợp lệ");
        var id = await posts.CreateAsync(result.Post, ct);
        if (request.Submit) await posts.TransitionAsync(id, [PostStates.Draft], PostStates.AwaitingApproval, ct);
        await audit.WriteAsync(staff.Name, "post.create", $"post:{id}", string.Join(',', result.WardIds), request.Submit ? "gửi duyệt" : "bản nháp", ct);
        return PostResult<PostView>.Ok(await views.ViewAsync(id, staff, ct));
    }

    public async Task<PostResult<PostView>> GetAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        (await views.VisibleAsync(id, staff, ct)).Post is null ? PostProblem.NotFoundPost(id) : PostResult<PostView>.Ok(await views.ViewAsync(id, staff, ct));

    public async Task<PostResult<IReadOnlyList<PostView>>> ListAsync(string? ward, string? from, string? to, CurrentStaff staff, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? f = null, t = null;
        if (from is { Length: > 0 } && (f = PostRules.ParseTime(from)) is null) errors["from"] = [$"Không đọc được thời điểm «from», hoặc nó ngoài khoảng {PostRules.RangeText}."];
        if (to is { Length: > 0 } && (t = PostRules.ParseTime(to)) is null) errors["to"] = [$"Không đọc được thời điểm «to», hoặc nó ngoài khoảng {PostRules.RangeText}."];
        if (errors.Count > 0) return PostProblem.Invalid(errors, "Bộ lọc chưa hợp lệ");
        if (ward is not null && !staff.MayWorkOn(ward)) return PostProblem.Forbidden("Bạn chỉ xem được bài của phường mình.");
        IReadOnlyList<string>? wards = ward is not null ? [ward] : staff.IsDistrictAdmin ? null : [staff.WardId ?? "-"];
        var list = new List<PostView>();
        foreach (var p in await posts.ListAsync(wards, f, t, ct)) list.Add(await views.ViewAsync(p.Id, staff, ct));
        return PostResult<IReadOnlyList<PostView>>.Ok(list);
    }

    /// <summary>
    /// Replaces the text, link, image, targets and time of a draft or of a post awaiting approval, with the same checks as
    /// a new post. The post goes back to draft (or straight to awaiting approval with submit): what was approved is never
    /// silently changed. Approved posts are cancelled and written anew instead.
    /// </summary>
    public async Task<PostResult<PostView>> UpdateAsync(long id, CreatePostRequest request, CurrentStaff staff, CancellationToken ct)
    {
        var (post, wards) = await views.VisibleAsync(id, staff, ct);
        if (post is null) return PostProblem.NotFoundPost(id);
        if (!wards.All(staff.MayWorkOn)) return PostProblem.Forbidden("Bài này có phường khác; chỉ quản trị quận sửa được.");
        if (!Editable.Contains(post.State))
            return PostProblem.Conflict($"Chỉ sửa được bản nháp hoặc bài đang chờ duyệt; bài đang ở trạng thái «{PostStates.Name(post.State)}». Bài đã duyệt thì hủy rồi soạn lại (nút «Nhân bản»).");
        var (result, errors, forbidden) = rules.Check(request, staff);
        if (forbidden) return PostProblem.Forbidden("Bạn chỉ được đăng cho phường của mình.");
        if (result is null) return PostProblem.Invalid(errors, "Bài đăng chưa hợp lệ");
        var changed = result.Post with { Campaign = post.Campaign, AuthorId = post.AuthorId };
        if (!await posts.UpdateAsync(id, changed, staff.Id, Editable, ct))
            return PostProblem.Conflict("Bài vừa được người khác duyệt hoặc hủy; tải lại để xem trạng thái mới.");
        if (request.Submit) await posts.TransitionAsync(id, [PostStates.Draft], PostStates.AwaitingApproval, ct);
        await audit.WriteAsync(staff.Name, "post.edit", $"post:{id}", string.Join(',', result.WardIds),
            request.Submit ? "sửa và gửi duyệt lại" : "sửa, về bản nháp", ct);
        return PostResult<PostView>.Ok(await views.ViewAsync(id, staff, ct));
    }

    public Task<PostResult<PostView>> SubmitAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        ChangeAsync(id, staff, ct, async (post, wards) =>
        {
            if (!await posts.TransitionAsync(id, [PostStates.Draft], PostStates.AwaitingApproval, ct))
                return PostProblem.Conflict($"Chỉ gửi duyệt được bản nháp; bài đang ở trạng thái «{PostStates.Name(post.State)}».");
            await audit.WriteAsync(staff.Name, "post.submit", $"post:{id}", string.Join(',', wards), null, ct);
            return null;
        });

    public Task<PostResult<PostView>> ApproveAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        ChangeAsync(id, staff, ct, async (post, wards) =>
        {
            if (ApprovalProblem(staff, post.AuthorId, post.EditedBy, post.State) is { } refused) return refused;
            var now = clock.GetUtcNow();
            if (post.PublishAt is { } at && at <= now)
                return PostProblem.Conflict($"Thời điểm đăng {VietnamTime.Format(at)} đã qua; trả bài về để sửa thời điểm rồi gửi duyệt lại.");
            DateTimeOffset? next = post.Cron is null ? null : PostScheduler.NextOccurrence(post.Cron, now, post.RecurUntil);
            if (post.Cron is not null && next is null) return PostProblem.Conflict("Lịch lặp không còn lần đăng nào trước ngày kết thúc.");
            if (!await posts.TransitionAsync(id, [PostStates.AwaitingApproval], PostStates.Scheduled, ct, approvedBy: staff.Id, nextOccurrence: next))
                return PostProblem.Conflict("Bài vừa được người khác thay đổi; tải lại và thử lại.");
            await scheduler.ScheduleAsync((await posts.FindAsync(id, ct))!, ct);
            await audit.WriteAsync(staff.Name, "post.approve", $"post:{id}", string.Join(',', wards), null, ct);
            return null;
        });

    public Task<PostResult<PostView>> RejectAsync(long id, ReviewRequest request, CurrentStaff staff, CancellationToken ct) =>
        ChangeAsync(id, staff, ct, async (post, wards) =>
        {
            if (!staff.IsApprover) return PostProblem.Forbidden("Chỉ lãnh đạo phường (WardApprover) hoặc quản trị quận trả bài.");
            if (string.IsNullOrWhiteSpace(request.Comment))
                return new PostProblem(PostProblemKind.BadRequest, "Cần lý do", "Ghi lý do trả bài để người soạn biết cần sửa gì.");
            if (!await posts.TransitionAsync(id, [PostStates.AwaitingApproval], PostStates.Draft, ct, comment: request.Comment.Trim()))
                return PostProblem.Conflict($"Chỉ trả được bài đang chờ duyệt; bài đang ở trạng thái «{PostStates.Name(post.State)}».");
            await audit.WriteAsync(staff.Name, "post.reject", $"post:{id}", string.Join(',', wards), request.Comment.Trim(), ct);
            return null;
        });

    public Task<PostResult<PostView>> CancelAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        ChangeAsync(id, staff, ct, async (post, wards) =>
        {
            if (!await posts.TransitionAsync(id, Cancellable, PostStates.Cancelled, ct))
                return PostProblem.Conflict($"Bài ở trạng thái «{PostStates.Name(post.State)}» không hủy được.");
            var n = await deliveries.CancelScheduledAsync(id, ct);
            await audit.WriteAsync(staff.Name, "post.cancel", $"post:{id}", string.Join(',', wards), $"{n} lượt đăng chưa chạy đã hủy", ct);
            return null;
        });

    /// <summary>Undo of «Hủy bài» while it is cheap: a post cancelled before it was approved (it has no delivery) goes back
    /// to draft. A post cancelled after approval is duplicated instead («Nhân bản»): its deliveries were cancelled.</summary>
    public Task<PostResult<PostView>> RestoreAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        ChangeAsync(id, staff, ct, async (post, wards) =>
        {
            if (post.State != PostStates.Cancelled)
                return PostProblem.Conflict($"Chỉ khôi phục được bài đã hủy; bài đang ở trạng thái «{PostStates.Name(post.State)}».");
            if (!await posts.RestoreCancelledAsync(id, ct))
                return PostProblem.Conflict("Bài này đã được duyệt trước khi hủy nên không khôi phục được; dùng «Nhân bản» để soạn lại.");
            await audit.WriteAsync(staff.Name, "post.restore", $"post:{id}", string.Join(',', wards), "khôi phục về bản nháp", ct);
            return null;
        });

    /// <summary>An approver takes an approval back before publication: the post waits for approval again and its
    /// deliveries that have not started are removed (<see cref="PostStore.WithdrawApprovalAsync"/>).</summary>
    public Task<PostResult<PostView>> WithdrawApprovalAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        ChangeAsync(id, staff, ct, async (post, wards) =>
        {
            if (!staff.IsApprover) return PostProblem.Forbidden("Chỉ lãnh đạo phường (WardApprover) hoặc quản trị quận rút lại việc duyệt.");
            if (post.State != PostStates.Scheduled)
                return PostProblem.Conflict($"Chỉ rút lại được bài đã duyệt và chưa đăng; bài đang ở trạng thái «{PostStates.Name(post.State)}».");
            if (!await posts.WithdrawApprovalAsync(id, ct))
                return PostProblem.Conflict("Bài đã bắt đầu đăng hoặc đã đến giờ đăng nên không rút lại được việc duyệt.");
            await audit.WriteAsync(staff.Name, "post.withdraw", $"post:{id}", string.Join(',', wards), "rút lại việc duyệt, bài về chờ duyệt", ct);
            return null;
        });

    /// <summary>
    /// A failed delivery goes back to 'scheduled' (compare-and-set from 'failed') and is enqueued now; the job's claim still
    /// decides who publishes. Only 'failed' is retried by hand: a 'needs_check' delivery may already be on the platform, and
    /// the dispatcher reconciles it instead (never retry blindly).
    /// </summary>
    public async Task<PostResult<PostView>> RetryAsync(long postId, long deliveryId, CurrentStaff staff, CancellationToken ct)
    {
        if (await deliveries.FindAsync(deliveryId, ct) is not { } delivery || delivery.PostId != postId || !staff.MayWorkOn(delivery.WardId))
            return PostProblem.NotFoundPost(postId);
        if (await posts.FindAsync(postId, ct) is not { } post || post.State == PostStates.Cancelled
            || !await deliveries.SetStateAsync(deliveryId, PostStates.Failed, PostStates.Scheduled, ct, error: delivery.LastError))
            return PostProblem.Conflict("Chỉ đăng lại được lượt đăng đang lỗi (và bài chưa hủy).");
        var now = clock.GetUtcNow();
        await scheduler.EnqueueAsync([deliveryId], delivery.DueAt < now ? now : delivery.DueAt, ct);
        await deliveries.RefreshPostStateAsync(postId, ct);
        await audit.WriteAsync(staff.Name, "delivery.retry", $"post:{postId}", delivery.WardId, $"lượt đăng {deliveryId} ({delivery.ChannelId})", ct);
        return PostResult<PostView>.Ok(await views.ViewAsync(postId, staff, ct));
    }

    async Task<PostResult<PostView>> ChangeAsync(long id, CurrentStaff staff, CancellationToken ct,
        Func<PostRow, IReadOnlyList<string>, Task<PostProblem?>> change)
    {
        var (post, wards) = await views.VisibleAsync(id, staff, ct);
        if (post is null) return PostProblem.NotFoundPost(id);
        if (!wards.All(staff.MayWorkOn)) return PostProblem.Forbidden("Bài này có phường khác; chỉ quản trị quận thay đổi được.");
        if (await change(post, wards) is { } problem) return problem;
        return PostResult<PostView>.Ok(await views.ViewAsync(id, staff, ct));
    }
}
