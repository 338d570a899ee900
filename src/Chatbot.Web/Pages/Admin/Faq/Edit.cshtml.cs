using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Faq;

/// <summary>
/// One FAQ entry (issue 16): add or edit its question, answer, related differences, keywords and example questions;
/// preview what the bot would answer a typed question with the draft; see every version with what changed, roll back
/// to any of them, or delete it (confirmed; restorable from the list). A save carries the version it edits: when
/// someone saved in between, nothing is overwritten and the form keeps what was typed.
/// </summary>
[Authorize(Policy = Policies.DistrictAdmin)]
internal sealed class EditModel(FaqStore store, FaqEditor editor, KnowledgeIndex index, AuditLog audit) : ConsolePage
{
    [FromRoute] public string? Id { get; set; }
    [BindProperty] public string? NewId { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? Question { get; set; }
    [BindProperty(Name = "Answer")] public string? AnswerText { get; set; }
    [BindProperty] public string? Related { get; set; }
    [BindProperty] public string? Keywords { get; set; }
    [BindProperty] public string? Questions { get; set; }
    [BindProperty] public string? PreviewQuestion { get; set; }
    /// <summary>An officer's proposal from the inbox this new entry starts from; marked adopted when it is saved.</summary>
    [BindProperty(SupportsGet = true)] public long? Proposal { get; set; }

    public FaqRow? Row { get; private set; }
    public IReadOnlyList<FaqVersion> Versions { get; private set; } = [];
    public Dictionary<string, string[]> Errors { get; private set; } = new(StringComparer.OrdinalIgnoreCase);
    public string? Stale { get; private set; }
    public FaqPreview? Preview { get; private set; }

    public bool IsNew => Id is null;
    public IEnumerable<string> ErrorsFor(string field) => Errors.GetValueOrDefault(field) ?? [];

    /// <summary>What changed in <paramref name="v"/> against the version before it.</summary>
    public IReadOnlyList<FieldChange> Changes(FaqVersion v) => v.Version == 1 ? []
        : FaqDiff.Compare(Versions.FirstOrDefault(o => o.Version == v.Version - 1)?.ToEntry(), v.ToEntry());

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (IsNew)
        {
            if (Proposal is { } p)
            {
                if (await store.FindProposalAsync(p, ct) is not { } proposal) return NotFound();
                (Question, AnswerText) = (proposal.Question, proposal.Answer);
            }
            return Page();
        }
        if (!await LoadAsync(ct)) return NotFound();
        var e = Row!.ToEntry();
        (Version, Question, AnswerText, Related, Keywords, Questions) =
            (Row.Version, e.Question, e.Answer, FaqForm.Join(e.Related), FaqForm.Join(e.Keywords), FaqForm.Join(e.Questions));
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!IsNew && !await LoadAsync(ct)) return NotFound();
        var input = Input();
        if (Errors.Count > 0)
        {
            // A related number that is not a number: show it with every other field's errors at once.
            foreach (var (k, v) in input.Check(Id ?? "ban-nhap").Errors) Errors[k] = [.. ErrorsFor(k), .. v];
            return Page();
        }
        var result = IsNew
            ? await editor.CreateAsync(input, NewId, Staff.Name, ct)
            : await editor.EditAsync(Id!, Version ?? 0, input, Staff.Name, ct);
        switch (result.Outcome)
        {
            case FaqOutcome.Invalid or FaqOutcome.Exists:
                Errors = new(result.Errors!, StringComparer.OrdinalIgnoreCase);
                return Page();
            case FaqOutcome.NotFound:
                return NotFound();
            case FaqOutcome.Stale:
                Stale = result.Message;   // what was typed stays in the form; nothing was saved
                return Page();
            case FaqOutcome.Unchanged:
                TempData["Message"] = "Không có gì thay đổi; chưa tạo bản mới.";
                return Redirect(PageFor(result.Row!.Id));
            default:
                if (IsNew && Proposal is { } proposal && await store.DecideProposalAsync(proposal, adopted: true, Staff.Name, ct))
                    await audit.WriteAsync(Staff.Name, "faq.proposal.adopt", $"faq-draft:{proposal}", null, $"→ faq:{result.Row!.Id}", ct);
                TempData["Message"] = $"Đã lưu «{result.Row!.Question}» (bản {result.Row.Version}). Bot trả lời bằng nội dung mới ngay, trên mọi máy chủ.";
                return Redirect(PageFor(result.Row.Id));
        }
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!IsNew && !await LoadAsync(ct)) return NotFound();
        var question = VietnameseText.Nfc(PreviewQuestion);
        if (question.Length == 0) Errors["preview"] = ["«Câu hỏi thử» không được để trống: gõ một câu người dân có thể hỏi."];
        else if (question.Length > 500) Errors["preview"] = ["«Câu hỏi thử» dài tối đa 500 ký tự."];
        var draftId = Id ?? (string.IsNullOrWhiteSpace(NewId) ? "ban-nhap-xem-thu" : NewId.Trim());
        var input = Input();
        var (entry, errors) = input.Check(draftId);
        foreach (var (k, v) in errors) Errors[k] = [.. ErrorsFor(k), .. v];
        if (Errors.Count > 0 || entry is null) return Page();
        Preview = FaqPreview.Of(question, await index.PreviewAsync(entry, question, ct), draftId);
        return Page();
    }

    public async Task<IActionResult> OnPostRollbackAsync(int toVersion, CancellationToken ct)
    {
        if (IsNew) return NotFound();
        var result = await editor.RollbackAsync(Id!, toVersion, Version ?? 0, Staff.Name, ct);
        return Done(result, $"Đã quay lại nội dung bản {toVersion}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(bool confirm, CancellationToken ct)
    {
        if (IsNew) return NotFound();
        if (!confirm)
        {
            TempData["Message"] = "Chưa xóa: hãy đánh dấu «Tôi chắc chắn muốn xóa mục này» rồi bấm «Xóa mục».";
            return Redirect(PageFor(Id!));
        }
        var result = await editor.DeleteAsync(Id!, Version ?? 0, Staff.Name, ct);
        if (result.Outcome == FaqOutcome.Saved)
        {
            TempData["Message"] = $"Đã xóa «{result.Row!.Question}»; bot không trả lời bằng mục này nữa. Có thể khôi phục trong danh sách «Mục đã xóa».";
            return Redirect("/admin/faq");
        }
        return Done(result, "");
    }

    IActionResult Done(FaqResult result, string saved)
    {
        if (result.Outcome == FaqOutcome.NotFound) return NotFound();
        TempData["Message"] = result.Outcome switch
        {
            FaqOutcome.Stale => result.Message,
            FaqOutcome.Unchanged => "Nội dung đã giống bản đó; không tạo bản mới.",
            _ => $"{saved} (nay là bản {result.Row!.Version}). Bot dùng nội dung này ngay.",
        };
        return Redirect(PageFor(Id!));
    }

    FaqInput Input()
    {
        var (related, errors) = FaqForm.Numbers(Related);
        if (errors.Count > 0) Errors["related"] = [.. errors];
        return new FaqInput(Question, AnswerText, related, FaqForm.Lines(Keywords), FaqForm.Lines(Questions));
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        Row = await store.FindAsync(Id!, ct);
        if (Row is null) return false;
        Versions = await store.VersionsAsync(Id!, ct);
        return true;
    }

    public static string PageFor(string id) => $"/admin/faq/edit/{Uri.EscapeDataString(id)}";
}
