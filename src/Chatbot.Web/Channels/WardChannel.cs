namespace Chatbot.Web.Channels;

/// <summary>
/// A ward's channel on a platform: a Facebook Page, a Zalo OA, a Zalo bot. <see cref="AccountId"/> is the platform's id
/// of it (Page id, OA id). Secrets come from configuration by <see cref="Id"/> (Channels:&lt;id&gt;:AccessToken).
/// </summary>
public sealed record WardChannel(string Id, string WardId, PlatformId Platform, string AccountId, string DisplayName);
