using Chatbot.Web.Broadcasting;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// «Lượt đăng lỗi»: the deliveries a ward officer must act on — failed ones (retry here, through the same
/// <see cref="PostWorkflow.RetryAsync"/> as the post page) and those being reconciled with the platform — so nothing
/// they need is only in the Hangfire dashboard. A ward's staff see their ward's channels only.
/// </summary>
internal sealed class DeliveriesModel(DeliveryStore deliveries, PostWorkflow workflow) : ConsolePage
{
    /// <summary>Enough for any ward's backlog; a district with more has a bigger problem than this page.</summary>
    const int Limit = 500;

    public IReadOnlyList<DeliveryRow> Failed { get; private set; } = [];
    public IReadOnlyList<DeliveryRow> Checking { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Failed = (await deliveries.InStateAsync(PostStates.Failed, Limit, ct)).Where(d => Staff.MayWorkOn(d.WardId)).ToList();
        Checking = (await deliveries.InStateAsync(PostStates.NeedsCheck, Limit, ct)).Where(d => Staff.MayWorkOn(d.WardId)).ToList();
    }

    public async Task<IActionResult> OnPostRetryAsync(long post, long delivery, CancellationToken ct) =>
        Answer((await workflow.RetryAsync(post, delivery, Staff, ct)).Problem, "/admin/deliveries", "Đã xếp lượt đăng vào hàng chờ để đăng lại.");
}
