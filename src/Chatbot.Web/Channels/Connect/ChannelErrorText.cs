namespace Chatbot.Web.Channels.Connect;

/// <summary>
/// A channel's last error in plain Vietnamese for the health board and the API (staff are not expected to read platform
/// codes): the platform's own explanation (<see cref="PlatformProfile.ExplainError"/>) or a general one. The platform's own
/// words follow in brackets, for whoever debugs it.
/// </summary>
internal static class ChannelErrorText
{
    public static string? Explain(PlatformProfile? platform, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        if (reason == StoredChannelTokens.UnreadableReason) return reason.Split(" / ")[0];
        var plain = platform?.ExplainError(reason) ?? General(reason);
        return plain is null ? $"Lỗi khi gọi nền tảng: {reason}" : $"{plain} (chi tiết: {reason})";
    }

    static string? General(string r)
    {
        bool Has(string s) => r.Contains(s, StringComparison.OrdinalIgnoreCase);
        if (Has("refresh") || Has("access token rejected"))
            return "Nền tảng không còn nhận mã truy cập và không làm mới được. Bấm «Kết nối lại» để cấp quyền lại.";
        if (Has("HTTP 5") || Has("timeout") || Has("connection"))
            return "Không kết nối được tới nền tảng (lỗi mạng hoặc máy chủ của nền tảng); hệ thống sẽ thử lại.";
        return null;
    }
}
