namespace Chatbot.Web.Channels.Zalo;

/// <summary>Zalo OA error codes (platforms.md §1.7) that more than one part of this folder decides on.</summary>
internal static class ZaloErrors
{
    /// <summary>The app or OA reached its call limit: back off and retry.</summary>
    public const int RateLimit = -32;

    /// <summary>-216 invalid, -220 expired or removed access token: refresh once, retry once (§1.2).</summary>
    public static bool IsTokenRejected(int code) => code is -216 or -220;

    /// <summary>The errors staff can act on, in plain Vietnamese (the health board): -224 a tier too low (platforms.md §6),
    /// -216/-220 or a failed refresh (the OA must be connected again).</summary>
    public static string? Explain(string reason)
    {
        bool Has(string s) => reason.Contains(s, StringComparison.OrdinalIgnoreCase);
        if (Has("zalo -224"))
            return "Gói OA hiện tại không cho dùng chức năng này (lỗi -224): gia hạn hoặc nâng gói OA.";
        if (Has("zalo -216") || Has("zalo -220") || Has("refresh") || Has("-14014"))
            return "Zalo không còn nhận mã truy cập của OA và không làm mới được (OA đã gỡ ứng dụng hoặc mã đã hết hạn). Bấm «Kết nối lại».";
        return null;
    }
}
