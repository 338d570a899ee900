using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Conversations;

/// <summary>
/// The bot writes one item per line ("A. …", "B. …"). Bot Framework channels (Web Chat, Teams, the Emulator) render
/// message text as Markdown, where a single line break is a space: a quiz's options collapsed into one paragraph. For
/// them each lone "\n" becomes a Markdown hard break ("  \n"); a blank line (a paragraph break) stays as it is. Our own
/// web chat page and the native channels (service URL on .invalid: their replies never reach a connector) show text as
/// written, and Messenger and Zalo have no Markdown, so their text is left alone.
/// </summary>
internal sealed partial class MarkdownLineBreaks : Microsoft.Bot.Builder.IMiddleware
{
    [GeneratedRegex(@"(?<!  |\n)\n(?!\n)")] private static partial Regex LoneBreak();

    public static string Format(string text) => LoneBreak().Replace(text, "  \n");

    public Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken ct)
    {
        if (RendersMarkdown(turn.Activity))
            turn.OnSendActivities((_, activities, send) =>
            {
                foreach (var a in activities)
                    if (a.Type == ActivityTypes.Message && a.Text?.Contains('\n') == true
                        && a.TextFormat is null or TextFormatTypes.Markdown)
                    {
                        a.Text = Format(a.Text);
                        a.TextFormat = TextFormatTypes.Markdown;
                    }
                return send();
            });
        return next(ct);
    }

    static bool RendersMarkdown(IActivity incoming) =>
        !(Uri.TryCreate(incoming.ServiceUrl, UriKind.Absolute, out var url) && url.Host.EndsWith(".invalid", StringComparison.Ordinal));
}
