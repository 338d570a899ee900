using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// "17 ngày chuyển đổi số": an editor creates the 17 posts for their ward and sends them for approval in one step; the
/// ward's approver approves the whole series in one step — offered only when <see cref="PostWorkflow.CanApprove"/> holds
/// for every post of it (not one they wrote or last edited). Both go through <see cref="CampaignWorkflow"/>.
/// </summary>
internal sealed class CampaignModel(CampaignWorkflow campaigns, UnitDirectory units, Platforms platforms, IDbConnectionFactory db,
    TimeProvider clock) : ConsolePage
{
    sealed record PostLine
    {
        public string Campaign { get; init; } = "";
        public string State { get; init; } = "";
        public long AuthorId { get; init; }
        public long? EditedBy { get; init; }
        public DateTimeOffset? PublishAt { get; init; }
        public string Ward { get; init; } = "";
    }

    public sealed record Series(string Campaign, string State, int Posts, DateTimeOffset? FirstAt, string Wards, bool MayApprove);

    [BindProperty] public List<string> Wards { get; set; } = [];
    [BindProperty] public List<string> Platforms { get; set; } = platforms.Publishing.Select(p => p.Id.Value).ToList();
    [BindProperty] public string? StartDate { get; set; }
    [BindProperty] public string Time { get; set; } = "08:00";

    public IReadOnlyList<PlatformProfile> Publishing { get; } = platforms.Publishing.ToList();
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
        var created = await campaigns.CreateAsync(new CampaignRequest([.. Wards], [.. Platforms], StartDate, Time), Staff, ct);
        switch (created.Problem)
        {
            case null:
                var submitted = await campaigns.SubmitAsync(created.Value!.Campaign, Staff, ct);
                return Answer(submitted.Problem, "/admin/campaign", $"Đã tạo {created.Value.Posts.Count} bài và gửi duyệt cả chuỗi.");
            case { Kind: PostProblemKind.Invalid } invalid:
                Errors = invalid.Errors!.Values.SelectMany(e => e).ToList();
                await LoadAsync(ct);
                return Page();
            case var other:
                return Answer(other, "/admin/campaign", "");
        }
    }

    /// <summary>Kept for forms opened before the series page existed; the list now sends the approver to read the series
    /// (<see cref="CampaignSeriesModel"/>) first.</summary>
    public async Task<IActionResult> OnPostApproveAsync(string campaign, CancellationToken ct) =>
        Answer((await campaigns.ApproveAsync(campaign, Staff, ct)).Problem, "/admin/campaign", "Đã duyệt cả chuỗi 17 bài.");

    async Task LoadAsync(CancellationToken ct)
    {
        AllowedWards = WardsFor(Staff, units, clock);
        await using var conn = await db.OpenAsync(ct);
        var posts = await conn.QueryAsync<PostLine>(new CommandDefinition("""
            SELECT p.campaign AS Campaign, p.state AS State, p.author_id AS AuthorId, p.edited_by AS EditedBy, p.publish_at AS PublishAt,
                   (SELECT MIN(w.ward_id) FROM post_wards w WHERE w.post_id = p.id) AS Ward
            FROM posts p WHERE p.campaign LIKE @prefix
            """, new { prefix = CampaignWorkflow.Prefix + "%" }, cancellationToken: ct));
        Campaigns = posts.GroupBy(p => (p.Campaign, p.State))
            .Select(g => new Series(g.Key.Campaign, g.Key.State, g.Count(), g.Min(p => p.PublishAt), g.Min(p => p.Ward)!,
                g.All(p => PostWorkflow.CanApprove(Staff, p.AuthorId, p.EditedBy, p.State))))
            .Where(s => Staff.MayWorkOn(s.Wards))
            .OrderByDescending(s => s.Campaign, StringComparer.Ordinal).ToList();
    }
}
