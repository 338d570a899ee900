namespace Chatbot.Web.Channels;

/// <summary>
/// What core code may know about a platform, and nothing more: replies, notifications, post rules, dialogs, pages and
/// the unit data loader loop over the registered profiles (or look one up by <see cref="PlatformId"/>) and never name a
/// platform. A platform's folder registers its profile in its AddX() (Channels/Facebook/FacebookExtensions.cs...).
/// </summary>
public sealed record PlatformProfile
{
    public required PlatformId Id { get; init; }

    /// <summary>What staff call a channel of this platform: "Trang Facebook", "Zalo OA".</summary>
    public required string DisplayName { get; init; }

    /// <summary>What citizens call the app they chat in: "Messenger", "Zalo".</summary>
    public required string ChatName { get; init; }

    /// <summary>How long after the citizen's last message a reply may go; null when the platform sets no window.</summary>
    public TimeSpan? ReplyWindow { get; init; }

    /// <summary>When a message the citizen did not just ask for (ward news to a subscriber) may go.</summary>
    public required PushRule Push { get; init; }

    /// <summary>Told to a citizen who subscribes on this platform: when the news will reach them (one sentence).</summary>
    public required string SubscribeNote { get; init; }

    public required MessageLimits Limits { get; init; }

    /// <summary>The ceiling for messages the service starts itself (a fan-out), and what the platform limits by.</summary>
    public required SendRate Rate { get; init; }

    /// <summary>How a channel of this platform is written in dialogs/units/wards.yaml.</summary>
    public required UnitData UnitData { get; init; }

    /// <summary>A link that opens a chat with the channel, carrying <c>ref</c> when <see cref="ChatLinkCarriesRef"/> (quiz
    /// share links, platforms.md §4); null when the platform has no public chat link.</summary>
    public Func<WardChannel, string, Uri>? ChatLink { get; init; }

    /// <summary>False: the link opens the chat only, and the citizen types the share code there (Zalo, platforms.md §4.2).</summary>
    public bool ChatLinkCarriesRef { get; init; }

    /// <summary>The words of a link to open the chat on the home page ("Nhắn tin", "Mở Zalo OA").</summary>
    public string ChatLinkLabel { get; init; } = "Nhắn tin";

    /// <summary>Ward posts: the longest text a post may have on this platform and whose limit it is; null when the
    /// platform does not publish ward posts.</summary>
    public PostLimit? Posts { get; init; }

    /// <summary>Where staff see a published post, from its platform id; null when it has no public address.</summary>
    public Func<string, Uri?> PostLink { get; init; } = _ => null;

    /// <summary>A recorded error of this platform (a send's or publish's reason, a re-authorisation reason) in plain
    /// Vietnamese for the health board, or null when the platform has nothing particular to say about it.</summary>
    public Func<string, string?> ExplainError { get; init; } = _ => null;

    /// <summary>Why a channel is flagged for re-authorisation when the platform rejects its token and nothing can renew it.</summary>
    public string TokenRejectedReason { get; init; } = "access token rejected and no refresh token";
}

/// <param name="Text">Characters in one message; longer text is split.</param>
/// <param name="Buttons">Choices shown with one message; more follow in further messages.</param>
/// <param name="Label">Characters in a button's label; longer ones are cut.</param>
public sealed record MessageLimits(int Text, int Buttons, int Label);

/// <param name="Whose">Ends the refusal "quá giới hạn N ký tự …": "của Facebook", "chọn cho Zalo".</param>
public sealed record PostLimit(int MaxText, string Whose);

/// <summary>What the platform counts a send rate against: each channel (a Messenger Page) or the whole app (Zalo).</summary>
public enum RateScope { Channel, App }

/// <param name="PerSecond">Default ceiling; Outbound:RatePerSecond:&lt;platform&gt; overrides it.</param>
public sealed record SendRate(double PerSecond, RateScope Scope);

/// <summary>How a channel is described in dialogs/units/wards.yaml: the key of its account id (the Page id, the OA id)
/// and of its display name. Without an account key the channel's own id names it (a bot reached by its webhook URL).</summary>
public sealed record UnitData(string? AccountKey, string NameKey)
{
    public IEnumerable<string> Keys => AccountKey is null ? [NameKey] : [AccountKey, NameKey];
}
