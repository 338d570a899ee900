using Chatbot.Web.Conversations.Dialogs;

namespace Chatbot.Web.Conversations;

/// <summary>
/// Whether a person (ward staff) owns a conversation: then the bot sends nothing in it. The staff desk (Desk/) is the
/// one implementation; the bot only asks.
/// </summary>
public interface IHumanOwner
{
    Task<bool> OwnsAsync(DialogContext dc, CancellationToken ct);

    /// <summary>Starts the lookup this turn's next question to the owner needs, beside the bot's state read (issue 18: on
    /// PostgreSQL one round trip fewer in sequence per turn).</summary>
    void LookAhead(Microsoft.Bot.Builder.ITurnContext turn, CancellationToken ct) { }

    /// <summary>The citizen wrote <paramref name="text"/>. True when a person owns the conversation: the message went
    /// to them (or, being a word that hands the conversation back, was answered here), and the bot must not answer it.</summary>
    Task<bool> TakeMessageAsync(DialogContext dc, string text, CancellationToken ct);
}
