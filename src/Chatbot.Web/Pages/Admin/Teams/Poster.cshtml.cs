using Chatbot.Web.Quiz;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Teams;

/// <summary>A printable A4 poster of a team (/admin/teams/{code}/poster): the ward's name, the team, the QR code and the
/// ways in by chat. Print CSS, one page, nothing but the poster on paper.</summary>
internal sealed class PosterModel(TeamWorkflow teams, WardRegistry registry, QuizLinks links, QuizCatalog quizzes) : ConsolePage
{
    public TeamView Team { get; private set; } = null!;
    public ShareLinks Share { get; private set; } = null!;
    public string QrSvg { get; private set; } = "";
    public string QuizTitle => quizzes.Default.Title;

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if ((await teams.GetAsync(code, Staff, ct)).Value is not { } view) return NotFound();
        Team = view;
        Share = links.For(quizzes.Default.Id, (await registry.CurrentAsync(ct)).FindTeam(view.Code)!);
        QrSvg = QrCodes.Svg(Share.Web, 10);
        return Page();
    }
}
