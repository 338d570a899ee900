using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Staff;

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

    public async Task<bool> OwnsAsync(DialogContext dc, CancellationToken ct) =>
        await threads.LiveAsync(dc.Channel, dc.ConversationId, ct) is not null;

    public async Task<bool> TakeMessageAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (await threads.LiveAsync(dc.Channel, dc.ConversationId, ct) is not { } thread) return false;
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
