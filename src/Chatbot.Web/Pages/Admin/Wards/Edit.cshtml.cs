using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Wards;

/// <summary>Edits one ward's details (/admin/wards/{wardId}); another ward is 404 for ward staff. Invalid input comes
/// back with Vietnamese field errors and what was typed, nothing saved.</summary>
internal sealed class EditModel(WardDetailsWorkflow workflow, WardRegistry registry) : ConsolePage
{
    public Unit Ward { get; private set; } = null!;
    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [BindProperty(SupportsGet = true)] public string WardId { get; set; } = "";
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? OfficeHours { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Hotline { get; set; }

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (workflow.WardFor(WardId, Staff) is not { } ward) return NotFound();
        Ward = ward;
        var details = (await registry.CurrentAsync(ct)).Details(ward.Id);
        DisplayName = details?.DisplayName ?? ward.Name;
        OfficeHours = string.Join("\n", details?.OfficeHourLines ?? []);
        (Address, Hotline) = (details?.Address, details?.Hotline);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (workflow.WardFor(WardId, Staff) is not { } ward) return NotFound();
        Ward = ward;
        var result = await workflow.SaveAsync(ward.Id, new WardDetailsInput(DisplayName, OfficeHours, Address, Hotline), Staff, ct);
        if (result.Problem is { Kind: WardsProblemKind.NotFound }) return NotFound();
        if (result.Problem is { } problem)
        {
            Errors = problem.Errors!;
            return Page();
        }
        TempData["Message"] = $"Đã lưu thông tin {result.Value!.DisplayName}.";
        return Redirect("/admin/wards");
    }
}
