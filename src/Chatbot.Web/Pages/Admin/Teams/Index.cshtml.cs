using Chatbot.Web.Quiz;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Teams;

/// <summary>«Tổ công nghệ số» (/admin/teams): the teams of the wards this staff member works on (their own; every ward
/// for a DistrictAdmin), and a form to add one — the code is generated (<see cref="TeamCodes"/>). The rules are
/// <see cref="TeamWorkflow"/>'s, the same as /api/teams.</summary>
internal sealed class IndexModel(TeamWorkflow teams) : ConsolePage
{
    public IReadOnlyList<TeamView> Teams { get; private set; } = [];
    public IReadOnlyList<Unit> Wards { get; private set; } = [];
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [BindProperty(SupportsGet = true)] public string? Ward { get; set; }
    [BindProperty] public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var result = await teams.AddAsync(Ward, Name, Staff, ct);
        if (result.Problem is { Kind: WardsProblemKind.NotFound }) return NotFound();
        if (result.Problem is { } problem)
        {
            Errors = problem.Errors!;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = $"Đã thêm «{result.Value!.Name}», mã {result.Value.Code}.";
        return Redirect($"/admin/teams/{result.Value.Code}");
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Wards = teams.WardsFor(Staff);
        var filter = string.IsNullOrEmpty(Ward) || !Staff.IsDistrictAdmin ? null : Ward;
        var result = await teams.ListAsync(filter, Staff, ct);
        Teams = result.Value ?? [];
        return result.Problem is null;
    }
}
