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

    public async Task<IActionResult> OnPostApproveAsync(string campaign, CancellationToken ct) =>
        Answer((await campaigns.ApproveAsync(campaign, Staff, ct)).Problem, $"/admin/campaign/{Uri.EscapeDataString(campaign)}",
            "Đã duyệt cả chuỗi; mỗi bài sẽ tự đăng đúng ngày, đúng giờ.");
}
