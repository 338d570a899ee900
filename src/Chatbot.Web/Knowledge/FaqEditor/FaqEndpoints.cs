using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chatbot.Web.Knowledge;

/// <summary>An FAQ entry as /api/faq shows it; <see cref="Version"/> is what a PUT must send back.</summary>
public sealed record FaqView(string Id, int Version, string Question, string Answer, IReadOnlyList<int> Related,
    IReadOnlyList<string> Keywords, IReadOnlyList<string> Questions, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    public static FaqView Of(FaqRow row)
    {
        var e = row.ToEntry();
        return new(e.Id, row.Version, e.Question, e.Answer, e.Related, e.Keywords, e.Questions, row.UpdatedBy, VietnamTime.ToLocal(row.UpdatedAt));
    }
}

public sealed record FaqVersionView(int Version, string Action, string ChangedBy, DateTimeOffset ChangedAt, string? Note);

public sealed record FaqDetail(FaqView Entry, IReadOnlyList<FaqVersionView> Versions);

/// <summary>POST (id optional: made from the question) and PUT (version required: the version being edited).</summary>
public sealed record FaqRequest(string? Id, int? Version, string? Question, string? Answer, List<int>? Related, List<string>? Keywords,
    List<string>? Questions)
{
    public FaqInput Input => new(Question, Answer, Related, Keywords, Questions);
}

/// <summary>
/// /api/faq (issue 16): the FAQ editor over HTTP for a DistrictAdmin with a personal Bearer token. Same rules as the
/// console (<see cref="FaqEditor"/>); refusals are ProblemDetails: 400 with field errors, 404, 409 when the entry
/// changed since the version the request names (nothing is overwritten).
/// </summary>
internal static class FaqEndpoints
{
    public static RouteGroupBuilder MapFaqApi(this IEndpointRouteBuilder routes)
    {
        var faq = routes.MapGroup("/api/faq").WithTags("FAQ").RequireAuthorization(Policies.DistrictAdmin);
        faq.MapGet("/", List);
        faq.MapPost("/", Create);
        faq.MapGet("/{id}", Get);
        faq.MapPut("/{id}", Update);
        faq.MapDelete("/{id}", Delete);
        return faq;
    }

    static async Task<Ok<IReadOnlyList<FaqView>>> List(FaqStore store, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<FaqView>>((await store.ListAsync(withDeleted: false, ct)).Select(FaqView.Of).ToList());

    static async Task<Results<Ok<FaqDetail>, ProblemHttpResult>> Get(string id, FaqStore store, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { Deleted: false } row) return NotFound();
        var versions = await store.VersionsAsync(id, ct);
        return TypedResults.Ok(new FaqDetail(FaqView.Of(row),
            versions.Select(v => new FaqVersionView(v.Version, v.Action, v.ChangedBy, VietnamTime.ToLocal(v.ChangedAt), v.Note)).ToList()));
    }

    static async Task<Results<Created<FaqView>, ValidationProblem, ProblemHttpResult>> Create(FaqRequest request, CurrentStaff staff,
        FaqEditor editor, CancellationToken ct)
    {
        var result = await editor.CreateAsync(request.Input, request.Id, staff.Name, ct);
        return result switch
        {
            { Outcome: FaqOutcome.Invalid } => Invalid(result),
            { Outcome: FaqOutcome.Exists } => TypedResults.Problem(title: "Mã mục đã có", detail: result.Errors!["id"][0], statusCode: 409),
            _ => TypedResults.Created($"/api/faq/{result.Row!.Id}", FaqView.Of(result.Row)),
        };
    }

    static async Task<Results<Ok<FaqView>, ValidationProblem, ProblemHttpResult>> Update(string id, FaqRequest request, CurrentStaff staff,
        FaqEditor editor, CancellationToken ct)
    {
        if (request.Version is not { } version)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["version"] = ["version là số bản bạn đang sửa (lấy từ GET /api/faq/{id}); bắt buộc (version is required)."],
            }, title: "Mục hỏi đáp chưa hợp lệ");
        if (request.Id is { Length: > 0 } other && other != id)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = [$"Không đổi được «Mã mục» (đang sửa «{id}», yêu cầu ghi «{other}»)."],
            }, title: "Mục hỏi đáp chưa hợp lệ");
        var result = await editor.EditAsync(id, version, request.Input, staff.Name, ct);
        return result.Outcome == FaqOutcome.Invalid ? Invalid(result) : Answer(result);
    }

    /// <summary>Deletes (restorable in the console). <paramref name="version"/>, when given, must still be the current one.</summary>
    static async Task<Results<Ok<FaqView>, ValidationProblem, ProblemHttpResult>> Delete(string id, int? version, CurrentStaff staff, FaqStore store,
        FaqEditor editor, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { Deleted: false } row) return NotFound();
        return Answer(await editor.DeleteAsync(id, version ?? row.Version, staff.Name, ct));
    }

    static Results<Ok<FaqView>, ValidationProblem, ProblemHttpResult> Answer(FaqResult result) => result.Outcome switch
    {
        FaqOutcome.NotFound => NotFound(),
        FaqOutcome.Stale => TypedResults.Problem(title: "Mục hỏi đáp đã đổi", detail: result.Message, statusCode: 409,
            extensions: new Dictionary<string, object?> { ["currentVersion"] = result.Row!.Version, ["updatedBy"] = result.Row.UpdatedBy }),
        _ => TypedResults.Ok(FaqView.Of(result.Row!)),
    };

    static ProblemHttpResult NotFound() =>
        TypedResults.Problem(title: "Không tìm thấy", detail: "Không có mục hỏi đáp này (hoặc mục đã bị xóa).", statusCode: 404);

    static ValidationProblem Invalid(FaqResult result) => TypedResults.ValidationProblem(result.Errors!, title: "Mục hỏi đáp chưa hợp lệ");
}
