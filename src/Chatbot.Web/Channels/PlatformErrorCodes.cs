namespace Chatbot.Web.Channels;

/// <summary>
/// Platform error codes that mean "not acted on, try again later" (platforms.md §1.7, §2.6, §5), shared by chat
/// replies, notifications and page publishing so the retry classes cannot drift apart.
/// </summary>
public static class PlatformErrorCodes
{
    /// <summary>Graph rate limits: 4 app, 17 user, 32 page, 613 custom.</summary>
    public static bool IsGraphRateLimit(int code) => code is 4 or 17 or 32 or 613;

    /// <summary>Graph transient: 1 unknown, 2 temporary, -1 internal, or a rate limit.</summary>
    public static bool IsGraphTransient(int code) => code is 1 or 2 or -1 || IsGraphRateLimit(code);

    /// <summary>Zalo: the app or OA reached its call limit.</summary>
    public const int ZaloRateLimit = -32;
}
