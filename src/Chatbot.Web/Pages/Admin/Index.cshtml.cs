using Chatbot.Web.Broadcasting;

namespace Chatbot.Web.Pages.Admin;

/// <summary>The week's work at a glance: what waits for approval, what was sent back to me with the approver's reason,
/// what is coming up (the first few, with the full count and a link to all of them), and what failed.</summary>
internal sealed class IndexModel(PostWorkflow workflow, DeliveryStore deliveries, TimeProvider clock) : ConsolePage
{
    public const int Shown = 10;

    public IReadOnlyList<PostView> Awaiting { get; private set; } = [];
    public IReadOnlyList<PostView> Returned { get; private set; } = [];
    public IReadOnlyList<PostView> Upcoming { get; private set; } = [];
    public int UpcomingCount { get; private set; }
    public IReadOnlyList<PostView> Problems { get; private set; } = [];
    /// <summary>Failed deliveries of the member's wards, retried on «Lượt đăng lỗi».</summary>
    public int FailedDeliveries { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var from = VietnamTime.ToLocal(clock.GetUtcNow().AddDays(-30)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var posts = (await workflow.ListAsync(null, from, null, Staff, ct)).Value ?? [];
        Awaiting = posts.Where(p => p.State == PostStates.AwaitingApproval).ToList();
        // Sent back by an approver (a draft carrying their reason) to whoever wrote or last edited it.
        Returned = posts.Where(p => p.State == PostStates.Draft && p.ReviewComment is not null
            && (p.AuthorId == Staff.Id || p.EditedBy == Staff.Id)).ToList();
        var upcoming = posts.Where(p => p.State == PostStates.Scheduled).OrderBy(p => p.At ?? p.NextOccurrence).ToList();
        UpcomingCount = upcoming.Count;
        Upcoming = upcoming.Take(Shown).ToList();
        Problems = posts.Where(p => p.State is PostStates.Failed or PostStates.NeedsCheck).ToList();
        FailedDeliveries = (await deliveries.InStateAsync(PostStates.Failed, 500, ct)).Count(d => Staff.MayWorkOn(d.WardId));
    }
}
