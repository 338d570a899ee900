using System.Text;
using Chatbot.Web.Staff;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Wards;

/// <summary>
/// «Nhập / xuất» (/admin/wards/transfer, DistrictAdmin): downloads teams.yaml and wards.yaml in the format of
/// dialogs/units/, and imports one of them in two steps — «Kiểm tra» shows every error with its line, or the list of
/// changes; only «Áp dụng» with the confirmation ticked applies them, all in one transaction, each change audited.
/// </summary>
[Authorize(Policy = Policies.DistrictAdmin)]
internal sealed class TransferModel(UnitsTransfer transfer, WardRegistry registry, AuditLog audit) : ConsolePage
{
    public const int MaxBytes = 512 * 1024;

    [BindProperty] public string? Yaml { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool Confirmed { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public ImportPlan? Plan { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnGetTeamsAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetBytes(UnitsTransfer.ExportTeams(await registry.CurrentAsync(ct))), "application/yaml; charset=utf-8", "teams.yaml");

    public async Task<IActionResult> OnGetWardsAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetBytes(transfer.ExportWards(await registry.CurrentAsync(ct))), "application/yaml; charset=utf-8", "wards.yaml");

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (await ReadAsync(ct) is { } text) (Plan, Errors) = transfer.Check(text, await registry.CurrentAsync(ct), Staff.Name);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        if (await ReadAsync(ct) is not { } text) return Page();
        (Plan, Errors) = transfer.Check(text, await registry.CurrentAsync(ct), Staff.Name);
        if (Plan is null) return Page();
        if (!Confirmed)
        {
            Errors = ["Hãy đánh dấu ô xác nhận trước khi áp dụng."];
            return Page();
        }
        await registry.ImportAsync(Plan.Teams, Plan.Details, Staff.Name, ct);
        foreach (var t in Plan.Teams)
            await audit.WriteAsync(Staff.Name, "team.import", $"team:{t.Code}", t.WardId, Plan.Changes.FirstOrDefault(c => c.Contains(t.Code, StringComparison.Ordinal)), ct);
        foreach (var d in Plan.Details)
            await audit.WriteAsync(Staff.Name, "ward.import", $"ward:{d.WardId}", d.WardId, $"nhập từ tệp: {d.DisplayName}", ct);
        TempData["Message"] = $"Đã nhập {Plan.Changes.Count} dòng.";
        return Redirect(Plan.Teams.Count > 0 ? "/admin/teams" : "/admin/wards");
    }

    /// <summary>The uploaded file, else the pasted text; null (with a Vietnamese error) when neither or too large.</summary>
    async Task<string?> ReadAsync(CancellationToken ct)
    {
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > MaxBytes) { Errors = [$"Tệp lớn quá {MaxBytes / 1024} KB."]; return null; }
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            Yaml = await reader.ReadToEndAsync(ct);
        }
        if (string.IsNullOrWhiteSpace(Yaml)) { Errors = ["Chưa chọn tệp hoặc dán nội dung YAML."]; return null; }
        if (Yaml.Length > MaxBytes) { Errors = [$"Nội dung lớn quá {MaxBytes / 1024} KB."]; return null; }
        return Yaml.Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
