using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Conversations.Dialogs;

/// <summary>The turn plus the dialog stack: what dialogs, triggers and answerers work with.</summary>
public sealed class DialogContext(ITurnContext turn, DialogState state, DialogSet dialogs, UserProfile user)
{
    public ITurnContext Turn { get; } = turn;
    public UserProfile User { get; } = user;
    public DialogSet Dialogs { get; } = dialogs;
    public IReadOnlyList<DialogInstance> Stack => state.Stack;

    /// <summary>What the conversation said lately (<see cref="DialogState.Recent"/>): handed to staff with the thread.</summary>
    public IReadOnlyList<RecentLine> Recent => state.Recent;

    public void RememberCitizen(string text) => state.Remember("citizen", text, Turn.Activity.Timestamp ?? DateTimeOffset.UtcNow);
    public DialogInstance? Active => state.Stack.Count > 0 ? state.Stack[^1] : null;

    /// <summary>Channel id as Bot Framework names it: "msteams", "emulator", "webchat", "facebook", "zalo", "web"...</summary>
    public string Channel => Turn.Activity.ChannelId ?? "unknown";
    public string ConversationId => Turn.Activity.Conversation?.Id ?? "";
    public string UserId => Turn.Activity.From?.Id ?? "";

    public async Task BeginAsync(string dialogId, string? options, CancellationToken ct)
    {
        var dialog = Dialogs.Find(dialogId) ?? throw new InvalidOperationException($"Unknown dialog '{dialogId}'");
        // A dialog started again replaces its earlier instance instead of stacking copies.
        state.Stack.RemoveAll(d => d.Id == dialogId);
        state.Stack.Add(new DialogInstance { Id = dialogId });
        await dialog.BeginAsync(this, options, ct);
    }

    /// <summary>Ends the active dialog; the one below (if any) is resumed when <paramref name="resumeParent"/>.</summary>
    public async Task EndAsync(CancellationToken ct, bool resumeParent = false)
    {
        if (state.Stack.Count > 0) state.Stack.RemoveAt(state.Stack.Count - 1);
        if (resumeParent && Active is { } parent && Dialogs.Find(parent.Id) is { } dialog)
            await dialog.ResumeAsync(this, ct);
    }

    public void CancelAll() => state.Stack.Clear();

    /// <summary>True once, when the previous turn's replies were lost (see <see cref="DialogState.RepliesLost"/>).</summary>
    public bool TakeRepliesLost()
    {
        var lost = state.RepliesLost;
        state.RepliesLost = false;
        return lost;
    }

    /// <summary>This turn has already offered buttons (a dialog resuming after an answer then keeps the answer's).</summary>
    public bool OfferedChoices { get; private set; }

    public Task SendAsync(string text, CancellationToken ct) => SendAsync(text, [], ct);

    /// <summary>Sends text with buttons. Each choice is (label, what tapping it says): typed and tapped answers
    /// take the same path, which is what Zalo needs too (a tap arrives as text).</summary>
    public async Task SendAsync(string text, IReadOnlyList<Choice> choices, CancellationToken ct)
    {
        var reply = MessageFactory.Text(text);
        if (choices.Count > 0) OfferedChoices = true;
        if (choices.Count > 0)
            reply.SuggestedActions = new SuggestedActions
            {
                Actions = choices.Select(c => new CardAction(ActionTypes.ImBack, c.Label, value: c.Say)).ToList(),
            };
        state.Remember("bot", text, Turn.Activity.Timestamp ?? DateTimeOffset.UtcNow);
        await Turn.SendActivityAsync(reply, ct);
    }
}

/// <summary>A button: the label shown (≤ 20 characters for Messenger) and the text it sends.</summary>
public sealed record Choice(string Label, string Say)
{
    public static Choice Of(string labelAndSay) => new(labelAndSay, labelAndSay);
}

/// <summary>The registered dialogs, by id.</summary>
public sealed class DialogSet(IEnumerable<IDialog> dialogs)
{
    readonly Dictionary<string, IDialog> byId = dialogs.ToDictionary(d => d.Id, StringComparer.Ordinal);

    public IDialog? Find(string id) => byId.GetValueOrDefault(id);
}

/// <summary>What the bot remembers about a citizen across conversations (UserState).</summary>
public sealed class UserProfile
{
    /// <summary>Id of the ward the citizen chose (dialogs/units), asked once when first needed.</summary>
    public string? WardId { get; set; }
    public string? TeamCode { get; set; }
}
