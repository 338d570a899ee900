namespace Chatbot.Web.Channels;

internal static class ChannelUrls
{
    /// <summary>Base + path, keeping the base's own path (new Uri(base, relative) would drop "v25.0" or a prefix).</summary>
    public static Uri Combine(Uri baseUrl, string path) => new(baseUrl.ToString().TrimEnd('/') + "/" + path.TrimStart('/'));
}
