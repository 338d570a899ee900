namespace Chatbot.Web.Channels.Outbound;

internal static class TextSplitter
{
    /// <summary>Splits at a paragraph, line or word boundary when one is in the second half of a chunk.</summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        var parts = new List<string>();
        var rest = text;
        while (rest.Length > max)
        {
            var cut = rest.LastIndexOf("\n\n", max, StringComparison.Ordinal);
            if (cut < max / 2) cut = rest.LastIndexOf('\n', max - 1);
            if (cut < max / 2) cut = rest.LastIndexOf(' ', max - 1);
            if (cut < max / 2) cut = max;
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        parts.Add(rest);
        return parts;
    }

    /// <summary>Platforms truncate long labels themselves; doing it here keeps the cut on our side and visible.</summary>
    public static string Label(string label, int max) => label.Length <= max ? label : label[..(max - 1)] + "…";
}
