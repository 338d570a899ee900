using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages;

/// <summary>
/// Full-screen slides of the 17 differences for a ward's electronic boards (the dispatch asks for them there), with a
/// QR code to the ward's quiz. A former ward's id leads to its successor when there is exactly one.
/// </summary>
public sealed class DisplayModel(KnowledgeBase knowledge, UnitDirectory units, TimeProvider clock) : PageModel
{
    public Unit Ward { get; private set; } = null!;
    public IReadOnlyList<Difference> Differences => knowledge.Differences;
    public string Source => knowledge.Source.Document;
    public string QuizUrl { get; private set; } = "";
    public string QrSvg { get; private set; } = "";
    public int Seconds { get; private set; }

    /// <summary>The official text is shown whole, never cut: the longest differences get a smaller type.</summary>
    public string TextSize(Difference d)
    {
        var longest = Math.Max(d.It.Length, d.Dx.Length);
        var size = longest <= 350 ? 2.7 : Math.Max(1.5, 2.7 * Math.Sqrt(350.0 / longest));
        return size.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    }

    public IActionResult OnGet(string wardId, int seconds = 20)
    {
        if (units.Find(wardId) is not { } unit) return NotFound();
        var current = units.Current(unit.Id, VietnamTime.Today(clock));
        if (current.Count == 1 && current[0].Id != unit.Id) return RedirectToPage(new { wardId = current[0].Id, seconds });
        Ward = unit;
        Seconds = Math.Clamp(seconds, 1, 600);
        var team = units.Teams.FirstOrDefault(t => t.WardId == unit.Id);
        QuizUrl = $"{Request.Scheme}://{Request.Host}/q/{team?.Code ?? ""}".TrimEnd('/');
        QrSvg = Web.Quiz.QrCodes.Svg(QuizUrl);
        return Page();
    }
}
