namespace Chatbot.Web.Channels.Facebook;

/// <summary>Graph error codes that mean "not acted on, try again later" (platforms.md §2.6, §5), shared by replies,
/// notifications and Page publishing so the retry classes cannot drift apart.</summary>
internal static class FacebookErrors
{
    /// <summary>Rate limits: 4 app, 17 user, 32 page, 613 custom.</summary>
    public static bool IsRateLimit(int code) => code is 4 or 17 or 32 or 613;

    /// <summary>Transient: 1 unknown, 2 temporary, -1 internal, or a rate limit.</summary>
    public static bool IsTransient(int code) => code is 1 or 2 or -1 || IsRateLimit(code);

    /// <summary>190: the token is invalid or expired (a Page token stays valid until a password change or lost role, §3.2).</summary>
    public const int TokenRejected = 190;
}
