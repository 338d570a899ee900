using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace Chatbot.Web.Quiz;

internal static class QuizEndpoints
{
    public static IEndpointRouteBuilder MapQuizApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/quizzes/{quizId}/leaderboard", Leaderboard).WithTags("Quiz");
        routes.MapGet("/q/{code}/qr.svg", QrSvg).WithTags("Quiz");
        routes.MapGet("/q/{code}/qr.png", QrPng).WithTags("Quiz");
        routes.MapGet("/api/webchat/{conversationId}/quiz", OpenInWebChat).WithTags("Quiz")
            .RequireRateLimiting(Conversations.WebChatEndpoints.RateLimitPolicy);
        return routes;
    }

    /// <param name="Title">The quiz left open, null when none is.</param>
    public sealed record OpenQuizView(string? Title, int Answered, int Questions);

    /// <summary>The web chat asks this after a reload, so a quiz left half done is offered again, never silently kept
    /// open behind the menu. The conversation id is the web chat's random capability, as for every /api/webchat call.</summary>
    static async Task<IResult> OpenInWebChat(string conversationId, QuizCatalog catalog, QuizEngine engine, CancellationToken ct)
    {
        if (conversationId.Length != 32 || !conversationId.All(char.IsAsciiHexDigitLower))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["conversationId"] = ["Mã cuộc trò chuyện không hợp lệ."] },
                title: "Yêu cầu không hợp lệ");
        var player = new Player("webchat", "web:" + conversationId);
        foreach (var quiz in catalog.Quizzes)
            if (await engine.FindUnfinishedAsync(quiz, player, ct) is { } open)
                return TypedResults.Ok(new OpenQuizView(quiz.Title, open.Position, open.Attempt.QuestionCount));
        return TypedResults.Ok(new OpenQuizView(null, 0, 0));
    }

    public sealed record LeaderboardView(string QuizId, string Title, string By, string Rule, IReadOnlyList<Standing> Entries);

    static async Task<Results<Ok<LeaderboardView>, ProblemHttpResult>> Leaderboard(string quizId, string? by,
        QuizCatalog catalog, QuizStandings standings, CancellationToken ct)
    {
        StandingsBy? grouping = by?.ToLowerInvariant() switch
        {
            "ward" or null or "" => StandingsBy.Ward,
            "team" => StandingsBy.Team,
            _ => null,
        };
        if (grouping is null)
            return TypedResults.Problem(statusCode: 400, title: "Tham số «by» không hợp lệ",
                detail: $"by must be 'ward' or 'team', not '{by}'.");
        if (catalog.Find(quizId) is not { } quiz)
            return TypedResults.Problem(statusCode: 404, title: "Không có bộ câu hỏi này",
                detail: $"No quiz with id '{quizId}'. Known: {string.Join(", ", catalog.Quizzes.Select(q => q.Id))}.");
        var rows = await standings.ComputeAsync(quiz.Id, grouping.Value, ct);
        return TypedResults.Ok(new LeaderboardView(quiz.Id, quiz.Title, grouping.Value.ToString().ToLowerInvariant(),
            catalog.Text("leaderboard_rule"), rows));
    }

    /// <summary>Printable QR codes for posters and ward screens; they encode the public /q/{code} link.</summary>
    static IResult QrSvg(string code, QuizLinks links)
    {
        using var data = QRCodeGenerator.GenerateQrCode(links.WebUrl(code).ToString(), QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        return TypedResults.Text(svg, "image/svg+xml", System.Text.Encoding.UTF8);
    }

    static IResult QrPng(string code, QuizLinks links)
    {
        using var data = QRCodeGenerator.GenerateQrCode(links.WebUrl(code).ToString(), QRCodeGenerator.ECCLevel.M);
        return TypedResults.File(new PngByteQRCode(data).GetGraphic(10), "image/png", $"quiz-{code}.png");
    }
}
