using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>
/// Short natural replies to greetings, thanks, goodbyes, "ok", laughter, emoji and insults, and an honest one to "are
/// you a person?": the bot says it is the ward's automatic assistant (Meta asks bots to disclose it). Texts are
/// dialogs/menus/knowledge.yaml's smalltalk_* keys.
/// </summary>
public sealed class SmallTalkReplies(KnowledgeTexts texts, MainMenu menu, ConversationWards wards)
{
    public Task ReplyAsync(DialogContext dc, SmallTalkKind kind, CancellationToken ct)
    {
        var text = texts.Format("smalltalk_" + kind.ToString().ToLowerInvariant(), ("ward", wards.Name(dc)));
        // After an insult or the identity question, the menu shows what the bot can do; a "thanks" or "ok" needs no buttons.
        return kind is SmallTalkKind.Identity or SmallTalkKind.Insult or SmallTalkKind.Greeting
            ? dc.SendAsync(text, menu.Choices, ct)
            : dc.SendAsync(text, ct);
    }
}
