using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// The review queue (issue 12): what the bot did not answer outright — "none", support questions, and every "did you
/// mean" the citizen resolved or rejected. One click assigns a question to a difference or an FAQ entry (it becomes an
/// example question in the database and answers the next citizen on every instance) or marks it out of scope.
/// Scoped like posts (issue 13, point 6): a ward's staff see and handle only their ward's questions; anything else is
/// 404. Staff never edit the official text here.
/// </summary>
internal sealed class QuestionsModel(UnansweredQuestions questions, StaffExamples examples, KnowledgeIndex index,
    UnitDirectory units, AuditLog audit, TimeProvider clock) : ConsolePage
{
    /// <summary>DistrictAdmin only: one ward's questions, or "none" for those whose ward is unknown.</summary>
    [FromQuery] public string? Ward { get; set; }

    public IReadOnlyList<QuestionGroup> Queue { get; private set; } = [];
    public IReadOnlyList<StaffExample> Examples { get; private set; } = [];
    /// <summary>The knowledge in force: the FAQ entries are the database's (edited in «Hỏi đáp»), not faq.yaml's.</summary>
    public KnowledgeBase Knowledge => knowledge;
    KnowledgeBase knowledge = index.Content.Knowledge;
    public IReadOnlyList<Unit> Wards => WardsFor(Staff, units, clock);

    public const string UnknownWard = "none";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        knowledge = (await index.CurrentAsync(ct)).Knowledge;
        if (Ward is { Length: > 0 } w && (!Staff.IsDistrictAdmin && w != Staff.WardId || w != UnknownWard && units.Find(w) is null))
            return NotFound();
        var queue = await questions.QueueAsync(WardScope.Of(Staff), ct);
        Queue = Ward switch
        {
            UnknownWard => queue.Where(g => g.WardId is null).ToList(),
            { Length: > 0 } => queue.Where(g => g.WardId == Ward).ToList(),
            _ => queue,
        };
        Examples = await examples.ListAsync(Staff.WardId, Staff.IsDistrictAdmin, ct);
        return Page();
    }

    /// <summary>Assigns a question (and every open ask of the same text in scope) to "d:3" or "faq:cds-la-gi".</summary>
    public async Task<IActionResult> OnPostAssignAsync(long id, string? target, CancellationToken ct)
    {
        if (await questions.FindAsync(id, WardScope.Of(Staff), ct) is not { } question) return NotFound();
        knowledge = (await index.CurrentAsync(ct)).Knowledge;
        var (difference, faq) = ParseTarget(target);
        if (difference is null && faq is null)
        {
            TempData["Message"] = "Chọn một điểm khác nhau (1–17) hoặc một mục hỏi đáp để gán câu hỏi.";
            return Redirect(Back);
        }
        var exampleId = await examples.AddAsync(question.Text, difference?.Number, faq?.Id, Staff.WardId, Staff.Name, ct);
        var closed = await questions.ResolveAsync(question.Text, WardScope.Of(Staff), $"example:{exampleId}", Staff.Name, ct);
        var name = difference is not null ? $"điểm {difference.Number} «{difference.Label}»" : $"mục hỏi đáp «{faq!.Question}»";
        await audit.WriteAsync(Staff.Name, "question.assign", $"example:{exampleId}", question.WardId ?? Staff.WardId,
            $"«{Snippet(question.Text, 200)}» → {name} ({closed} lượt hỏi)", ct);
        TempData["Message"] = $"Đã gán vào {name}. Từ giờ bot trả lời câu hỏi này (và những câu giống nó) bằng {name}.";
        return Redirect(Back);
    }

    public async Task<IActionResult> OnPostOutOfScopeAsync(long id, CancellationToken ct)
    {
        if (await questions.FindAsync(id, WardScope.Of(Staff), ct) is not { } question) return NotFound();
        var closed = await questions.ResolveAsync(question.Text, WardScope.Of(Staff), "out_of_scope", Staff.Name, ct);
        await audit.WriteAsync(Staff.Name, "question.out-of-scope", $"question:{id}", question.WardId ?? Staff.WardId,
            $"«{Snippet(question.Text, 200)}» ({closed} lượt hỏi)", ct);
        TempData["Message"] = $"Đã đánh dấu ngoài phạm vi ({closed} lượt hỏi).";
        return Redirect(Back);
    }

    /// <summary>Takes a staff example question out of the index (a ward's staff: only those their ward added).</summary>
    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken ct)
    {
        if (await examples.FindAsync(id, ct) is not { } example || !Staff.IsDistrictAdmin && example.WardId != Staff.WardId)
            return NotFound();
        if (await examples.RemoveAsync(id, Staff.Name, ct))
            await audit.WriteAsync(Staff.Name, "example.remove", $"example:{id}", example.WardId, $"«{Snippet(example.Text, 200)}» ({TargetName(example)})", ct);
        TempData["Message"] = "Đã gỡ câu hỏi mẫu; bot không dùng câu này nữa.";
        return Redirect(Back);
    }

    public string TargetName(StaffExample e) => e.Difference is { } n
        ? $"Điểm {n}: {knowledge.Find(n)?.Label}"
        : $"Hỏi đáp: {knowledge.FindFaq(e.FaqId ?? "")?.Question ?? e.FaqId}";

    public string WardName(string? id) => units.NameOf(id);

    public static string OutcomeName(QuestionGroup g) => g.Outcome switch
    {
        QuestionOutcomes.Support => "Hỏi về ứng dụng, dịch vụ cụ thể",
        QuestionOutcomes.ClarifyRejected => "Bot hỏi lại, người dân chọn «Không phải»",
        QuestionOutcomes.ClarifyChosen => $"Bot hỏi lại, người dân chọn điểm {g.Chosen}",
        _ => "Bot chưa trả lời (ngoài phạm vi?)",
    };

    /// <summary>The one-click choices: the difference the citizen tapped first, then the ones the bot offered.</summary>
    public IReadOnlyList<Difference> Suggested(QuestionGroup g) =>
        (g.Chosen is { } c ? g.Offered.Prepend(c) : g.Offered).Distinct().Select(knowledge.Find).OfType<Difference>().ToList();

    string Back => Ward is { Length: > 0 } ? $"/admin/questions?ward={Uri.EscapeDataString(Ward)}" : "/admin/questions";

    (Difference? Difference, FaqEntry? Faq) ParseTarget(string? target) => target switch
    {
        ['d', ':', .. var n] when int.TryParse(n, out var number) => (knowledge.Find(number), null),
        ['f', 'a', 'q', ':', .. var id] => (null, knowledge.FindFaq(id)),
        _ => (null, null),
    };
}
