using System.Globalization;
using Chatbot.Web.Quiz;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages.Quiz;

/// <summary>
/// /bang-xep-hang/{quizId}: the public standings a community team shares — wards and teams, with participants,
/// completions and the average score, by the same fair rule as the chat (<see cref="QuizStandings"/>).
/// </summary>
internal sealed class StandingsModel(QuizCatalog catalog, QuizStandings standings, UnitDirectory units) : PageModel
{
    static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public QuizBank Quiz { get; private set; } = null!;
    public string Rule => catalog.Text("leaderboard_rule");
    public IReadOnlyList<Standing> Wards { get; private set; } = [];
    public IReadOnlyList<Standing> Teams { get; private set; } = [];

    public string WardName(string? wardId) => wardId is not null && units.Find(wardId) is { } u ? u.Name : "";

    /// <summary>"7,5/10" as Vietnamese write it; "—" while nobody has finished.</summary>
    public string Average(Standing s) => s.Completions == 0 ? "—"
        : s.AverageScore.ToString("0.#", Vietnamese) + "/" + Quiz.QuestionsPerAttempt;

    public async Task<IActionResult> OnGetAsync(string quizId, CancellationToken ct)
    {
        if (catalog.Find(quizId) is not { } quiz) return NotFound();
        Quiz = quiz;
        (Wards, Teams) = await standings.ComputeBothAsync(quiz.Id, ct);
        ViewData["Title"] = "Bảng xếp hạng · " + quiz.Title;
        return Page();
    }
}
