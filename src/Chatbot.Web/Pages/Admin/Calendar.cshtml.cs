using Chatbot.Web.Broadcasting;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Week or month grid (Monday first, Asia/Ho_Chi_Minh) of posts that are waiting, scheduled or published: a one-off
/// post at its time, a recurring one at each occurrence (past ones from its deliveries, future ones from its cron).
/// Drafts are shown too (marked, at their planned time) so they can be moved: «Dời lịch» saves a one-off draft with a new
/// time through <see cref="PostWorkflow.UpdateAsync"/> (same checks as the compose page). Cancelled posts are left out.
/// Each day offers «Soạn bài» for that day.
/// </summary>
internal sealed class CalendarModel(PostWorkflow workflow, UnitDirectory units, TimeProvider clock) : ConsolePage
{
    public sealed record Entry(DateTime Local, PostView Post);

    [FromQuery] public string View { get; set; } = "week";
    [FromQuery] public string? Date { get; set; }
    [FromQuery] public string? Ward { get; set; }

    public DateOnly Start { get; private set; }
    public DateOnly End { get; private set; }
    public DateOnly Anchor { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Unit> AllowedWards { get; private set; } = [];
    public ILookup<DateOnly, Entry> Entries { get; private set; } = Array.Empty<Entry>().ToLookup(e => DateOnly.MinValue);

    public string? Error { get; private set; }

    public DateOnly Previous => View == "month" ? Anchor.AddMonths(-1) : Anchor.AddDays(-7);
    public DateOnly Next => View == "month" ? Anchor.AddMonths(1) : Anchor.AddDays(7);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = View == "month" ? "month" : "week";
        AllowedWards = WardsFor(Staff, units, clock);
        Today = VietnamTime.Today(clock);
        Anchor = PostRules.ParseDay(Date) is { } d && d > DateOnly.FromDateTime(PostRules.Earliest.UtcDateTime).AddDays(40)
            && d < DateOnly.FromDateTime(PostRules.Latest.UtcDateTime).AddDays(-40) ? d : Today; // room for the grid's weeks
        if (Date is { Length: > 0 } && Anchor == Today && PostRules.ParseDay(Date) != Today)
            Error = $"Ngày «{Date}» không hợp lệ hoặc ngoài khoảng {PostRules.RangeText}; đang hiện tuần này.";
        var first = View == "month" ? new DateOnly(Anchor.Year, Anchor.Month, 1) : Anchor;
        Start = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        var last = View == "month" ? new DateOnly(Anchor.Year, Anchor.Month, 1).AddMonths(1).AddDays(-1) : Start.AddDays(6);
        End = last.AddDays(6 - ((int)last.DayOfWeek + 6) % 7); // the Sunday closing the last week

        var from = Start.ToString("yyyy-MM-dd") + "T00:00:00";
        var to = End.AddDays(1).ToString("yyyy-MM-dd") + "T00:00:00";
        if (await workflow.ListAsync(Ward is { Length: > 0 } ? Ward : null, from, to, Staff, ct) is not { Succeeded: true } ok)
            return Ward is { Length: > 0 } ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
        var fromUtc = PostRules.ParseTime(from)!.Value;
        var toUtc = PostRules.ParseTime(to)!.Value;
        Entries = ok.Value!.Where(p => p.State is not PostStates.Cancelled)
            .SelectMany(p => Times(p, fromUtc, toUtc).Select(t => new Entry(VietnamTime.ToLocal(t).DateTime, p)))
            .OrderBy(e => e.Local).ToLookup(e => DateOnly.FromDateTime(e.Local));
        return Page();
    }

    /// <summary>A one-off draft of the member's wards can be moved from the calendar.</summary>
    public bool CanReschedule(PostView p) => p.State == PostStates.Draft && p.Cron is null && p.Wards.All(Staff.MayWorkOn);

    /// <summary>«Dời lịch»: the same draft, with the new time; refused times come back with the compose page's message.</summary>
    public async Task<IActionResult> OnPostRescheduleAsync(long id, string? at, string? back, CancellationToken ct)
    {
        var to = back is { Length: > 0 } && back.StartsWith("/admin/calendar", StringComparison.Ordinal) ? back : "/admin/calendar";
        if ((await workflow.GetAsync(id, Staff, ct)).Value is not { } post) return NotFound();
        if (!CanReschedule(post))
        {
            TempData["Message"] = "Chỉ dời lịch được bản nháp đăng một lần; bài khác thì mở bài để sửa.";
            return Redirect(to);
        }
        var request = new CreatePostRequest(post.Text, post.Link, post.ImageUrl, post.AllWards ? [PostRules.AllWards] : [.. post.Wards],
            [.. post.Platforms], at, null, null);
        var result = await workflow.UpdateAsync(id, request, Staff, ct);
        if (result.Problem is { Kind: PostProblemKind.Invalid, Errors: { } errors })
        {
            TempData["Message"] = "Chưa dời được bài #" + id + ": " + string.Join(" ", errors.Values.SelectMany(e => e));
            return Redirect(to);
        }
        var moved = result.Value?.At is { } newAt ? VietnamTime.Format(newAt) : at;
        return Answer(result.Problem, to, $"Đã dời bài #{id} sang {moved}.");
    }

    IEnumerable<DateTimeOffset> Times(PostView p, DateTimeOffset from, DateTimeOffset to)
    {
        var times = new HashSet<DateTimeOffset>(p.Deliveries.Select(d => d.DueAt.ToUniversalTime()));
        if (p.At is { } at) times.Add(at.ToUniversalTime());
        if (p.Cron is not null && PostScheduler.ParseCron(p.Cron) is { } cron)
        {
            var start = new[] { from, clock.GetUtcNow() }.Max(); // past occurrences are the deliveries above
            var end = p.Until is { } u && u < to ? u.ToUniversalTime() : to;
            if (start < end)
                foreach (var t in cron.GetOccurrences(start, end, VietnamTime.Zone, fromInclusive: true, toInclusive: true).Take(100))
                    times.Add(t.ToUniversalTime());
        }
        return times.Where(t => t >= from && t < to);
    }
}
