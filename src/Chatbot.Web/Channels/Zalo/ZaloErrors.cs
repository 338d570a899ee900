namespace Chatbot.Web.Channels.Zalo;

/// <summary>Zalo OA error codes (platforms.md §1.7) that more than one part of this folder decides on.</summary>
internal static class ZaloErrors
{
    /// <summary>The app or OA reached its call limit: back off and retry.</summary>
    public const int RateLimit = -32;

    /// <summary>-216 invalid, -220 expired or removed access token: refresh once, retry once (§1.2).</summary>
    public static bool IsTokenRejected(int code) => code is -216 or -220;
}
