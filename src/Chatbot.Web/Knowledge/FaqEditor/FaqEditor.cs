using Chatbot.Web.Staff;

namespace Chatbot.Web.Knowledge;

/// <summary>What an editor action came to: the entry after it, field errors (<see cref="FaqOutcome.Invalid"/>), or why it
/// was refused, in Vietnamese (<see cref="Message"/>).</summary>
public sealed record FaqResult(FaqOutcome Outcome, FaqRow? Row = null, IDictionary<string, string[]>? Errors = null, string? Message = null)
{
    public bool Succeeded => Outcome is FaqOutcome.Saved or FaqOutcome.Unchanged;
}

/// <summary>
/// The FAQ editor's rules in one place, for the console (/admin/faq) and /api/faq alike: validation, optimistic
/// concurrency (a save names the version it edits), versions, and an audit entry with a readable summary of what
/// changed for every change. Callers check the DistrictAdmin role.
/// </summary>
public sealed class FaqEditor(FaqStore store, AuditLog audit)
{
    public async Task<FaqResult> CreateAsync(FaqInput input, string? id, string actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id))
            id = FaqInput.NewId(input.Question, (await store.ListAsync(withDeleted: true, ct)).Select(r => r.Id));
        var (entry, errors) = input.Check(id.Trim());
        if (entry is null) return Invalid(errors);
        var change = await store.CreateAsync(entry, actor, ct);
        if (change.Outcome == FaqOutcome.Exists)
            return new FaqResult(FaqOutcome.Exists, change.Row, new Dictionary<string, string[]>
            {
                ["id"] = [change.Row!.Deleted
                    ? $"«Mã mục» «{id}» là của một mục đã xóa; hãy khôi phục mục đó hoặc chọn mã khác."
                    : $"«Mã mục» «{id}» đã có; hãy chọn mã khác."],
            }, $"Đã có mục hỏi đáp mã «{id}».");
        await AuditAsync(actor, "faq.create", change.Row!, FaqDiff.Compare(null, entry), ct);
        return new FaqResult(FaqOutcome.Saved, change.Row);
    }

    public async Task<FaqResult> EditAsync(string id, int version, FaqInput input, string actor, CancellationToken ct)
    {
        var (entry, errors) = input.Check(id);
        if (entry is null) return Invalid(errors);
        var before = await store.FindAsync(id, ct);
        return await DoneAsync(await store.EditAsync(entry, version, actor, ct), actor, "faq.edit", before, ct);
    }

    public async Task<FaqResult> DeleteAsync(string id, int version, string actor, CancellationToken ct) =>
        await DoneAsync(await store.DeleteAsync(id, version, actor, ct), actor, "faq.delete", null, ct);

    public async Task<FaqResult> RestoreAsync(string id, int version, string actor, CancellationToken ct) =>
        await DoneAsync(await store.RestoreAsync(id, version, actor, ct), actor, "faq.restore", null, ct);

    public async Task<FaqResult> RollbackAsync(string id, int toVersion, int version, string actor, CancellationToken ct)
    {
        var before = await store.FindAsync(id, ct);
        return await DoneAsync(await store.RollbackAsync(id, toVersion, version, actor, ct), actor, "faq.rollback", before, ct,
            $" (về bản {toVersion})");
    }

    public async Task<FaqImportResult> ImportAsync(IReadOnlyList<FaqEntry> entries, string actor, CancellationToken ct)
    {
        var result = await store.ImportAsync(entries, actor, ct);
        await audit.WriteAsync(actor, "faq.import", "faq", null,
            $"{entries.Count} mục trong tệp: {result.Created} mục mới, {result.Changed} mục sửa, {result.Unchanged} mục giữ nguyên", ct);
        return result;
    }

    /// <summary>The sentence a refused change shows: who saved in between and when, so nothing is overwritten silently.</summary>
    public static string StaleMessage(FaqRow row) => row.Deleted
        ? $"Mục này vừa được {row.DeletedBy} xóa lúc {VietnamTime.Format(row.DeletedAt!.Value)}. Thay đổi của bạn chưa được lưu."
        : $"Mục này vừa được {row.UpdatedBy} sửa lúc {VietnamTime.Format(row.UpdatedAt)} (bản {row.Version}). Thay đổi của bạn chưa được lưu; hãy mở lại mục để xem bản mới rồi sửa tiếp.";

    async Task<FaqResult> DoneAsync(FaqChange change, string actor, string action, FaqRow? before, CancellationToken ct, string note = "")
    {
        switch (change.Outcome)
        {
            case FaqOutcome.NotFound: return new FaqResult(FaqOutcome.NotFound, Message: "Không có mục hỏi đáp này.");
            case FaqOutcome.Stale: return new FaqResult(FaqOutcome.Stale, change.Row, Message: StaleMessage(change.Row!));
            case FaqOutcome.Unchanged: return new FaqResult(FaqOutcome.Unchanged, change.Row);
        }
        var row = change.Row!;
        var changes = before is null ? [] : FaqDiff.Compare(before.ToEntry(), row.ToEntry());
        await AuditAsync(actor, action, row, changes, ct, note);
        return new FaqResult(FaqOutcome.Saved, row);
    }

    Task AuditAsync(string actor, string action, FaqRow row, IReadOnlyList<FieldChange> changes, CancellationToken ct, string note = "") =>
        audit.WriteAsync(actor, action, $"faq:{row.Id}", null,
            $"«{Snippet(row.Question, 120)}» bản {row.Version}{note}{(changes.Count > 0 ? ": " + FaqDiff.Summary(changes) : "")}", ct);

    static FaqResult Invalid(Dictionary<string, string[]> errors) =>
        new(FaqOutcome.Invalid, Errors: errors, Message: "Mục hỏi đáp chưa hợp lệ; chưa lưu gì.");

    static string Snippet(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
