using Chatbot.Web.Broadcasting;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// One 17-day series, every post in full and in order, so the approver reads what they approve; «Duyệt cả chuỗi» asks
/// for confirmation and goes through <see cref="CampaignWorkflow.ApproveAsync"/> (all or none). A series of another
/// ward is 404, like its posts.
/// </summary>
internal sealed class CampaignSeriesModel(PostStore posts, PostWorkflow workflow, CampaignWorkflow campaigns) : ConsolePage
{
    public string Campaign { get; private set; } = "";
    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public bool MayApprove => Posts.Count > 0 && Posts.All(p => PostWorkflow.CanApprove(Staff, p));

    /// <summary>The undo of «Duyệt cả chuỗi»: an approver may take back the approval of every post not yet published.</summary>
    public int Withdrawable => Staff.IsApprover ? Posts.Count(p => p.State == PostStates.Scheduled) : 0;

    public async Task<IActionResult> OnGetAsync(string campaign, CancellationToken ct)
    {
        Campaign = campaign;
        var list = new List<PostView>();
        foreach (var id in await posts.CampaignAsync(campaign, ct))
            if ((await workflow.GetAsync(id, Staff, ct)).Value is { } post) list.Add(post);
        if (list.Count == 0) return NotFound();
        Posts = list;
        return Page();
    }

    /// <summary>Each scheduled post of the series goes back to waiting for approval, one by one through the post rule
    /// (<see cref="PostWorkflow.WithdrawApprovalAsync"/>: audited, refused once a post has started publishing); posts
    /// already out stay as they are, and the answer says how many of each.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(string campaign, CancellationToken ct)
    {
        var back = $"/admin/campaign/{Uri.EscapeDataString(campaign)}";
        var ids = await posts.CampaignAsync(campaign, ct);
        int withdrawn = 0, kept = 0;
        foreach (var id in ids)
        {
            if ((await workflow.GetAsync(id, Staff, ct)).Value is not { } post) return NotFound(); // another ward's series
            if (post.State != PostStates.Scheduled) continue;
            var result = await workflow.WithdrawApprovalAsync(id, Staff, ct);
            if (result.Problem?.Kind == PostProblemKind.Forbidden) return Answer(result.Problem, back, "");
            if (result.Problem is null) withdrawn++; else kept++;
        }
        if (ids.Count == 0) return NotFound();
        TempData["Message"] = withdrawn == 0
            ? "Không còn bài nào của chuỗi đang chờ đăng để rút lại việc duyệt."
            : $"Đã rút lại việc duyệt {withdrawn} bài; các bài này về «Chờ duyệt» và sẽ không tự đăng."
              + (kept > 0 ? $" {kept} bài đã bắt đầu đăng hoặc đã đến giờ đăng nên giữ nguyên." : "");
        return Redirect(back);
    }

    public async Task<IActionResult> OnPostApproveAsync(string campaign, CancellationToken ct) =>
        Answer((await campaigns.ApproveAsync(campaign, Staff, ct)).Problem, $"/admin/campaign/{Uri.EscapeDataString(campaign)}",
            "Đã duyệt cả chuỗi; mỗi bài sẽ tự đăng đúng ngày, đúng giờ.");
}
