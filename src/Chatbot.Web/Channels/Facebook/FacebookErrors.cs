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

    /// <summary>The errors staff can act on, in plain Vietnamese (the health board): (#200) a missing permission or a too
    /// small Page role, 190 a token Facebook no longer accepts, 10/1893063 a restricted Page (platforms.md §6).</summary>
    public static string? Explain(string reason)
    {
        bool Has(string s) => reason.Contains(s, StringComparison.OrdinalIgnoreCase);
        if (Has("(#200)") || Has("graph 200/"))
            return "Facebook từ chối vì thiếu quyền: người kết nối cần có vai trò quản lý hoặc tạo nội dung trên Trang và phải đồng ý đủ các quyền được hỏi. Bấm «Kết nối lại» và cấp đủ quyền.";
        if (Has("Graph 190") || Has("graph 190/"))
            return "Facebook không còn nhận mã truy cập của Trang (mật khẩu đã đổi, người kết nối mất quyền quản trị hoặc đã gỡ ứng dụng). Bấm «Kết nối lại».";
        if (Has("10/1893063"))
            return "Trang đang bị Facebook tạm hạn chế; việc gửi tạm dừng. Kiểm tra thông báo trong Meta Business Suite.";
        return null;
    }
}
