using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Faq;

/// <summary>
/// The 17 differences' official text stays read-only (dialogs/knowledge/differences.yaml, Công văn 838); a DistrictAdmin
/// extends their example questions and synonyms here. Each addition joins the index on every instance at once, is in the
/// audit log, and can be removed (the row keeps who removed it and when).
/// </summary>
[Authorize(Policy = Policies.DistrictAdmin)]
internal sealed class DifferencesModel(KnowledgeBase knowledge, FaqStore store, AuditLog audit) : ConsolePage
{
    public const int MaxSynonym = 100;

    public IReadOnlyList<Difference> Differences => knowledge.Differences;
    public IReadOnlyList<DifferenceAddition> Additions { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);

    [BindProperty] public int? Difference { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Text { get; set; }

    public IEnumerable<string> ErrorsFor(string field) => Errors.GetValueOrDefault(field) ?? [];
    public static string KindName(string kind) => kind == DifferenceAddition.Synonym ? "Từ đồng nghĩa" : "Câu hỏi mẫu";

    public async Task OnGetAsync(CancellationToken ct) => Additions = await store.AdditionsAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        Additions = await store.AdditionsAsync(ct);
        var text = VietnameseText.Nfc(Text);
        var d = Difference is { } n ? knowledge.Find(n) : null;
        if (d is null) Errors["difference"] = ["«Điểm» chọn một điểm từ 1 đến 17."];
        if (Kind is not (DifferenceAddition.Question or DifferenceAddition.Synonym)) Errors["kind"] = ["«Loại» chọn «Câu hỏi mẫu» hoặc «Từ đồng nghĩa»."];
        var max = Kind == DifferenceAddition.Synonym ? MaxSynonym : StaffExamples.MaxLength;
        if (text.Length == 0) Errors["text"] = ["«Nội dung» không được để trống."];
        else if (text.Length > max) Errors["text"] = [$"«Nội dung» dài tối đa {max} ký tự (đang có {text.Length})."];
        else if (d is not null)
        {
            var folded = VietnameseText.Fold(text);
            var known = d.Questions.Concat(d.Synonyms).Concat(d.Keywords)
                .Concat(Additions.Where(a => a.Difference == d.Number).Select(a => a.Text));
            if (known.Any(k => VietnameseText.Fold(k) == folded)) Errors["text"] = [$"«Nội dung» «{text}» điểm {d.Number} đã có."];
        }
        if (Errors.Count > 0) return Page();

        var id = await store.AddAdditionAsync(d!.Number, Kind!, text, Staff.Name, ct);
        await audit.WriteAsync(Staff.Name, "difference.add", $"difference-addition:{id}", null, $"Điểm {d.Number}: {KindName(Kind!)} «{text}»", ct);
        TempData["Message"] = $"Đã thêm {KindName(Kind!).ToLowerInvariant()} «{text}» cho điểm {d.Number}; bot dùng ngay.";
        return Redirect("/admin/faq/differences");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken ct)
    {
        if (await store.FindAdditionAsync(id, ct) is not { } a) return NotFound();
        if (await store.RemoveAdditionAsync(id, Staff.Name, ct))
            await audit.WriteAsync(Staff.Name, "difference.remove", $"difference-addition:{id}", null, $"Điểm {a.Difference}: {KindName(a.Kind)} «{a.Text}»", ct);
        TempData["Message"] = $"Đã gỡ «{a.Text}» khỏi điểm {a.Difference}.";
        return Redirect("/admin/faq/differences");
    }
}
