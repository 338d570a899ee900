using Chatbot.Web.Conversations.Dialogs;

namespace Chatbot.Web.Conversations;

/// <summary>
/// Splits long answers to fit a channel's message limit (Messenger: 2,000 characters per text message), at paragraph
/// breaks first, then at sentence ends, then at spaces; a word longer than the limit is cut as a last resort.
/// </summary>
public static class MessageSplitter
{
    public const int MessengerLimit = 2000;

    public static IReadOnlyList<string> Split(string text, int limit = MessengerLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 10);
        var parts = new List<string>();
        var rest = text.Trim();
        while (rest.Length > limit)
        {
            var cut = LastBreak(rest, limit, "\n\n") ?? LastBreak(rest, limit, ". ", "? ", "! ", "\n") ?? LastBreak(rest, limit, " ") ?? limit;
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) parts.Add(rest);
        return parts;
    }

    /// <summary>The end of the last separator that keeps the first part within the limit (and not trivially short).</summary>
    static int? LastBreak(string text, int limit, params string[] separators)
    {
        var best = -1;
        foreach (var sep in separators)
        {
            var at = text.LastIndexOf(sep, limit - 1, StringComparison.Ordinal);
            if (at >= 0 && at + sep.TrimEnd().Length <= limit) best = Math.Max(best, at + sep.TrimEnd().Length);
        }
        return best > limit / 4 ? best : null;
    }

    /// <summary>Sends a possibly long text as several messages; the buttons go with the last one.</summary>
    public static async Task SendLongAsync(this DialogContext dc, string text, IReadOnlyList<Choice> choices, CancellationToken ct)
    {
        var parts = Split(text);
        for (var i = 0; i < parts.Count; i++)
            await dc.SendAsync(parts[i], i == parts.Count - 1 ? choices : [], ct);
    }
}
