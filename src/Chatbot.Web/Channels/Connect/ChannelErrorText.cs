namespace Chatbot.Web.Channels.Connect;

/// <summary>
/// A channel's last error in plain Vietnamese for the health board and the API (staff are not expected to read Graph or
/// Zalo codes). The platform's own words follow in brackets, for whoever debugs it.
/// </summary>
internal static class ChannelErrorText
{
    public static string? Explain(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        if (reason == StoredChannelTokens.UnreadableReason) return reason.Split(" / ")[0];
        var plain = Plain(reason);
        return plain is null ? $"Lỗi khi gọi nền tảng: {reason}" : $"{plain} (chi tiết: {reason})";
    }

    static string? Plain(string r)
    {
        bool Has(string s) => r.Contains(s, StringComparison.OrdinalIgnoreCase);
        if (Has("(#200)") || Has("graph 200/"))
            return "Facebook từ chối vì thiếu quyền: người kết nối cần có vai trò quản lý hoặc tạo nội dung trên Trang và phải đồng ý đủ các quyền được hỏi. Bấm «Kết nối lại» và cấp đủ quyền.";
        if (Has("Graph 190") || Has("graph 190/"))
            return "Facebook không còn nhận mã truy cập của Trang (mật khẩu đã đổi, người kết nối mất quyền quản trị hoặc đã gỡ ứng dụng). Bấm «Kết nối lại».";
        if (Has("10/1893063"))
            return "Trang đang bị Facebook tạm hạn chế; việc gửi tạm dừng. Kiểm tra thông báo trong Meta Business Suite.";
        if (Has("zalo -224"))
            return "Gói OA hiện tại không cho dùng chức năng này (lỗi -224): gia hạn hoặc nâng gói OA.";
        if (Has("zalo -216") || Has("zalo -220") || Has("refresh") || Has("access token rejected"))
            return "Nền tảng không còn nhận mã truy cập và không làm mới được. Bấm «Kết nối lại» để cấp quyền lại.";
        if (Has("HTTP 5") || Has("timeout") || Has("connection"))
            return "Không kết nối được tới nền tảng (lỗi mạng hoặc máy chủ của nền tảng); hệ thống sẽ thử lại.";
        return null;
    }
}
