using Chatbot.Web.Content;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// Free text anywhere, answered by the knowledge's decision (docs/question-answering.md): small talk gets a short
/// reply; an answer opens the difference in the browse dialog (so "điểm tiếp theo" works next) unless another dialog
/// is running, which then only gets interrupted and resumes; an FAQ entry is answered with buttons to its related
/// differences; "did you mean" starts <see cref="ClarifyDialog"/>. For "none" it returns false and
/// <see cref="NoAnswerReplies"/> speaks, reading this turn's decision instead of deciding again.
/// </summary>
public sealed class KnowledgeAnswerer(KnowledgeIndex index, KnowledgeTexts texts, DifferenceView view, SmallTalkReplies smallTalk,
    ConversationWards wards, WardContact contact) : IQuestionAnswerer
{
    internal const string DecisionKey = "Chatbot.KnowledgeDecision";

    /// <summary>FAQ entries whose id contains this are about reaching the community tech teams: their answer ends with the
    /// conversation's ward's teams and contact details as staff keep them (Thông tin phường, Tổ công nghệ số), like the
    /// hand-off's office hours. Matched by id, not by text, because staff edit the text in the console.</summary>
    internal const string WardContactFaq = "to-cong-nghe-so-cong-dong";

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
                await dc.SendLongAsync(await WithWardContactAsync(dc, faq, ct), DifferenceView.Topics(related), ct);
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

    /// <summary>The entry's answer, followed for <see cref="WardContactFaq"/> by what the ward keeps; the answer alone when the
    /// ward is not known (web chat before a ward is chosen) or keeps nothing, so its general advice still stands.</summary>
    Task<string> WithWardContactAsync(DialogContext dc, FaqEntry faq, CancellationToken ct) =>
        faq.Id.Contains(WardContactFaq, StringComparison.Ordinal) ? contact.AppendToAsync(faq.Answer, wards.Of(dc), ct) : Task.FromResult(faq.Answer);

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
