namespace Chatbot.Web.Channels.Facebook;

public sealed class FacebookOptions
{
    public const string Section = "Facebook";

    /// <summary>Signs webhooks (X-Hub-Signature-256); from env Facebook__AppSecret, never from a committed file.</summary>
    public string AppSecret { get; init; } = "";

    /// <summary>Our app's id: message echoes carrying it are our own sends, other echoes are staff replying (human takeover).</summary>
    public string AppId { get; init; } = "";

    /// <summary>Our answer to Meta's webhook verification handshake (hub.verify_token).</summary>
    public string VerifyToken { get; init; } = "";

    /// <summary>Base of every Graph API call, naming the Graph version (configuration only: no version is written anywhere
    /// else). v25.0 is supported until 29 Jul 2028; v21.0 expires 21 Jan 2027 (platforms.md §6). Tests point it at the
    /// local simulator.</summary>
    public Uri GraphBaseUrl { get; init; } = new("https://graph.facebook.com/v25.0");

    /// <summary>The Facebook Login dialog staff are sent to when connecting a Page in the console (Kênh → «Kết nối Trang
    /// Facebook»). Tests point it at the local simulator.</summary>
    public Uri DialogUrl { get; init; } = new("https://www.facebook.com/v25.0/dialog/oauth");
}
