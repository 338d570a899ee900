using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// /api/posts and /api/campaigns (contract.md): each route hands its request to <see cref="PostWorkflow"/> (or
/// <see cref="CampaignWorkflow"/>), where the rules live, and answers what it came to; refusals are ProblemDetails.
/// </summary>
internal static class PostsEndpoints
{
    public static RouteGroupBuilder MapPostsApi(this IEndpointRouteBuilder routes)
    {
        var posts = routes.MapGroup("/api/posts").WithTags("Posts").RequireAuthorization(Policies.Staff);
        posts.MapPost("/", Create);
        posts.MapGet("/", List);
        posts.MapGet("/{id:long}", Get);
        posts.MapPut("/{id:long}", Update);
        posts.MapPost("/{id:long}/submit", Submit);
        posts.MapPost("/{id:long}/approve", Approve);
        posts.MapPost("/{id:long}/reject", Reject);
        posts.MapDelete("/{id:long}", Cancel);
        posts.MapPost("/{id:long}/restore", Restore);
        posts.MapPost("/{id:long}/withdraw", Withdraw);
        routes.MapGet("/api/sandbox", Sandbox).WithTags("Posts").RequireAuthorization(Policies.Staff);

        var campaigns = routes.MapGroup("/api/campaigns").WithTags("Posts").RequireAuthorization(Policies.Staff);
        campaigns.MapPost("/17-ngay-chuyen-doi-so", CreateCampaign);
        campaigns.MapPost("/{campaign}/submit", SubmitCampaign);
        campaigns.MapPost("/{campaign}/approve", ApproveCampaign);
        return posts;
    }

    static async Task<Results<Created<PostView>, ValidationProblem, ProblemHttpResult>> Create(CreatePostRequest request, CurrentStaff staff,
        PostWorkflow workflow, CancellationToken ct) =>
        await workflow.CreateAsync(request, staff, ct) switch
        {
            { Problem: { Kind: PostProblemKind.Invalid } p } => Invalid(p),
            { Problem: { } p } => Problem(p),
            { Value: var post } => TypedResults.Created($"/api/posts/{post!.Id}", post),
        };

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> Get(long id, CurrentStaff staff, PostWorkflow workflow, CancellationToken ct) =>
        Answer(await workflow.GetAsync(id, staff, ct));

    static async Task<Results<Ok<IReadOnlyList<PostView>>, ValidationProblem, ProblemHttpResult>> List(string? ward, string? from, string? to,
        CurrentStaff staff, PostWorkflow workflow, CancellationToken ct) =>
        await workflow.ListAsync(ward, from, to, staff, ct) switch
        {
            { Problem: { Kind: PostProblemKind.Invalid } p } => Invalid(p),
            { Problem: { } p } => Problem(p),
            { Value: var list } => TypedResults.Ok(list!),
        };

    static async Task<Results<Ok<PostView>, ValidationProblem, ProblemHttpResult>> Update(long id, CreatePostRequest request, CurrentStaff staff,
        PostWorkflow workflow, CancellationToken ct) =>
        await workflow.UpdateAsync(id, request, staff, ct) switch
        {
            { Problem: { Kind: PostProblemKind.Invalid } p } => Invalid(p),
            { Problem: { } p } => Problem(p),
            { Value: var post } => TypedResults.Ok(post!),
        };

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> Submit(long id, CurrentStaff staff, PostWorkflow workflow, CancellationToken ct) =>
        Answer(await workflow.SubmitAsync(id, staff, ct));

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> Approve(long id, CurrentStaff staff, PostWorkflow workflow, CancellationToken ct) =>
        Answer(await workflow.ApproveAsync(id, staff, ct));

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> Reject(long id, ReviewRequest request, CurrentStaff staff, PostWorkflow workflow,
        CancellationToken ct) =>
        Answer(await workflow.RejectAsync(id, request, staff, ct));

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> Cancel(long id, CurrentStaff staff, PostWorkflow workflow, CancellationToken ct) =>
        Answer(await workflow.CancelAsync(id, staff, ct));

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> Restore(long id, CurrentStaff staff, PostWorkflow workflow, CancellationToken ct) =>
        Answer(await workflow.RestoreAsync(id, staff, ct));

    static async Task<Results<Ok<PostView>, ProblemHttpResult>> Withdraw(long id, CurrentStaff staff, PostWorkflow workflow, CancellationToken ct) =>
        Answer(await workflow.WithdrawApprovalAsync(id, staff, ct));

    static async Task<Ok<IReadOnlyList<SandboxPost>>> Sandbox(string? channel, CurrentStaff staff, DeliveryStore deliveries, CancellationToken ct)
    {
        var all = await deliveries.SandboxAsync(channel, 500, ct);
        return TypedResults.Ok<IReadOnlyList<SandboxPost>>(all
            .Where(s => staff.IsDistrictAdmin || s.ChannelId.StartsWith(staff.WardId + "-", StringComparison.Ordinal))
            .Select(s => s with { CreatedAt = VietnamTime.ToLocal(s.CreatedAt) }).ToList());
    }

    static async Task<Results<Created<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateCampaign(CampaignRequest request,
        CurrentStaff staff, CampaignWorkflow campaigns, CancellationToken ct) =>
        await campaigns.CreateAsync(request, staff, ct) switch
        {
            { Problem: { Kind: PostProblemKind.Invalid } p } => Invalid(p),
            { Problem: { } p } => Problem(p),
            { Value: var view } => TypedResults.Created($"/api/posts?campaign={view!.Campaign}", view),
        };

    static async Task<Results<Ok<CampaignAction>, ProblemHttpResult>> SubmitCampaign(string campaign, CurrentStaff staff,
        CampaignWorkflow campaigns, CancellationToken ct) =>
        Answer(await campaigns.SubmitAsync(campaign, staff, ct));

    static async Task<Results<Ok<CampaignAction>, ProblemHttpResult>> ApproveCampaign(string campaign, CurrentStaff staff,
        CampaignWorkflow campaigns, CancellationToken ct) =>
        Answer(await campaigns.ApproveAsync(campaign, staff, ct));

    static Results<Ok<T>, ProblemHttpResult> Answer<T>(PostResult<T> result) =>
        result.Problem is { } p ? Problem(p) : TypedResults.Ok(result.Value!);

    static ProblemHttpResult Problem(PostProblem p) => TypedResults.Problem(title: p.Title, detail: p.Detail, statusCode: p.Status);

    static ValidationProblem Invalid(PostProblem p) => TypedResults.ValidationProblem(p.Errors!, title: p.Title);
}
