using System.Text;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Faq;

/// <summary>
/// «Hỏi đáp» (issue 16, DistrictAdmin only): the FAQ entries the bot answers with, from the database (seeded from
/// dialogs/knowledge/faq.yaml once; then the database wins), deleted entries to restore, the answers officers proposed
/// from the inbox, and export/import in the faq.yaml format.
/// </summary>
[Authorize(Policy = Policies.DistrictAdmin)]
internal sealed class IndexModel(FaqStore store, FaqEditor editor, AuditLog audit, UnitDirectory units, TimeProvider clock) : ConsolePage
{
    public IReadOnlyList<FaqRow> Entries { get; private set; } = [];
    public IReadOnlyList<FaqRow> Deleted { get; private set; } = [];
    public IReadOnlyList<FaqProposal> Proposals { get; private set; } = [];

    public string WardName(string? id) => units.NameOf(id);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await store.ListAsync(withDeleted: true, ct);
        Entries = all.Where(r => !r.Deleted).ToList();
        Deleted = all.Where(r => r.Deleted).ToList();
        Proposals = await store.ProposalsAsync(ct);
    }

    /// <summary>Every entry in force as faq.yaml: the same format dialogs/ uses, ready to import elsewhere.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var entries = (await store.ListAsync(withDeleted: false, ct)).Select(r => r.ToEntry()).ToList();
        var yaml = FaqYaml.Export(entries,
            $"Câu hỏi thường gặp, xuất từ trang «Hỏi đáp» lúc {VietnamTime.Format(clock.GetUtcNow())} (giờ Việt Nam) bởi {Staff.Name}.");
        await audit.WriteAsync(Staff.Name, "faq.export", "faq", null, $"{entries.Count} mục", ct);
        return File(Encoding.UTF8.GetBytes(yaml), "application/yaml; charset=utf-8", "faq.yaml");
    }

    public async Task<IActionResult> OnPostRestoreAsync(string id, int version, CancellationToken ct)
    {
        var result = await editor.RestoreAsync(id, version, Staff.Name, ct);
        if (result.Outcome == FaqOutcome.NotFound) return NotFound();
        TempData["Message"] = result.Outcome switch
        {
            FaqOutcome.Stale => result.Message,
            FaqOutcome.Unchanged => "Mục này đang được dùng; không cần khôi phục.",
            _ => $"Đã khôi phục «{result.Row!.Question}» (bản {result.Row.Version}); bot trả lời bằng mục này ngay.",
        };
        return Redirect("/admin/faq");
    }

    public async Task<IActionResult> OnPostDismissAsync(long proposal, CancellationToken ct)
    {
        if (await store.FindProposalAsync(proposal, ct) is not { } p) return NotFound();
        if (await store.DecideProposalAsync(proposal, adopted: false, Staff.Name, ct))
            await audit.WriteAsync(Staff.Name, "faq.proposal.dismiss", $"faq-draft:{proposal}", p.WardId, $"«{Snippet(p.Question, 200)}»", ct);
        TempData["Message"] = "Đã bỏ qua đề xuất.";
        return Redirect("/admin/faq");
    }
}
