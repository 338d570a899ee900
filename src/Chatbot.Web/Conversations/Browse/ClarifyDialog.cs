using System.Globalization;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// "Có phải bạn muốn hỏi về…": the question is on topic but the bot is not sure which difference, so it offers up to
/// three as buttons (their labels, ≤ 20 characters, fit Messenger's quick replies and Zalo's buttons) plus «Không phải».
/// One tap answers; either way the ask is recorded for staff with what was offered and chosen. Anything else the
/// citizen types ends this dialog and is handled as if it had not been asked (a quiz below gets its answer).
/// </summary>
public sealed class ClarifyDialog(KnowledgeBase knowledge, KnowledgeTexts texts, DifferenceView view, NoAnswerReplies noAnswer)
    : IDialog
{
    public const string DialogId = "clarify";
    public string Id => DialogId;

    /// <summary>The dialog's options: candidate numbers, then the question on the next line.</summary>
    public static string Options(string question, IEnumerable<KnowledgeHit> candidates) =>
        string.Join(",", candidates.Take(KnowledgeDecision.MaxCandidates).Select(c => c.Difference.Number)) + "\n" + question;

    public async Task BeginAsync(DialogContext dc, string? options, CancellationToken ct)
    {
        var (numbers, question) = Parse(options ?? "");
        dc.Active!.Set("candidates", string.Join(",", numbers));
        dc.Active.Set("question", question);
        var offered = numbers.Select(knowledge.Find).OfType<Difference>().ToList();
        var text = texts["clarify"] + "\n" + string.Join("\n",
            offered.Select(d => texts.Format("clarify_item", ("number", d.Number), ("title", d.Title))));
        var choices = DifferenceView.Topics(offered, KnowledgeDecision.MaxCandidates).Append(Choice.Of(texts["button_not_it"])).ToList();
        await dc.SendLongAsync(text, choices, ct);
    }

    public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var (numbers, question) = (Numbers(dc.Active!.Get("candidates")), dc.Active.Get("question") ?? "");
        var folded = VietnameseText.Fold(text);
        var tapped = DifferenceReference.Parse(text) is { } n && numbers.Contains(n) ? knowledge.Find(n)
            : numbers.Select(knowledge.Find).OfType<Difference>().FirstOrDefault(d => VietnameseText.Fold(d.Label) == folded);
        if (tapped is not null)
        {
            await dc.EndAsync(ct);
            await noAnswer.ChosenAsync(dc, question, numbers, tapped.Number, ct);
            await KnowledgeAnswerer.ShowAsync(dc, tapped, texts, view, ct);
            await ResumeBelowAsync(dc, ct);
            return true;
        }
        if (folded == VietnameseText.Fold(texts["button_not_it"]) || TypedNo.Matches(text))
        {
            await dc.EndAsync(ct);
            await noAnswer.RejectedAsync(dc, question, numbers, ct);
            await ResumeBelowAsync(dc, ct);
            return true;
        }
        // Not a reply to "did you mean": this dialog is over; the dialog below (if any) sees the text as usual.
        await dc.EndAsync(ct);
        return dc.Active is { } below && dc.Dialogs.Find(below.Id) is { } dialog && await dialog.ContinueAsync(dc, text, ct);
    }

    /// <summary>Interrupted by something else (a menu word, a new question): the offer is stale, so it just ends.</summary>
    public Task ResumeAsync(DialogContext dc, CancellationToken ct) => dc.EndAsync(ct);

    /// <summary>A quiz or another dialog under this one re-prompts; browse does not need to (the answer is on screen).</summary>
    static async Task ResumeBelowAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.Active is { Id: not BrowseDialog.DialogId } below && dc.Dialogs.Find(below.Id) is { } dialog)
            await dialog.ResumeAsync(dc, ct);
    }

    static (IReadOnlyList<int> Numbers, string Question) Parse(string options)
    {
        var newline = options.IndexOf('\n');
        return newline < 0 ? (Numbers(options), "") : (Numbers(options[..newline]), options[(newline + 1)..]);
    }

    static IReadOnlyList<int> Numbers(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
}
