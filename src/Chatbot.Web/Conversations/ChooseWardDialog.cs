using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Conversations;

/// <summary>
/// Asks the citizen's ward once and remembers it in <see cref="UserProfile.WardId"/>; then ends and resumes the dialog
/// that asked (which reads dc.User.WardId). Active wards are buttons; a typed former ward ("Bến Nghé") resolves to its
/// successor, and a split one ("Đa Kao") asks which of its successors, rather than guessing (wards.md).
/// </summary>
public sealed class ChooseWardDialog(UnitDirectory units, TimeProvider clock) : IDialog
{
    public const string DialogId = "choose-ward";
    public string Id => DialogId;

    DateOnly Today => VietnamTime.Today(clock);

    public Task BeginAsync(DialogContext dc, string? options, CancellationToken ct) =>
        AskAsync(dc, "Bạn đang sống hoặc làm việc ở phường nào?", units.ActiveOn(Today), ct);

    public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var candidates = units.MatchIn(text)
            .SelectMany(u => units.Current(u.Id, Today))
            .DistinctBy(u => u.Id)
            .ToList();
        switch (candidates.Count)
        {
            case 0:
                // Not a ward name: maybe a question; the bot answers it and re-asks (ResumeAsync).
                return false;
            case 1:
                dc.User.WardId = candidates[0].Id;
                await dc.SendAsync($"Đã ghi nhận: {candidates[0].Name}.", ct);
                await dc.EndAsync(ct, resumeParent: true);
                return true;
            default:
                await AskAsync(dc, $"«{text}» nay thuộc nhiều phường. Bạn ở phường nào?", candidates, ct);
                return true;
        }
    }

    public Task ResumeAsync(DialogContext dc, CancellationToken ct) =>
        AskAsync(dc, "Bạn chọn phường của mình nhé:", units.ActiveOn(Today), ct);

    static Task AskAsync(DialogContext dc, string question, IReadOnlyList<Unit> options, CancellationToken ct) =>
        dc.SendAsync(question, options.Select(u => new Choice(Label(u), u.Name)).ToList(), ct);

    /// <summary>Short names fit Messenger's 20-character button titles.</summary>
    static string Label(Unit u) => u.ShortName.Length <= 20 ? u.ShortName : u.ShortName[..20];
}
