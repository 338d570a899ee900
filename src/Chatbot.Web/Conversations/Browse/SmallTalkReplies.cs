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
    /// <summary>How recent a welcome must be to count as the answer to a first «chào».</summary>
    static readonly TimeSpan JustNow = TimeSpan.FromSeconds(10);

    public Task ReplyAsync(DialogContext dc, SmallTalkKind kind, CancellationToken ct)
    {
        // A first message of only «chào ad», sent as the conversation opened (web chat's first call, Get Started then a
        // hello): the welcome with its menu has just said hello; a second greeting with the same menu reads like an echo.
        if (kind == SmallTalkKind.Greeting && JustWelcomed(dc)) return Task.CompletedTask;
        var text = texts.Format("smalltalk_" + kind.ToString().ToLowerInvariant(), ("ward", wards.Name(dc)));
        // After an insult or the identity question, the menu shows what the bot can do; a "thanks" or "ok" needs no buttons.
        return kind is SmallTalkKind.Identity or SmallTalkKind.Insult or SmallTalkKind.Greeting
            ? dc.SendAsync(text, menu.Choices, ct)
            : dc.SendAsync(text, ct);
    }

    /// <summary>This message is the citizen's first, and the bot's welcome came right before it.</summary>
    static bool JustWelcomed(DialogContext dc) =>
        dc.Recent is [.., { Author: "bot" } welcome, { Author: "citizen" } hello]
        && dc.Recent.Count(l => l.Author == "citizen") == 1
        && hello.At - welcome.At < JustNow;
}
