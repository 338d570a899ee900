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

    public sealed record SearchResult(int Number, string Title, double Score);
    public sealed record SearchResponse(IReadOnlyList<SearchResult> Results);

    /// <summary>contract.md: best first; [] when the bot would not claim to know. Bad input is a 400 ProblemDetails.</summary>
    static Results<Ok<SearchResponse>, ValidationProblem> Search(string? q, string? top, KnowledgeSearch search)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q)) errors["q"] = ["q là câu hỏi cần tìm, không được để trống (q is required)."];
        else if (q.Length > 500) errors["q"] = ["q dài tối đa 500 ký tự (q is at most 500 characters)."];
        var n = 3;
        if (top is not null && (!int.TryParse(top, out n) || n is < 1 or > KnowledgeContentLoader.Count))
            errors["top"] = [$"top là số từ 1 đến {KnowledgeContentLoader.Count} (top must be 1..{KnowledgeContentLoader.Count})."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Yêu cầu tìm kiếm không hợp lệ");

        var hits = search.Search(q!, n);
        return TypedResults.Ok(new SearchResponse(hits.Select(h => new SearchResult(h.Difference.Number, h.Difference.Title, h.Score)).ToList()));
    }
}
