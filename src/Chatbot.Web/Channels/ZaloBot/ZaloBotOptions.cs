namespace Chatbot.Web.Channels.ZaloBot;

public sealed class ZaloBotOptions
{
    public const string Section = "ZaloBot";

    /// <summary>Base of every Bot API call: {base}/bot{token}/{method} (platforms.md §6). Tests point it at the simulator.</summary>
    public Uri ApiBaseUrl { get; init; } = new("https://bot-api.zaloplatforms.com");
}
