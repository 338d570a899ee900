using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// The console's way to the posts API's handlers: the very methods behind /api/posts and /api/campaigns, called with
/// their services, so a page form and an API call meet the same validation, ward checks, approval rules and audit.
/// </summary>
internal sealed class PostCalls(IServiceProvider sp)
{
    T Get<T>() where T : notnull => sp.GetRequiredService<T>();

    public async Task<IResult> CreateAsync(CreatePostRequest request, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.Create(request, staff, Get<PostRules>(), Get<PostStore>(), Get<DeliveryStore>(), Get<AuditLog>(),
            Get<IDbConnectionFactory>(), ct)).Result;

    public async Task<IResult> UpdateAsync(long id, CreatePostRequest request, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.Update(id, request, staff, Get<PostRules>(), Get<PostStore>(), Get<DeliveryStore>(), Get<AuditLog>(),
            Get<IDbConnectionFactory>(), ct)).Result;

    public async Task<IResult> GetAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.Get(id, staff, Get<PostStore>(), Get<DeliveryStore>(), Get<IDbConnectionFactory>(), ct)).Result;

    public async Task<IResult> ListAsync(string? ward, string? from, string? to, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.List(ward, from, to, staff, Get<PostStore>(), Get<DeliveryStore>(), Get<IDbConnectionFactory>(), ct)).Result;

    public async Task<IResult> SubmitAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.SubmitAsync(id, staff, sp, ct)).Result;

    public async Task<IResult> ApproveAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.ApproveAsync(id, staff, sp, ct)).Result;

    public async Task<IResult> RejectAsync(long id, string? comment, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.Reject(id, new ReviewRequest(comment), staff, Get<PostStore>(), Get<DeliveryStore>(), Get<AuditLog>(),
            Get<IDbConnectionFactory>(), ct)).Result;

    public async Task<IResult> CancelAsync(long id, CurrentStaff staff, CancellationToken ct) =>
        (await PostsEndpoints.Cancel(id, staff, Get<PostStore>(), Get<DeliveryStore>(), Get<AuditLog>(), Get<IDbConnectionFactory>(), ct)).Result;

    public async Task<IResult> CreateCampaignAsync(CampaignRequest request, CurrentStaff staff, CancellationToken ct) =>
        (await CampaignEndpoints.Create(request, staff, Get<CampaignContent>(), Get<PostRules>(), Get<PostStore>(), Get<DeliveryStore>(),
            Get<AuditLog>(), Get<IDbConnectionFactory>(), Get<TimeProvider>(), ct)).Result;

    /// <summary>"submit" or "approve" every post of a campaign, as POST /api/campaigns/{id}/submit|approve.</summary>
    public Task<IResult> CampaignAsync(string campaign, string action, CurrentStaff staff, CancellationToken ct) =>
        CampaignEndpoints.ForAllAsync(campaign, action, staff, sp, ct);
}
