using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chatbot.Web.Broadcasting;

public sealed record DeliveryView(long Id, string ChannelId, string WardId, string Platform, DateTimeOffset DueAt, string State,
    int Attempts, string? LastError, string? PlatformPostId, bool Sandbox, DateTimeOffset? PublishedAt);

public sealed record PostView(long Id, string State, string Text, string? Link, string? ImageUrl, IReadOnlyList<string> Wards,
    bool AllWards, IReadOnlyList<string> Platforms, DateTimeOffset? At, string? Cron, DateTimeOffset? Until,
    DateTimeOffset? NextOccurrence, string? Campaign, long AuthorId, long? ApprovedBy, string? ReviewComment,
    IReadOnlyList<DeliveryView> Deliveries, IReadOnlyList<NotificationCount> Notifications, long? EditedBy = null);

public sealed record ReviewRequest(string? Comment);

/// <summary>
/// /api/posts (contract.md). Times in views are Asia/Ho_Chi_Minh with their offset (+07:00); stored UTC.
/// A ward editor or approver sees a post when it targets their ward (404 otherwise, as if absent) and may change it only
/// when every ward it targets is theirs (403); approval needs an approver other than the author.
/// </summary>
internal static class PostsEndpoints
{
    public static RouteGroupBuilder MapPostsApi(this IEndpointRouteBuilder routes)
    {
        var posts = routes.MapGroup("/api/posts").WithTags("Posts").RequireAuthorization(Policies.Staff);
        posts.MapPost("/", Create);
        posts.MapGet("/", List);
        posts.MapGet("/{id:long}", Get);
        posts.MapPut("/{id:long}", Update);
        posts.MapPost("/{id:long}/submit", Submit);
        posts.MapPost("/{id:long}/approve", Approve);
        posts.MapPost("/{id:long}/reject", Reject);
        posts.MapDelete("/{id:long}", Cancel);
        routes.MapGet("/api/sandbox", Sandbox).WithTags("Posts").RequireAuthorization(Policies.Staff);
        return posts;
    }

    internal static async Task<Results<Created<PostView>, ValidationProblem, ProblemHttpResult>> Create(CreatePostRequest request, CurrentStaff staff,
        PostRules rules, PostStore posts, DeliveryStore deliveries, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        var (result, errors, forbidden) = rules.Check(request, staff);
        if (forbidden) return Forbidden("Bạn chỉ được đăng cho phường của mình.");
        if (result is null) return TypedResults.ValidationProblem(errors, title: "Bài đăng chưa hợp lệ");
        var id = await posts.CreateAsync(result.Post, ct);
        if (request.Submit) await posts.TransitionAsync(id, [PostStates.Draft], PostStates.AwaitingApproval, ct);
        await audit.WriteAsync(staff.Name, "post.create", $"post:{id}", string.Join(',', result.WardIds), request.Submit ? "gửi duyệt" : "bản nháp", ct);
        return TypedResults.Created($"/api/posts/{id}", await ViewAsync(id, staff, posts, deliveries, db, ct));
    }

    internal static async Task<Results<Ok<PostView>, ProblemHttpResult>> Get(long id, CurrentStaff staff, PostStore posts, DeliveryStore deliveries,
        IDbConnectionFactory db, CancellationToken ct)
    {
        var (post, wards) = await VisibleAsync(id, staff, posts, ct);
        return post is null ? NotFoundPost(id) : TypedResults.Ok(await ViewAsync(id, staff, posts, deliveries, db, ct));
    }

