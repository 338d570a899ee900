using Chatbot.Web.Channels;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Desk;

/// <summary>How the inbox names things for staff: channels by name ("Messenger · Phường Sài Gòn"), wards by name, authors.</summary>
public sealed class DeskNames(Platforms platforms, ChannelDirectory channels, UnitDirectory units)
{
    public string Channel(DeskThread t)
    {
        if (platforms.Find(t.Channel) is not { } platform)
            return t.Channel == "webchat" ? "Trò chuyện trên trang web" : t.Channel;
        var account = t.AccountId is null ? null : channels.ByAccount(platform.Id, t.AccountId);
        return account is null ? platform.ChatName : $"{platform.ChatName} · {account.DisplayName}";
    }

    public string Ward(string? wardId) => units.NameOf(wardId);

    public static string Author(DeskMessage m) => m.Author switch
    {
        Authors.Citizen => "Người dân",
        Authors.Bot => "Trợ lý tự động",
        Authors.Staff => "Cán bộ " + m.StaffName,
        Authors.Platform => "Cán bộ (trả lời trong hộp thư của nền tảng)",
        _ => m.Author,
    };

    public static string State(string state) => state switch
    {
        ThreadStates.Waiting => "Đang chờ cán bộ",
        ThreadStates.Open => "Đang trao đổi",
        ThreadStates.Closed => "Đã đóng",
        _ => state,
    };

    /// <summary>"2 giờ 15 phút", "3 ngày 4 giờ".</summary>
    public static string Elapsed(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays} ngày {span.Hours} giờ"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} giờ {span.Minutes} phút"
        : $"{Math.Max(0, (int)span.TotalMinutes)} phút";
}
