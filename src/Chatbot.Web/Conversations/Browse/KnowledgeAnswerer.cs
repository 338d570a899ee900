using Chatbot.Web.Content;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// Free text anywhere, answered by the knowledge's decision (docs/question-answering.md): small talk gets a short
/// reply; an answer opens the difference in the browse dialog (so "điểm tiếp theo" works next) unless another dialog
/// is running, which then only gets interrupted and resumes; an FAQ entry is answered with buttons to its related
/// differences; "did you mean" starts <see cref="ClarifyDialog"/>. For "none" it returns false and
/// <see cref="NoAnswerReplies"/> speaks, reading this turn's decision instead of deciding again.
/// </summary>
public sealed class KnowledgeAnswerer(KnowledgeIndex index, KnowledgeTexts texts, DifferenceView view, SmallTalkReplies smallTalk)
    : IQuestionAnswerer
{
    internal const string DecisionKey = "Chatbot.KnowledgeDecision";

    public async Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var decision = (await index.CurrentAsync(ct)).Decide(text);
        dc.Turn.TurnState[DecisionKey] = decision;
        switch (decision)
        {
            case { Reason: NoneReason.SmallTalk, SmallTalk: { } kind }:
                await smallTalk.ReplyAsync(dc, kind, ct);
                return true;
            case { Kind: DecisionKind.Answer, Faq.Entry: { } faq }:
                var related = faq.Related.Select(n => index.Content.Knowledge.Find(n)).OfType<Difference>();
                await dc.SendLongAsync(faq.Answer, DifferenceView.Topics(related), ct);
                return true;
            case { Kind: DecisionKind.Answer, Difference: { } d }:
                await ShowAsync(dc, d, texts, view, ct);
                return true;
            case { Kind: DecisionKind.Clarify }:
                await dc.BeginAsync(ClarifyDialog.DialogId, ClarifyDialog.Options(text, decision.Candidates), ct);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The answer to a question about <paramref name="d"/>: in browse (next/previous work afterwards) when
    /// nothing else runs, else the detail alone, so the interrupted dialog can resume.</summary>
    internal static async Task ShowAsync(DialogContext dc, Difference d, KnowledgeTexts texts, DifferenceView view, CancellationToken ct)
    {
        await dc.SendAsync(texts.Format("answer_intro", ("number", d.Number)), ct);
        if (dc.Active is null || dc.Active.Id == BrowseDialog.DialogId)
            await dc.BeginAsync(BrowseDialog.DialogId, d.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        else
            await dc.SendLongAsync(view.Detail(d), [], ct);
    }
}

/// <summary>"Hỏi đáp" from the menu: invites a question with examples, then gets out of the way, since free text is
/// answered from anywhere.</summary>
public sealed class AskDialog(KnowledgeTexts texts) : IDialog
{
    public string Id => "ask";

    public async Task BeginAsync(DialogContext dc, string? options, CancellationToken ct)
    {
        await dc.SendAsync(texts["ask_prompt"], texts.AskExamples.Select(Choice.Of).ToList(), ct);
        await dc.EndAsync(ct);
    }

    public Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct) => Task.FromResult(false);
    public Task ResumeAsync(DialogContext dc, CancellationToken ct) => Task.CompletedTask;
}
