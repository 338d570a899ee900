using Chatbot.Web.Quiz;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Teams;

/// <summary>One team (/admin/teams/{code}): its quiz links per channel, the QR code, the A4 poster; rename; deactivate or
/// reactivate after an explicit confirmation. Another ward's team is 404 for ward staff.</summary>
internal sealed class DetailModel(TeamWorkflow teams, WardRegistry registry, QuizLinks links, QuizCatalog quizzes) : ConsolePage
{
    public TeamView Team { get; private set; } = null!;
    public ShareLinks Share { get; private set; } = null!;
    public string QrSvg { get; private set; } = "";
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public bool Confirmed { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRenameAsync(CancellationToken ct) =>
        await AnswerAsync(await teams.UpdateAsync(Code, Name ?? "", null, Staff, ct), "Đã đổi tên tổ.", ct);

    /// <summary>Deactivating or reactivating needs the confirmation box ticked; without it nothing changes.</summary>
    public async Task<IActionResult> OnPostActiveAsync(bool active, CancellationToken ct)
    {
        if (!Confirmed)
        {
            if (!await LoadAsync(ct)) return NotFound();
            Errors = new Dictionary<string, string[]> { ["confirmed"] = ["Hãy đánh dấu ô xác nhận trước khi đổi trạng thái của tổ."] };
            return Page();
        }
        return await AnswerAsync(await teams.UpdateAsync(Code, null, active, Staff, ct),
            active ? "Tổ đã hoạt động lại." : "Tổ đã ngừng hoạt động; kết quả cũ của tổ vẫn được giữ.", ct);
    }

    async Task<IActionResult> AnswerAsync(WardsResult<TeamView> result, string done, CancellationToken ct)
    {
        if (result.Problem is { Kind: WardsProblemKind.NotFound }) return NotFound();
        if (result.Problem is { } problem)
        {
            if (!await LoadAsync(ct)) return NotFound();
            Errors = problem.Errors!;
            return Page();
        }
        TempData["Message"] = done;
        return Redirect($"/admin/teams/{result.Value!.Code}");
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if ((await teams.GetAsync(Code, Staff, ct)).Value is not { } view) return false;
        Team = view;
        var team = (await registry.CurrentAsync(ct)).FindTeam(view.Code)!;
        Share = links.For(quizzes.Default.Id, team);
        QrSvg = QrCodes.Svg(Share.Web);
        ViewData["Title"] = view.Name;
        return true;
    }
}
