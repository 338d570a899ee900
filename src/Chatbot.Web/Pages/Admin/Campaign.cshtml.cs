using Chatbot.Web.Broadcasting;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// "17 ngày chuyển đổi số": an editor creates the 17 posts for their ward and sends them for approval in one step; the
/// ward's approver (not the author) approves the whole series in one step. Both go through /api/campaigns' handlers.
/// </summary>
internal sealed class CampaignModel(PostCalls calls, UnitDirectory units, IDbConnectionFactory db, TimeProvider clock) : ConsolePage
{
    public sealed record Series
    {
        public string Campaign { get; init; } = "";
        public string State { get; init; } = "";
        public long Posts { get; init; }
        public long AuthorId { get; init; }
        public DateTimeOffset? FirstAt { get; init; }
        public string Wards { get; init; } = "";
    }

    [BindProperty] public List<string> Wards { get; set; } = [];
    [BindProperty] public List<string> Platforms { get; set; } = ["facebook", "zalo"];
    [BindProperty] public string? StartDate { get; set; }
    [BindProperty] public string Time { get; set; } = "08:00";

    public IReadOnlyList<Unit> AllowedWards { get; private set; } = [];
    public IReadOnlyList<Series> Campaigns { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        StartDate ??= VietnamTime.Today(clock).AddDays(1).ToString("yyyy-MM-dd");
        if (Staff.WardId is { } own && Wards.Count == 0) Wards = [own];
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        switch (await calls.CreateCampaignAsync(new CampaignRequest([.. Wards], [.. Platforms], StartDate, Time), Staff, ct))
        {
            case Created<CampaignView> created:
                var submitted = await calls.CampaignAsync(created.Value!.Campaign, "submit", Staff, ct);
                return Answer(submitted, "/admin/campaign", $"Đã tạo {created.Value.Posts.Count} bài và gửi duyệt cả chuỗi.");
            case ValidationProblem v:
                Errors = v.ProblemDetails.Errors.Values.SelectMany(e => e).ToList();
                await LoadAsync(ct);
                return Page();
            case var other:
                return Answer(other, "/admin/campaign", "");
        }
    }

    public async Task<IActionResult> OnPostApproveAsync(string campaign, CancellationToken ct) =>
        Answer(await calls.CampaignAsync(campaign, "approve", Staff, ct), "/admin/campaign", "Đã duyệt cả chuỗi 17 bài.");

    async Task LoadAsync(CancellationToken ct)
    {
        AllowedWards = WardsFor(Staff, units, clock);
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<Series>(new CommandDefinition("""
            SELECT p.campaign AS Campaign, p.state AS State, COUNT(DISTINCT p.id) AS Posts, MIN(p.author_id) AS AuthorId, MIN(p.publish_at) AS FirstAt,
                   MIN(w.ward_id) AS Wards
            FROM posts p JOIN post_wards w ON w.post_id = p.id
            WHERE p.campaign LIKE @prefix
            GROUP BY p.campaign, p.state ORDER BY p.campaign DESC
            """, new { prefix = CampaignEndpoints.Prefix + "%" }, cancellationToken: ct));
        Campaigns = rows.Where(r => Staff.MayWorkOn(r.Wards)).ToList();
    }
}
