using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// The one place that speaks when the knowledge has no answer: a message that is not about the topic, a support
/// question about an app or public service, or a "did you mean" the citizen rejected with «Không phải». Each is
/// recorded for staff with the conversation's ward. (Handing the citizen to a ward officer hooks in here.)
/// </summary>
public sealed class NoAnswerReplies(KnowledgeIndex index, KnowledgeTexts texts, MainMenu menu, UnansweredQuestions questions,
    ConversationWards wards, WardContact contact, ILogger<NoAnswerReplies> logger) : IFallbackAnswerer
{
    /// <summary>The idea in dialogs/knowledge/concepts.yaml for the ward's community tech teams: joining one, reaching
    /// one, when one visits are questions for the ward, and the ward's own teams and contacts answer them best.</summary>
    internal const string CommunityTeams = "tổ công nghệ số cộng đồng";

    /// <summary>No answerer took the message: this turn's decision (or a fresh one) says why.</summary>
    public async Task AnswerAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var decision = dc.Turn.TurnState.Get<KnowledgeDecision>(KnowledgeAnswerer.DecisionKey)
                       ?? (await index.CurrentAsync(ct)).Decide(text);
        var support = decision.Reason == NoneReason.Support;
        await RecordAsync(dc, new QuestionAsk(text, dc.Channel, dc.ConversationId, wards.Of(dc),
            support ? QuestionOutcomes.Support : QuestionOutcomes.None), ct);
        await dc.SendAsync(await ReplyAsync(dc, text, support, ct), menu.Choices, ct);
    }

    /// <summary>The honest "not covered" reply; about the community teams, the ward's teams and contacts instead.</summary>
    async Task<string> ReplyAsync(DialogContext dc, string text, bool support, CancellationToken ct)
    {
        if (support) return texts["support"];
        if (!(await index.CurrentAsync(ct)).Names(text, CommunityTeams)) return texts["not_covered"];
        return await contact.AppendToAsync(texts["teams_question"], wards.Of(dc), ct);
    }

    /// <summary>«Không phải»: none of the offered differences was meant.</summary>
    public async Task RejectedAsync(DialogContext dc, string question, IReadOnlyList<int> offered, CancellationToken ct)
    {
        await RecordAsync(dc, new QuestionAsk(question, dc.Channel, dc.ConversationId, wards.Of(dc), QuestionOutcomes.ClarifyRejected, offered), ct);
        await dc.SendAsync(texts["clarify_rejected"], menu.Choices, ct);
    }

    /// <summary>The citizen tapped one of the offered differences: staff may confirm it as an example question.</summary>
    public Task ChosenAsync(DialogContext dc, string question, IReadOnlyList<int> offered, int chosen, CancellationToken ct) =>
        RecordAsync(dc, new QuestionAsk(question, dc.Channel, dc.ConversationId, wards.Of(dc), QuestionOutcomes.ClarifyChosen, offered, chosen), ct);

    async Task RecordAsync(DialogContext dc, QuestionAsk ask, CancellationToken ct)
    {
        try
        {
            await questions.RecordAsync(ask, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Losing one record must not cost the citizen their answer.
            logger.LogError(e, "Could not record an unanswered question in conversation {ConversationId}", dc.ConversationId);
        }
    }
}
