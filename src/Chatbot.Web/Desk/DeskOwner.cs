using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Staff;
using Microsoft.Bot.Builder;

namespace Chatbot.Web.Desk;

/// <summary>
/// Keeps the bot silent while a person owns the conversation (a live thread): the citizen's messages go to the thread
/// and nothing is answered — no menus, no quiz feedback. The words that hand the conversation back ("menu", "bắt đầu
/// lại", "dừng") close the thread, and the bot says so and shows the menu; "trợ giúp" says how to come back.
/// </summary>
public sealed class DeskOwner(DeskThreads threads, MenuContent content, MainMenu menu, AuditLog audit, TimeProvider clock)
    : IHumanOwner, Channels.Outbound.IPersonOwnership
{
    /// <summary>Ward news waits while a person owns any of the citizen's conversations on that channel.</summary>
    public Task<bool> OwnsAsync(string channel, string userId, CancellationToken ct) => threads.HasLiveAsync(channel, userId, ct);

    /// <summary>Who closed a thread when the citizen took it back.</summary>
    public const string Citizen = "người dân";

    public async Task<bool> OwnsAsync(DialogContext dc, CancellationToken ct) => await LiveAsync(dc, ct) is not null;

    const string LiveAhead = "Chatbot.Desk.LiveThreadAhead";

    public void LookAhead(ITurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.Conversation?.Id is not { Length: > 0 } conversationId) return;
        var channel = turn.Activity.ChannelId ?? "unknown";
        turn.TurnState[LiveAhead] = DeskReadAhead.KnownNone(channel, conversationId)
            ? Task.FromResult<DeskThread?>(null) // the inbox claim looked already
            : threads.LiveAsync(channel, conversationId, ct);
    }

    /// <summary>The conversation's live thread: what <see cref="LookAhead"/> started, once (a later question in the same
    /// turn, after a change, reads again).</summary>
    Task<DeskThread?> LiveAsync(DialogContext dc, CancellationToken ct)
    {
        if (dc.Turn.TurnState.Get<Task<DeskThread?>>(LiveAhead) is { } ahead)
        {
            dc.Turn.TurnState.Remove(LiveAhead);
            return ahead;
        }
        return threads.LiveAsync(dc.Channel, dc.ConversationId, ct);
    }

    public async Task<bool> TakeMessageAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (await LiveAsync(dc, ct) is not { } thread) return false;
        switch (GlobalCommands.Match(text))
        {
            case GlobalCommand.Menu or GlobalCommand.Restart or GlobalCommand.Cancel:
                if (await threads.CloseAsync(thread.Id, Citizen, clock.GetUtcNow(), ct))
                    await audit.WriteAsync(Citizen, "desk.returned", $"thread:{thread.Id}", thread.WardId, "người dân gõ «" + text + "»", ct);
                dc.CancelAll();
                await dc.SendAsync(content.Text("handoff_returned"), ct);
                await menu.ShowAsync(dc, ct);
                return true;
            case GlobalCommand.Help:
                await dc.SendAsync(content.Text("handoff_with_person"), ct);
                return true;
        }
        await threads.AddCitizenMessageAsync(thread.Id, text, dc.Turn.Activity.Timestamp ?? clock.GetUtcNow(), ct);
        return true;
    }
}
