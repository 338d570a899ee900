using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Broadcasting;

public sealed record DeliveryView(long Id, string ChannelId, string WardId, string Platform, DateTimeOffset DueAt, string State,
    int Attempts, string? LastError, string? PlatformPostId, bool Sandbox, DateTimeOffset? PublishedAt);

public sealed record PostView(long Id, string State, string Text, string? Link, string? ImageUrl, IReadOnlyList<string> Wards,
    bool AllWards, IReadOnlyList<string> Platforms, DateTimeOffset? At, string? Cron, DateTimeOffset? Until,
    DateTimeOffset? NextOccurrence, string? Campaign, long AuthorId, long? ApprovedBy, string? ReviewComment,
    IReadOnlyList<DeliveryView> Deliveries, IReadOnlyList<NotificationCount> Notifications, long? EditedBy = null);

/// <summary>
/// Which posts a staff member sees, and a post as they see it. A ward editor or approver sees a post when it targets their
/// ward (otherwise it is as if absent) and the deliveries to their ward's channels; a district admin sees everything.
/// Times in views are Asia/Ho_Chi_Minh with their offset (+07:00); stored UTC.
/// </summary>
public sealed class PostViews(PostStore posts, DeliveryStore deliveries, IDbConnectionFactory db)
{
    public async Task<(PostRow? Post, IReadOnlyList<string> Wards)> VisibleAsync(long id, CurrentStaff staff, CancellationToken ct)
    {
        if (await posts.FindAsync(id, ct) is not { } post) return (null, []);
        var wards = await posts.WardsAsync(id, ct);
        return staff.IsDistrictAdmin || wards.Any(staff.MayWorkOn) ? (post, wards) : (null, []);
    }

    public async Task<PostView> ViewAsync(long id, CurrentStaff staff, CancellationToken ct)
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
}
