using Chatbot.Web.Content;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Conversations;

/// <summary>
/// The one bot behind every channel. A message goes, in order, to: global words; the active dialog; topic triggers
/// (menu phrases, "điểm 3", "quiz"...); the question answerer; else "not understood" with the menu. State is saved once
/// per turn.
/// </summary>
public sealed class ChatBot(
    ConversationState conversationState,
    UserState userState,
    DialogSet dialogs,
    MainMenu menu,
    MenuContent content,
    IEnumerable<ITopicTrigger> triggers,
    IEnumerable<IQuestionAnswerer> answerers,
    IStorage storage,
    IFallbackAnswerer? fallback = null,
    IHumanOwner? humans = null) : ActivityHandler
{
    readonly IStatePropertyAccessor<DialogState> dialogState = conversationState.CreateProperty<DialogState>(DialogState.PropertyName);
    readonly IStatePropertyAccessor<UserProfile> profile = userState.CreateProperty<UserProfile>("profile");
    readonly ITopicTrigger[] orderedTriggers = triggers.OrderBy(t => t.Order).ToArray();

    const string NonTextForStaff = "(người dân gửi ảnh, tệp hoặc nhãn dán: xem trong hộp thư của nền tảng)";

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken);
        // Saved together (different keys): on the group-commit writer the two writes share one COMMIT instead of
        // waiting for one durable commit after the other (issue 18).
        await Task.WhenAll(conversationState.SaveChangesAsync(turnContext, false, cancellationToken),
            userState.SaveChangesAsync(turnContext, false, cancellationToken));
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded,
        ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        if (!membersAdded.Any(m => m.Id != turnContext.Activity.Recipient?.Id)) return;
        var dc = await ContextAsync(turnContext, cancellationToken);
        if (humans is not null && await humans.OwnsAsync(dc, cancellationToken)) return; // a person answers here now
        await menu.GreetAsync(dc, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var dc = await ContextAsync(turnContext, cancellationToken);
        var text = VietnameseText.Nfc(turnContext.Activity.Text ?? turnContext.Activity.Value?.ToString());
        if (text.Length == 0)
        {
            // A photo or sticker for the officer who has the conversation: they see that one came; the bot stays quiet.
            if (humans is not null && await humans.TakeMessageAsync(dc, NonTextForStaff, cancellationToken)) return;
            await dc.SendAsync(content.Text("non_text"), menu.Choices, cancellationToken);
            return;
        }
        await HandleAsync(dc, text, cancellationToken);
    }

    /// <summary>
    /// A share link's parameter (Messenger m.me ?ref=, platforms.md §4.1) arrives as an event named "referral": it is
    /// offered to the topic triggers only (e.g. "quiz.cds-17.SG01A1" starts that team's quiz); a ref nobody knows is
    /// ignored, since the citizen has been greeted already.
    /// </summary>
    protected override async Task OnEventActivityAsync(ITurnContext<IEventActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name != "referral" || turnContext.Activity.Value?.ToString() is not { Length: > 0 } reference)
            return;
        var dc = await ContextAsync(turnContext, cancellationToken);
        if (humans is not null && await humans.OwnsAsync(dc, cancellationToken)) return;
        foreach (var trigger in orderedTriggers)
            if (await trigger.TryStartAsync(dc, VietnameseText.Nfc(reference), cancellationToken))
                return;
    }

    async Task HandleAsync(DialogContext dc, string text, CancellationToken ct)
    {
        // A person owns this conversation: the message is theirs to read, and the bot says nothing unless told to
        // take the conversation back. Privacy words are the exception: the erase dialog runs as anywhere else.
        if (humans is not null && !EraseMyDataDialog.Claims(dc, text) && await humans.TakeMessageAsync(dc, text, ct))
        {
            // The citizen wrote to the officer instead of confirming: a later «có» to the officer must not erase.
            if (dc.Active?.Id == EraseMyDataDialog.DialogId) await dc.EndAsync(ct);
            return;
        }
        dc.RememberCitizen(text);
        var repliesLost = dc.TakeRepliesLost();
        var command = GlobalCommands.Match(text);
        if (command != GlobalCommand.None && dc.Active is { } current && dialogs.Find(current.Id) is { } expecting
            && await expecting.ClaimsAsync(dc, text, ct))
            command = GlobalCommand.None;
        switch (command)
        {
            case GlobalCommand.Greet:
                dc.CancelAll();
                await menu.GreetAsync(dc, ct);
                return;
            case GlobalCommand.Menu:
                dc.CancelAll();
                await menu.ShowAsync(dc, ct);
                return;
            case GlobalCommand.Restart:
                dc.CancelAll();
                await dc.SendAsync(content.Text("restarted"), ct);
                await menu.ShowAsync(dc, ct);
                return;
            case GlobalCommand.Help:
                await dc.SendAsync(content.Text("help"), menu.Choices, ct);
                return;
            case GlobalCommand.Cancel:
                var had = dc.Active is not null;
                await dc.EndAsync(ct);
                await dc.SendAsync(content.Text(had ? "cancelled" : "nothing_to_cancel"), menu.Choices, ct);
                return;
        }

        // Privacy words ("xóa dữ liệu của tôi") win over whatever the open dialog expects, on the first try.
        foreach (var trigger in orderedTriggers.Where(t => t.BeforeActiveDialog))
            if (await trigger.TryStartAsync(dc, text, ct))
                return;

        // The last replies never arrived: show the open dialog's prompt again rather than read this as its answer.
        if (repliesLost && dc.Active is { } open && dialogs.Find(open.Id) is { } unseen)
        {
            await unseen.ResumeAsync(dc, ct);
            return;
        }

        if (dc.Active is { } active && dialogs.Find(active.Id) is { } dialog && await dialog.ContinueAsync(dc, text, ct))
            return;

        foreach (var trigger in orderedTriggers.Where(t => !t.BeforeActiveDialog))
            if (await trigger.TryStartAsync(dc, text, ct))
                return;

        var interrupted = dc.Active;
        var answered = false;
        foreach (var answerer in answerers)
        {
            answered = await answerer.TryAnswerAsync(dc, text, ct);
            if (answered) break;
        }
        if (!answered)
        {
            if (fallback is null) await dc.SendAsync(content.Text("not_understood"), menu.Choices, ct);
            else await fallback.AnswerAsync(dc, text, ct);
        }
        if (interrupted is not null && dc.Active == interrupted && dialogs.Find(interrupted.Id) is { } paused)
            await paused.ResumeAsync(dc, ct);
    }

    async Task<DialogContext> ContextAsync(ITurnContext turn, CancellationToken ct)
    {
        // Both states in one read (they were two round trips in a row); the accessors below then find them loaded. Whether a
        // person owns the conversation is read at the same time.
        humans?.LookAhead(turn, ct);
        await Storage.SqlBotStorage.LoadTogetherAsync(storage, turn, conversationState, userState, ct);
        return new(turn,
            await dialogState.GetAsync(turn, () => new DialogState(), ct),
            dialogs,
            await profile.GetAsync(turn, () => new UserProfile(), ct));
    }
}