    internal static async Task<Results<Ok<IReadOnlyList<PostView>>, ValidationProblem, ProblemHttpResult>> List(string? ward, string? from, string? to,
        CurrentStaff staff, PostStore posts, DeliveryStore deliveries, IDbConnectionFactory db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? f = null, t = null;
        if (from is { Length: > 0 } && (f = PostRules.ParseTime(from)) is null) errors["from"] = [$"Không đọc được thời điểm «from», hoặc nó ngoài khoảng {PostRules.RangeText}."];
        if (to is { Length: > 0 } && (t = PostRules.ParseTime(to)) is null) errors["to"] = [$"Không đọc được thời điểm «to», hoặc nó ngoài khoảng {PostRules.RangeText}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Bộ lọc chưa hợp lệ");
        if (ward is not null && !staff.MayWorkOn(ward)) return Forbidden("Bạn chỉ xem được bài của phường mình.");
        IReadOnlyList<string>? wards = ward is not null ? [ward] : staff.IsDistrictAdmin ? null : [staff.WardId ?? "-"];
        var views = new List<PostView>();
        foreach (var p in await posts.ListAsync(wards, f, t, ct)) views.Add(await ViewAsync(p.Id, staff, posts, deliveries, db, ct));
        return TypedResults.Ok<IReadOnlyList<PostView>>(views);
    }

    /// <summary>
    /// PUT /api/posts/{id}: replaces the text, link, image, targets and time of a draft or of a post awaiting approval,
    /// with the same checks as a new post. The post goes back to draft (or straight to awaiting approval with
    /// submit = true): what was approved is never silently changed. Approved posts are cancelled and written anew instead.
    /// </summary>
    internal static async Task<Results<Ok<PostView>, ValidationProblem, ProblemHttpResult>> Update(long id, CreatePostRequest request,
        CurrentStaff staff, PostRules rules, PostStore posts, DeliveryStore deliveries, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        var (post, wards) = await VisibleAsync(id, staff, posts, ct);
        if (post is null) return NotFoundPost(id);
        if (!wards.All(staff.MayWorkOn)) return Forbidden("Bài này có phường khác; chỉ quản trị quận sửa được.");
        string[] editable = [PostStates.Draft, PostStates.AwaitingApproval];
        if (!editable.Contains(post.State))
            return Conflict($"Chỉ sửa được bản nháp hoặc bài đang chờ duyệt; bài đang ở trạng thái «{post.State}». Bài đã duyệt thì hủy rồi soạn lại (nút «Nhân bản»).");
        var (result, errors, forbidden) = rules.Check(request, staff);
        if (forbidden) return Forbidden("Bạn chỉ được đăng cho phường của mình.");
        if (result is null) return TypedResults.ValidationProblem(errors, title: "Bài đăng chưa hợp lệ");
        var changed = result.Post with { Campaign = post.Campaign, AuthorId = post.AuthorId };
        if (!await posts.UpdateAsync(id, changed, staff.Id, editable, ct))
            return Conflict("Bài vừa được người khác duyệt hoặc hủy; tải lại để xem trạng thái mới.");
        if (request.Submit) await posts.TransitionAsync(id, [PostStates.Draft], PostStates.AwaitingApproval, ct);
        await audit.WriteAsync(staff.Name, "post.edit", $"post:{id}", string.Join(',', result.WardIds),
            request.Submit ? "sửa và gửi duyệt lại" : "sửa, về bản nháp", ct);
        return TypedResults.Ok(await ViewAsync(id, staff, posts, deliveries, db, ct));
    }

    internal static Task<Results<Ok<PostView>, ProblemHttpResult>> Submit(long id, CurrentStaff staff, PostStore posts,
        DeliveryStore deliveries, AuditLog audit, IDbConnectionFactory db, CancellationToken ct) =>
        ChangeAsync(id, staff, posts, deliveries, db, ct, async (post, wards) =>
        {
            if (!await posts.TransitionAsync(id, [PostStates.Draft], PostStates.AwaitingApproval, ct))
                return Conflict($"Chỉ gửi duyệt được bản nháp; bài đang ở trạng thái «{post.State}».");
            await audit.WriteAsync(staff.Name, "post.submit", $"post:{id}", string.Join(',', wards), null, ct);
            return null;
        });

