using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chatbot.Web.Desk;

public sealed record InboxReplyRequest(string? Text);

/// <summary>
/// /api/inbox (Bearer tokens, ProblemDetails): the ward inbox for tools. Scope as in the console: another ward's thread
/// (or ward) is 404; replies and closing go through <see cref="DeskWorkflow"/>, so they are stored, sent once and
/// audited alike.
/// </summary>
internal static class DeskEndpoints
{
    public static IEndpointRouteBuilder MapDeskApi(this IEndpointRouteBuilder routes)
    {
        var inbox = routes.MapGroup("/api/inbox").WithTags("Inbox").RequireAuthorization(Policies.Staff);
        inbox.MapGet("/", List);
        inbox.MapGet("/{threadId:long}", Get);
        inbox.MapPost("/{threadId:long}/reply", Reply);
        inbox.MapPost("/{threadId:long}/close", Close);
        return routes;
    }

    static async Task<Results<Ok<IReadOnlyList<InboxThreadView>>, ValidationProblem, ProblemHttpResult>> List(string? ward, string? state,
        CurrentStaff staff, DeskThreads threads, DeskViews views, Wards.UnitDirectory units, CancellationToken ct)
    {
        if (state is not null && !ThreadStates.IsKnown(state))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["state phải là waiting, open hoặc closed."] },
                title: "Yêu cầu không hợp lệ");
        if (ward is { Length: > 0 } && (!staff.MayWorkOn(ward) || units.Find(ward) is null))
            return TypedResults.Problem(title: "Không tìm thấy phường", detail: $"Không có phường «{ward}» trong phạm vi của bạn.", statusCode: 404);
        var list = new List<InboxThreadView>();
        foreach (var t in await threads.ListAsync(WardScope.Of(staff), ward is { Length: > 0 } ? ward : null, state ?? ThreadStates.Waiting, 200, ct))
            list.Add(await views.ThreadAsync(t, false, ct));
        return TypedResults.Ok<IReadOnlyList<InboxThreadView>>(list);
    }

    static async Task<Results<Ok<InboxThreadView>, ProblemHttpResult>> Get(long threadId, CurrentStaff staff, DeskWorkflow workflow,
        DeskViews views, CancellationToken ct) =>
        await workflow.FindAsync(threadId, staff, ct) is { } t ? TypedResults.Ok(await views.ThreadAsync(t, true, ct)) : NotFound(threadId);

    static async Task<Results<Ok<InboxMessageView>, ValidationProblem, ProblemHttpResult>> Reply(long threadId, InboxReplyRequest request,
        CurrentStaff staff, DeskWorkflow workflow, CancellationToken ct) =>
        await workflow.ReplyAsync(threadId, staff, request.Text, ct) switch
        {
            { Problem: { Kind: DeskProblemKind.Invalid } p } =>
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [p.Detail] }, title: p.Title),
            { Problem: { } p } => Problem(p),
            { Message: var m } => TypedResults.Ok(DeskViews.Message(m!)),
        };

    static async Task<Results<Ok<InboxThreadView>, ProblemHttpResult>> Close(long threadId, CurrentStaff staff, DeskWorkflow workflow,
        DeskViews views, CancellationToken ct)
    {
        if (await workflow.CloseAsync(threadId, staff, ct) is { } p) return Problem(p);
        return await workflow.FindAsync(threadId, staff, ct) is { } t ? TypedResults.Ok(await views.ThreadAsync(t, true, ct)) : NotFound(threadId);
    }

    static ProblemHttpResult Problem(DeskProblem p) => TypedResults.Problem(title: p.Title, detail: p.Detail, statusCode: p.Kind switch
    {
        DeskProblemKind.NotFound => StatusCodes.Status404NotFound,
        DeskProblemKind.Invalid => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    });

    static ProblemHttpResult NotFound(long id) => TypedResults.Problem(title: "Không tìm thấy cuộc trò chuyện",
        detail: $"Không có cuộc trò chuyện #{id} trong phạm vi của bạn.", statusCode: StatusCodes.Status404NotFound);
}
