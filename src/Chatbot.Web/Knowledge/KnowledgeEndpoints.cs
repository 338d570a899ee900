using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chatbot.Web.Knowledge;

internal static class KnowledgeEndpoints
{
    public static RouteGroupBuilder MapKnowledgeApi(this IEndpointRouteBuilder routes)
    {
        var knowledge = routes.MapGroup("/api/knowledge").WithTags("Knowledge");
        knowledge.MapGet("/search", Search);
        return knowledge;
    }

    /// <summary>A difference (<see cref="Number"/>) or, for an FAQ answer, an entry (<see cref="Faq"/>, number null).</summary>
    public sealed record SearchResult(int? Number, string Title, double Score,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Faq = null);

    public sealed record SearchResponse(string Decision, IReadOnlyList<SearchResult> Results);

    /// <summary>contract.md + issue 12: the chat's decision — answer (results[0] is the answer), clarify (the candidates,
    /// best first) or none ([]). Bad input is a 400 ProblemDetails.</summary>
    static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(string? q, string? top, KnowledgeIndex index, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q)) errors["q"] = ["q là câu hỏi cần tìm, không được để trống (q is required)."];
        else if (q.Length > 500) errors["q"] = ["q dài tối đa 500 ký tự (q is at most 500 characters)."];
        var n = KnowledgeDecision.MaxCandidates;
        if (top is not null && (!int.TryParse(top, out n) || n is < 1 or > KnowledgeContentLoader.Count))
            errors["top"] = [$"top là số từ 1 đến {KnowledgeContentLoader.Count} (top must be 1..{KnowledgeContentLoader.Count})."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Yêu cầu tìm kiếm không hợp lệ");

        var decision = (await index.CurrentAsync(ct)).Decide(q!, n);
        IReadOnlyList<SearchResult> results = decision switch
        {
            { Kind: DecisionKind.None } => [],
            { Faq: { } faq } => [new SearchResult(null, faq.Entry.Question, faq.Score, faq.Entry.Id)],
            _ => decision.Candidates.Select(h => new SearchResult(h.Difference.Number, h.Difference.Title, h.Score)).ToList(),
        };
        return TypedResults.Ok(new SearchResponse(decision.Kind.ToString().ToLowerInvariant(), results));
    }
}