    internal static Task<Results<Ok<PostView>, ProblemHttpResult>> Approve(long id, CurrentStaff staff, PostStore posts,
        DeliveryStore deliveries, PostScheduler scheduler, AuditLog audit, IDbConnectionFactory db, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, staff, posts, deliveries, db, ct, async (post, wards) =>
        {
            if (!staff.CanApprove) return Forbidden("Chỉ lãnh đạo phường (WardApprover) hoặc quản trị quận duyệt bài.");
            if (post.AuthorId == staff.Id) return Forbidden("Người soạn bài không tự duyệt bài của mình; cần một người duyệt khác.");
            if (post.EditedBy == staff.Id) return Forbidden("Bạn vừa sửa bài này nên không tự duyệt được; cần một người duyệt khác.");
            if (post.State != PostStates.AwaitingApproval) return Conflict($"Chỉ duyệt được bài đang chờ duyệt; bài đang ở trạng thái «{post.State}».");
            var now = clock.GetUtcNow();
            if (post.PublishAt is { } at && at <= now)
                return Conflict($"Thời điểm đăng {VietnamTime.Format(at)} đã qua; trả bài về để sửa thời điểm rồi gửi duyệt lại.");
            DateTimeOffset? next = post.Cron is null ? null : PostScheduler.NextOccurrence(post.Cron, now, post.RecurUntil);
            if (post.Cron is not null && next is null) return Conflict("Lịch lặp không còn lần đăng nào trước ngày kết thúc.");
            if (!await posts.TransitionAsync(id, [PostStates.AwaitingApproval], PostStates.Scheduled, ct, approvedBy: staff.Id, nextOccurrence: next))
                return Conflict("Bài vừa được người khác thay đổi; tải lại và thử lại.");
            await scheduler.ScheduleAsync((await posts.FindAsync(id, ct))!, ct);
            await audit.WriteAsync(staff.Name, "post.approve", $"post:{id}", string.Join(',', wards), null, ct);
            return null;
        });

    internal static Task<Results<Ok<PostView>, ProblemHttpResult>> Reject(long id, ReviewRequest request, CurrentStaff staff,
        PostStore posts, DeliveryStore deliveries, AuditLog audit, IDbConnectionFactory db, CancellationToken ct) =>
        ChangeAsync(id, staff, posts, deliveries, db, ct, async (post, wards) =>
        {
            if (!staff.CanApprove) return Forbidden("Chỉ lãnh đạo phường (WardApprover) hoặc quản trị quận trả bài.");
            if (string.IsNullOrWhiteSpace(request.Comment)) return TypedResults.Problem(title: "Cần lý do", detail: "Ghi lý do trả bài (comment) để người soạn sửa.", statusCode: 400);
            if (!await posts.TransitionAsync(id, [PostStates.AwaitingApproval], PostStates.Draft, ct, comment: request.Comment.Trim()))
                return Conflict($"Chỉ trả được bài đang chờ duyệt; bài đang ở trạng thái «{post.State}».");
            await audit.WriteAsync(staff.Name, "post.reject", $"post:{id}", string.Join(',', wards), request.Comment.Trim(), ct);
            return null;
        });

    internal static Task<Results<Ok<PostView>, ProblemHttpResult>> Cancel(long id, CurrentStaff staff, PostStore posts,
        DeliveryStore deliveries, AuditLog audit, IDbConnectionFactory db, CancellationToken ct) =>
        ChangeAsync(id, staff, posts, deliveries, db, ct, async (post, wards) =>
        {
            string[] cancellable = [PostStates.Draft, PostStates.AwaitingApproval, PostStates.Scheduled, PostStates.Publishing, PostStates.Failed, PostStates.NeedsCheck];
            if (!await posts.TransitionAsync(id, cancellable, PostStates.Cancelled, ct))
                return Conflict($"Bài ở trạng thái «{post.State}» không hủy được.");
            var n = await deliveries.CancelScheduledAsync(id, ct);
            await audit.WriteAsync(staff.Name, "post.cancel", $"post:{id}", string.Join(',', wards), $"{n} lượt đăng chưa chạy đã hủy", ct);
            return null;
        });

    static async Task<Ok<IReadOnlyList<SandboxPost>>> Sandbox(string? channel, CurrentStaff staff, DeliveryStore deliveries, CancellationToken ct)
    {
        var all = await deliveries.SandboxAsync(channel, 500, ct);
        return TypedResults.Ok<IReadOnlyList<SandboxPost>>(all
            .Where(s => staff.IsDistrictAdmin || s.ChannelId.StartsWith(staff.WardId + "-", StringComparison.Ordinal))
            .Select(s => s with { CreatedAt = VietnamTime.ToLocal(s.CreatedAt) }).ToList());
    }

