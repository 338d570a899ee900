namespace Chatbot.Web.Desk;

/// <summary>Where a staff reply is (desk_messages.status).</summary>
public static class DeskDelivery
{
    /// <summary>Stored, not yet claimed by a sender.</summary>
    public const string Queued = "queued";
    /// <summary>Claimed by one sender (compare-and-set), on its way.</summary>
    public const string Sending = "sending";
    /// <summary>The platform accepted it.</summary>
    public const string Sent = "sent";
    /// <summary>Web chat: the citizen's open page fetches it (nothing to push to).</summary>
    public const string OnPage = "on-page";
    /// <summary>No token for the channel: written to the sandbox outbox (development).</summary>
    public const string Sandbox = "sandbox";
    /// <summary>The request left but no answer came: it may have arrived, so it is never resent.</summary>
    public const string Unknown = "unknown";
    /// <summary>The platform refused it (window closed, citizen blocked the Page...).</summary>
    public const string Refused = "refused";
    /// <summary>Known not delivered (platform down after retries, configuration problem).</summary>
    public const string Failed = "failed";

    /// <summary>How staff read a status in the inbox.</summary>
    public static string Name(string? status) => status switch
    {
        Queued => "Đang chờ gửi",
        Sending => "Đang gửi",
        Sent => "Đã gửi",
        OnPage => "Đã gửi (trang chat)",
        Sandbox => "Chưa gửi thật (kênh chưa kết nối, ghi vào hộp thử)",
        Unknown => "Không rõ đã đến chưa (không gửi lại)",
        Refused => "Nền tảng từ chối",
        Failed => "Gửi lỗi",
        _ => "",
    };
}
