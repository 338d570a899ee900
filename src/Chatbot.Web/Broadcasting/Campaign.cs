using Chatbot.Web.Content;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Chatbot.Web.Broadcasting;

public sealed record CampaignRequest(string[]? Wards, string[]? Platforms, string? StartDate, string? Time);
public sealed record CampaignView(string Campaign, IReadOnlyList<PostView> Posts);
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
/// drafts in one campaign, then submitted and approved together (POST /api/campaigns/{id}/submit, /approve).
/// </summary>
internal static class CampaignEndpoints
{
    public const string Prefix = "17-ngay-cds";

    public static RouteGroupBuilder MapCampaignsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/campaigns").WithTags("Posts").RequireAuthorization(Policies.Staff);
        group.MapPost("/17-ngay-chuyen-doi-so", Create);
        group.MapPost("/{campaign}/submit", (string campaign, CurrentStaff staff, IServiceProvider sp, CancellationToken ct) =>
            ForAllAsync(campaign, "submit", staff, sp, ct));
        group.MapPost("/{campaign}/approve", (string campaign, CurrentStaff staff, IServiceProvider sp, CancellationToken ct) =>
            ForAllAsync(campaign, "approve", staff, sp, ct));
        return group;
    }

    internal static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> Create(CampaignRequest request, CurrentStaff staff,
        CampaignContent content, PostRules rules, PostStore posts, DeliveryStore deliveries, AuditLog audit, IDbConnectionFactory db,
        TimeProvider clock, CancellationToken ct)
    {
        var time = TimeOnly.TryParse(request.Time ?? "08:00", System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : (TimeOnly?)null;
        var start = PostRules.ParseDay(request.StartDate); // in range, so adding the 17 days cannot overflow
        if (time is null || start is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["startDate"] = [$"Cần ngày bắt đầu (startDate, ví dụ 2026-12-01, {PostRules.RangeText}) và giờ đăng (time, ví dụ 08:00)."] },
                title: "Chiến dịch chưa hợp lệ");
        var campaign = NewId(clock.GetUtcNow());
        var differences = content.Differences;
        var checkedPosts = new List<NewPost>();
        foreach (var d in differences)
        {
            var local = start.Value.AddDays(d.Number - 1).ToDateTime(time.Value);
            var at = new DateTimeOffset(local, VietnamTime.Zone.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz");
            var (result, errors, forbidden) = rules.Check(new CreatePostRequest(CampaignContent.PostText(d, differences.Count), null, null,
                request.Wards, request.Platforms, at, null, null), staff, campaign);
            if (forbidden) return TypedResults.Problem(title: "Không có quyền", detail: "Bạn chỉ được lập chiến dịch cho phường của mình.", statusCode: 403);
            if (result is null) return TypedResults.ValidationProblem(errors, title: $"Bài ngày {d.Number} chưa hợp lệ");
            checkedPosts.Add(result.Post);
        }
        var views = new List<PostView>();
        foreach (var p in checkedPosts) views.Add(await PostsEndpoints.ViewAsync(await posts.CreateAsync(p, ct), staff, posts, deliveries, db, ct));
        await audit.WriteAsync(staff.Name, "campaign.create", $"campaign:{campaign}", string.Join(',', request.Wards ?? []), $"{views.Count} bài nháp", ct);
        return TypedResults.Created($"/api/posts?campaign={campaign}", new CampaignView(campaign, views));
    }

    /// <summary>The time keeps ids readable and in order; the random tail keeps two wards that create their campaign in
    /// the same second apart (with the time alone they shared one id, and each submit/approve took the other's posts).</summary>
    internal static string NewId(DateTimeOffset now) =>
        $"{Prefix}-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Submits or approves every post of the campaign through the same rules as one post.</summary>
    internal static async Task<IResult> ForAllAsync(string campaign, string action, CurrentStaff staff, IServiceProvider sp, CancellationToken ct)
    {
        var posts = sp.GetRequiredService<PostStore>();
        var db = sp.GetRequiredService<IDbConnectionFactory>();
        var ids = await posts.CampaignAsync(campaign, ct);
        if (ids.Count == 0) return TypedResults.Problem(title: "Không tìm thấy chiến dịch", detail: $"Không có chiến dịch «{campaign}».", statusCode: 404);
        var results = new List<object>();
        foreach (var id in ids)
        {
            var result = action == "submit"
                ? (await PostsEndpoints.SubmitAsync(id, staff, sp, ct)).Result
                : (await PostsEndpoints.ApproveAsync(id, staff, sp, ct)).Result;
            if (result is not Ok<PostView>) return result;
        }
        return TypedResults.Ok(new { campaign, posts = ids.Count, action });
    }
}
