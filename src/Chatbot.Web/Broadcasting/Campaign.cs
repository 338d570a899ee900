using Chatbot.Web.Content;
using Chatbot.Web.Staff;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Chatbot.Web.Broadcasting;

public sealed record CampaignRequest(string[]? Wards, string[]? Platforms, string? StartDate, string? Time);
public sealed record CampaignView(string Campaign, IReadOnlyList<PostView> Posts);
/// <summary>What submitting or approving a whole series did.</summary>
public sealed record CampaignAction(string Campaign, int Posts, string Action);
public sealed record Difference(int Number, string Title, string Summary, string Dx);

/// <summary>
/// The 17 differences for the campaign, read from dialogs/knowledge/differences.yaml (fields number, title, summary, dx).
/// A small reader of its own so broadcasting does not wait on the knowledge feature; once Knowledge.KnowledgeBase is
/// merged, take the differences from it (ContentCatalog) and delete this.
/// </summary>
public sealed class CampaignContent(IOptions<ContentOptions> content)
{
    sealed class File { public List<Item> Differences { get; set; } = []; }
    sealed class Item { public int Number { get; set; } public string Title { get; set; } = ""; public string Summary { get; set; } = ""; public string Dx { get; set; } = ""; }

    readonly Lazy<IReadOnlyList<Difference>> differences = new(() =>
    {
        var path = Path.Combine(Path.GetFullPath(content.Value.Directory, AppContext.BaseDirectory), "knowledge", "differences.yaml");
        var yaml = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build();
        var file = yaml.Deserialize<File>(System.IO.File.ReadAllText(path));
        return file.Differences.OrderBy(d => d.Number).Select(d => new Difference(d.Number, d.Title.Trim(), d.Summary.Trim(), d.Dx.Trim())).ToList();
    });

    public IReadOnlyList<Difference> Differences => differences.Value;

    public static string PostText(Difference d, int total) =>
        $"17 ngày chuyển đổi số — Ngày {d.Number}/{total}: {d.Title}\n\n{d.Summary}\n\n{d.Dx}\n\n" +
        "(Theo Công văn 838/UBND-VHTT ngày 24/3/2023 của UBND Quận 1. Nhắn cho trang để hỏi thêm hoặc làm trắc nghiệm.)";
}

/// <summary>
/// "17 ngày chuyển đổi số": one post per difference, a day apart at the chosen time, for the chosen wards — created as
/// drafts in one campaign, then submitted and approved together, each post by the same rules as one post
/// (<see cref="PostWorkflow"/>).
/// </summary>
public sealed class CampaignWorkflow(CampaignContent content, PostRules rules, PostStore posts, PostWorkflow workflow, PostViews views,
    AuditLog audit, TimeProvider clock)
{
    public const string Prefix = "17-ngay-cds";

    public async Task<PostResult<CampaignView>> CreateAsync(CampaignRequest request, CurrentStaff staff, CancellationToken ct)
    {
        var time = TimeOnly.TryParse(request.Time ?? "08:00", System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : (TimeOnly?)null;
        var start = PostRules.ParseDay(request.StartDate); // in range, so adding the 17 days cannot overflow
        if (time is null || start is null)
            return PostProblem.Invalid(new Dictionary<string, string[]> { ["startDate"] = [$"Cần ngày bắt đầu (startDate, ví dụ 2026-12-01, {PostRules.RangeText}) và giờ đăng (time, ví dụ 08:00)."] },
                "Chiến dịch chưa hợp lệ");
        var campaign = NewId(clock.GetUtcNow());
        var differences = content.Differences;
        var checkedPosts = new List<NewPost>();
        foreach (var d in differences)
        {
            var local = start.Value.AddDays(d.Number - 1).ToDateTime(time.Value);
            var at = new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz");
            var (result, errors, forbidden) = rules.Check(new CreatePostRequest(CampaignContent.PostText(d, differences.Count), null, null,
                request.Wards, request.Platforms, at, null, null), staff, campaign);
            if (forbidden) return PostProblem.Forbidden("Bạn chỉ được lập chiến dịch cho phường của mình.");
            if (result is null) return PostProblem.Invalid(errors, $"Bài ngày {d.Number} chưa hợp lệ");
            checkedPosts.Add(result.Post);
        }
        var created = new List<PostView>();
        foreach (var p in checkedPosts) created.Add(await views.ViewAsync(await posts.CreateAsync(p, ct), staff, ct));
        await audit.WriteAsync(staff.Name, "campaign.create", $"campaign:{campaign}", string.Join(',', request.Wards ?? []), $"{created.Count} bài nháp", ct);
        return PostResult<CampaignView>.Ok(new CampaignView(campaign, created));
    }

    /// <summary>The time keeps ids readable and in order; the random tail keeps two wards that create their campaign in
    /// the same second apart (with the time alone they shared one id, and each submit/approve took the other's posts).</summary>
    internal static string NewId(DateTimeOffset now) =>
        $"{Prefix}-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    public Task<PostResult<CampaignAction>> SubmitAsync(string campaign, CurrentStaff staff, CancellationToken ct) =>
        ForAllAsync(campaign, "submit", staff, workflow.SubmitAsync, ct);

    /// <summary>Every post of the series is checked first (<see cref="PostWorkflow.ApprovalProblem"/>: one the approver
    /// wrote or last edited refuses the whole series), so a refusal approves none of them.</summary>
    public async Task<PostResult<CampaignAction>> ApproveAsync(string campaign, CurrentStaff staff, CancellationToken ct)
    {
        foreach (var id in await posts.CampaignAsync(campaign, ct))
            if ((await views.VisibleAsync(id, staff, ct)).Post is { } post
                && PostWorkflow.ApprovalProblem(staff, post.AuthorId, post.EditedBy, post.State) is { } refused)
                return refused;
        return await ForAllAsync(campaign, "approve", staff, workflow.ApproveAsync, ct);
    }

    async Task<PostResult<CampaignAction>> ForAllAsync(string campaign, string action, CurrentStaff staff,
        Func<long, CurrentStaff, CancellationToken, Task<PostResult<PostView>>> change, CancellationToken ct)
    {
        var ids = await posts.CampaignAsync(campaign, ct);
        if (ids.Count == 0) return new PostProblem(PostProblemKind.NotFound, "Không tìm thấy chiến dịch", $"Không có chiến dịch «{campaign}».");
        foreach (var id in ids)
            if ((await change(id, staff, ct)).Problem is { } problem) return problem;
        return PostResult<CampaignAction>.Ok(new CampaignAction(campaign, ids.Count, action));
    }
}
