using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Faq;

/// <summary>What an import would do to one entry, shown before anything is applied.</summary>
public sealed record ImportLine(FaqEntry Entry, string Kind, string Detail);

/// <summary>
/// Import in the faq.yaml format (issue 16) in two steps: «Kiểm tra» reads the file and checks every entry (errors
/// name the line; nothing applied while there is one) and shows what would change; «Áp dụng» needs the confirmation
/// box and applies it all in one transaction. Entries not in the file are left as they are.
/// </summary>
[Authorize(Policy = Policies.DistrictAdmin)]
internal sealed class ImportModel(FaqStore store, FaqEditor editor) : ConsolePage
{
    public const long MaxBytes = 1024 * 1024;

    [BindProperty] public string? Yaml { get; set; }
    public IReadOnlyList<FaqImportError> Errors { get; private set; } = [];
    public IReadOnlyList<ImportLine>? Plan { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            if (file.Length > MaxBytes)
            {
                Errors = [new(0, $"Tệp lớn hơn {MaxBytes / 1024} KB; tệp faq.yaml thường chỉ vài chục KB.")];
                return Page();
            }
            using var reader = new StreamReader(file.OpenReadStream());
            Yaml = await reader.ReadToEndAsync(ct);
        }
        if (string.IsNullOrWhiteSpace(Yaml))
        {
            Errors = [new(0, "Chọn một tệp .yaml hoặc dán nội dung tệp vào ô bên dưới.")];
            return Page();
        }
        await PlanAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(bool confirm, CancellationToken ct)
    {
        var entries = await PlanAsync(ct);
        if (entries is null) return Page();
        if (!confirm)
        {
            Errors = [new(0, "Chưa áp dụng: hãy đánh dấu «Tôi đã xem các thay đổi và muốn áp dụng» rồi bấm «Áp dụng».")];
            return Page();
        }
        var result = await editor.ImportAsync(entries, Staff.Name, ct);
        TempData["Message"] = $"Đã nhập: {result.Created} mục mới, {result.Changed} mục sửa (mỗi mục một bản mới), {result.Unchanged} mục giữ nguyên. Bot dùng nội dung mới ngay.";
        return Redirect("/admin/faq");
    }

    /// <summary>Checks <see cref="Yaml"/> and fills <see cref="Plan"/>; null (and <see cref="Errors"/>) when it has problems.</summary>
    async Task<IReadOnlyList<FaqEntry>?> PlanAsync(CancellationToken ct)
    {
        var (entries, errors) = FaqYaml.Import(Yaml ?? "");
        if (errors.Count > 0)
        {
            Errors = errors;
            return null;
        }
        var existing = (await store.ListAsync(withDeleted: true, ct)).ToDictionary(r => r.Id);
        Plan = entries.Select(e => existing.GetValueOrDefault(e.Id) switch
        {
            null => new ImportLine(e, "Mục mới", ""),
            { Deleted: true } r => new ImportLine(e, "Khôi phục mục đã xóa", FaqDiff.Summary(FaqDiff.Compare(r.ToEntry(), e))),
            var r when FaqJson.Same(r.ToEntry(), e) => new ImportLine(e, "Giữ nguyên", ""),
            var r => new ImportLine(e, "Sửa", FaqDiff.Summary(FaqDiff.Compare(r.ToEntry(), e))),
        }).ToList();
        return entries;
    }
}
