namespace Chatbot.Web.Channels.Connect;

public sealed class ConnectOptions
{
    public const string Section = "ChannelConnect";

    /// <summary>How long a connection may take from the consent dialog to the callback (and the Page pick).</summary>
    public TimeSpan StateLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each instance re-reads the connected channels (another instance's connection takes effect
    /// within this; the instance that connected applies it at once).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The daily health check warns about what expires or fails within this.</summary>
    public TimeSpan WarnAhead { get; init; } = TimeSpan.FromDays(7);
}
