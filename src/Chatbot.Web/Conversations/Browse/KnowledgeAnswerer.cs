using Chatbot.Web.Content;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// Free text anywhere, answered from the knowledge. A difference opens in the browse dialog (so "điểm tiếp theo" works
/// next) unless another dialog is running, which then only gets interrupted and resumes; an FAQ entry is answered
/// with buttons to its related differences. Below the threshold it returns false and <see cref="UnsureAnswerer"/> speaks.
/// </summary>
public sealed class KnowledgeAnswerer(KnowledgeSearch search, KnowledgeTexts texts, DifferenceView view) : IQuestionAnswerer
{
    public async Task<bool> TryAnswerAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var answer = search.Answer(text);
        if (answer.Difference is { } d)
        {
            await dc.SendAsync(texts.Format("answer_intro", ("number", d.Number)), ct);
            if (dc.Active is null || dc.Active.Id == BrowseDialog.DialogId)
                await dc.BeginAsync(BrowseDialog.DialogId, d.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            else
                await dc.SendLongAsync(view.Detail(d), [], ct);
            return true;
        }
        if (answer.Faq is { } faq)
        {
            var related = faq.Related.Select(n => search.Knowledge.Find(n)).OfType<Difference>();
            await dc.SendLongAsync(faq.Answer, DifferenceView.Topics(related), ct);
            return true;
        }
        return false;
    }
}

/// <summary>When nothing is confident: say so, offer the closest topics and the menu, and record the question for staff.</summary>
public sealed class UnsureAnswerer(KnowledgeSearch search, KnowledgeTexts texts, MainMenu menu, UnansweredQuestions unanswered,
    ILogger<UnsureAnswerer> logger) : IFallbackAnswerer
{
    public async Task AnswerAsync(DialogContext dc, string text, CancellationToken ct)
    {
        try
        {
            await unanswered.RecordAsync(text, dc.Channel, dc.ConversationId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Losing one record must not cost the citizen their answer.
            logger.LogError(e, "Could not record an unanswered question in conversation {ConversationId}", dc.ConversationId);
        }
        var closest = search.Answer(text).Closest;
        if (closest.Count == 0)
        {
            await dc.SendAsync(texts["unsure_no_topic"], menu.Choices, ct);
            return;
        }
        var choices = DifferenceView.Topics(closest, DifferenceView.MaxButtons - 1).Append(Choice.Of(texts["button_menu"])).ToList();
        await dc.SendAsync(texts["unsure"], choices, ct);
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
