using Chatbot.Web.Broadcasting;

namespace Chatbot.Web.Pages.Admin;

internal sealed class IndexModel(PostWorkflow workflow, TimeProvider clock) : ConsolePage
{
    public IReadOnlyList<PostView> Awaiting { get; private set; } = [];
    public IReadOnlyList<PostView> Upcoming { get; private set; } = [];
    public IReadOnlyList<PostView> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var from = VietnamTime.ToLocal(clock.GetUtcNow().AddDays(-30)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        var posts = (await workflow.ListAsync(null, from, null, Staff, ct)).Value ?? [];
        Awaiting = posts.Where(p => p.State == PostStates.AwaitingApproval).ToList();
        Upcoming = posts.Where(p => p.State == PostStates.Scheduled).Take(10).ToList();
        Problems = posts.Where(p => p.State is PostStates.Failed or PostStates.NeedsCheck).ToList();
    }
}
