using System.Globalization;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Quiz;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages;

/// <summary>
/// Full-screen slides of the 17 differences for a ward's electronic boards (the dispatch asks for them there), with a
/// QR code to the ward's quiz at the public address (Quiz:PublicBaseUrl), and the ward standings as the last slide.
/// Laid out for landscape and portrait boards alike (sizes follow the shorter side); on a phone the page simply scrolls.
/// A former ward's id leads to its successor when there is exactly one.
/// </summary>
internal sealed class DisplayModel(KnowledgeBase knowledge, UnitDirectory units, QuizCatalog quizzes, QuizLinks links,
    QuizStandings ranking, TimeProvider clock) : PageModel
{
    static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public Unit Ward { get; private set; } = null!;
    public IReadOnlyList<Difference> Differences => knowledge.Differences;
    public string Source => knowledge.Source.Document;
    public string QuizUrl { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public int Seconds { get; private set; }
    public QuizBank Quiz => quizzes.Default;

    /// <summary>The wards in force, best first; the board shows them after point 17 (<c>?standings=false</c> leaves them out).</summary>
    public IReadOnlyList<Standing> Standings { get; private set; } = [];

    public string Average(Standing s) => s.Completions == 0 ? "—" : s.AverageScore.ToString("0.#", Vietnamese) + "/" + Quiz.QuestionsPerAttempt;

    /// <summary>The official text is shown whole, never cut: the longest differences get a smaller type (in vmin, so the
    /// same slide fits a landscape and a portrait board).</summary>
    public string TextSize(Difference d)
    {
        var longest = Math.Max(d.It.Length, d.Dx.Length);
        var size = longest <= 350 ? 2.7 : Math.Max(1.5, 2.7 * Math.Sqrt(350.0 / longest));
        return size.ToString("0.00", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnGetAsync(string wardId, int seconds = 20, bool standings = true, CancellationToken ct = default)
    {
        if (units.Find(wardId) is not { } unit) return NotFound();
        var current = units.Current(unit.Id, VietnamTime.Today(clock));
        if (current.Count == 1 && current[0].Id != unit.Id) return RedirectToPage(new { wardId = current[0].Id, seconds });
        Ward = unit;
        Seconds = Math.Clamp(seconds, 1, 600);
        var team = units.Teams.FirstOrDefault(t => t.WardId == unit.Id);
        // The public address, not this request's: a board is often opened as http://localhost on the machine behind it.
        QuizUrl = links.WebUrl(team?.Code ?? Quiz.Id).ToString();
        QrSvg = Web.Quiz.QrCodes.Svg(QuizUrl);
        if (standings) Standings = await ranking.ComputeAsync(Quiz.Id, StandingsBy.Ward, ct);
        return Page();
    }
}