    internal static Task<Results<Ok<PostView>, ProblemHttpResult>> SubmitAsync(long id, CurrentStaff staff, IServiceProvider sp, CancellationToken ct) =>
        Submit(id, staff, sp.GetRequiredService<PostStore>(), sp.GetRequiredService<DeliveryStore>(), sp.GetRequiredService<AuditLog>(),
            sp.GetRequiredService<IDbConnectionFactory>(), ct);

    internal static Task<Results<Ok<PostView>, ProblemHttpResult>> ApproveAsync(long id, CurrentStaff staff, IServiceProvider sp, CancellationToken ct) =>
        Approve(id, staff, sp.GetRequiredService<PostStore>(), sp.GetRequiredService<DeliveryStore>(), sp.GetRequiredService<PostScheduler>(),
            sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<IDbConnectionFactory>(), sp.GetRequiredService<TimeProvider>(), ct);

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> ChangeAsync(long id, CurrentStaff staff,
        PostStore posts, DeliveryStore deliveries, IDbConnectionFactory db, CancellationToken ct,
        Func<PostRow, IReadOnlyList<string>, Task<ProblemHttpResult?>> change)
    {
        var (post, wards) = await VisibleAsync(id, staff, posts, ct);
        if (post is null) return NotFoundPost(id);
        if (!wards.All(staff.MayWorkOn)) return Forbidden("Bài này có phường khác; chỉ quản trị quận thay đổi được.");
        if (await change(post, wards) is { } problem) return problem;
        return TypedResults.Ok(await ViewAsync(id, staff, posts, deliveries, db, ct));
    }

    internal static async Task<(PostRow? Post, IReadOnlyList<string> Wards)> VisibleAsync(long id, CurrentStaff staff, PostStore posts, CancellationToken ct)
    {
        if (await posts.FindAsync(id, ct) is not { } post) return (null, []);
        var wards = await posts.WardsAsync(id, ct);
        return staff.IsDistrictAdmin || wards.Any(staff.MayWorkOn) ? (post, wards) : (null, []);
    }

    internal static async Task<PostView> ViewAsync(long id, CurrentStaff staff, PostStore posts, DeliveryStore deliveries, IDbConnectionFactory db, CancellationToken ct)
    {
        var p = (await posts.FindAsync(id, ct))!;
        var wards = await posts.WardsAsync(id, ct);
        var ds = (await deliveries.ForPostAsync(id, ct)).Where(d => staff.MayWorkOn(d.WardId))
            .Select(d => new DeliveryView(d.Id, d.ChannelId, d.WardId, d.Platform, Local(d.DueAt), d.State, d.Attempts, d.LastError,
                d.PlatformPostId, d.Sandbox, d.PublishedAt is { } at ? Local(at) : null)).ToList();
        return new PostView(p.Id, p.State, p.Text, p.Link, p.ImageUrl, wards, p.AllWards, p.Platforms.Split(','),
            p.PublishAt is { } a ? Local(a) : null, p.Cron, p.RecurUntil is { } u ? Local(u) : null,
            p.NextOccurrence is { } n ? Local(n) : null, p.Campaign, p.AuthorId, p.ApprovedBy, p.ReviewComment, ds,
            await NotifySubscribersJob.CountsAsync(db, id, ct), p.EditedBy);
    }

    static DateTimeOffset Local(DateTimeOffset utc) => VietnamTime.ToLocal(utc);

    static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(title: "Không có quyền", detail: detail, statusCode: 403);
    static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(title: "Không đổi được trạng thái", detail: detail, statusCode: 409);
    static ProblemHttpResult NotFoundPost(long id) =>
        TypedResults.Problem(title: "Không tìm thấy bài", detail: $"Không có bài số {id}, hoặc bài không thuộc phường của bạn.", statusCode: 404);
}
