using Chatbot.Web.Channels;

namespace Chatbot.Web.Desk;

/// <summary>Whether staff may answer a thread now, and what the inbox says about it.</summary>
/// <param name="Open">A reply may go now.</param>
/// <param name="Summary">«còn 20 giờ để trả lời trên Messenger», «còn 47 giờ, 8 tin miễn phí trên Zalo».</param>
/// <param name="Refusal">Why the reply box cannot send, and what the citizen can do; null when open.</param>
public sealed record ReplyWindowState(bool Open, string Summary, string? Refusal);

/// <summary>
/// A staff reply goes under the platform's rule for messages the service sends on its own (<see cref="PlatformProfile.Push"/>):
/// Messenger answers as RESPONSE within 24 h of the citizen's last message; Zalo only while CS messages are free (8
/// within 48 h, platforms.md §1.5), since a public service does not spend money silently. Web chat has no window: the
/// citizen's page fetches replies.
/// </summary>
public sealed class ReplyWindow(Platforms platforms, IEnumerable<ISendAllowance> allowances, TimeProvider clock)
{
    readonly Dictionary<PlatformId, ISendAllowance> allowanceOf = allowances.ToDictionary(a => a.Platform);

    public async Task<ReplyWindowState> ForAsync(DeskThread thread, CancellationToken ct)
    {
        if (platforms.Find(thread.Channel) is not { } platform)
            return new ReplyWindowState(true, "Trò chuyện trên trang web: người dân thấy trả lời khi trang chat đang mở hoặc khi quay lại", null);
        var sent = 0;
        if (allowanceOf.TryGetValue(platform.Id, out var allowance)
            && (await allowance.ReadAsync([thread.UserId], ct)).GetValueOrDefault(thread.UserId) is { } counted
            && (counted.Since is null || counted.Since >= thread.LastCitizenAt.AddSeconds(-1)))
            sent = counted.Sent;
        return Judge(platform, thread.LastCitizenAt, sent, clock.GetUtcNow());
    }

    public static ReplyWindowState Judge(PlatformProfile platform, DateTimeOffset lastWrote, int sentSince, DateTimeOffset now)
    {
        var app = platform.ChatName;
        switch (platform.Push)
        {
            case PushRule.Within within:
            {
                var left = within.Window - (now - lastWrote);
                return left > TimeSpan.Zero
                    ? new ReplyWindowState(true, $"còn {Duration(left)} để trả lời trên {app}", null)
                    : new ReplyWindowState(false, $"hết hạn trả lời trên {app}",
                        $"Đã quá {within.Window.TotalHours:0} giờ kể từ tin nhắn cuối của người dân, {app} không cho gửi trả lời nên tin này không được gửi. " +
                        "Khi người dân nhắn lại, bạn trả lời được ngay; nếu việc gấp, hãy liên hệ họ qua điện thoại hoặc mời đến bộ phận một cửa.");
            }
            case PushRule.Free free:
            {
                var left = free.Window - (now - lastWrote);
                var messages = free.Messages - sentSince;
                if (left <= TimeSpan.Zero)
                    return new ReplyWindowState(false, $"hết {free.Window.TotalHours:0} giờ miễn phí trên {app}",
                        $"Đã quá {free.Window.TotalHours:0} giờ kể từ tin nhắn cuối của người dân; tin trả lời lúc này trên {app} sẽ tính phí nên không được gửi. " +
                        "Khi người dân nhắn lại, bạn có thêm " + free.Messages + " tin miễn phí.");
                if (messages <= 0)
                    return new ReplyWindowState(false, $"hết {free.Messages} tin miễn phí trên {app}",
                        $"Đã dùng hết {free.Messages} tin miễn phí kể từ tin nhắn cuối của người dân (tính cả tin của trợ lý); tin tiếp theo trên {app} sẽ tính phí nên không được gửi. " +
                        "Khi người dân nhắn lại, bạn có thêm " + free.Messages + " tin miễn phí.");
                return new ReplyWindowState(true, $"còn {Duration(left)}, {messages} tin miễn phí trên {app}", null);
            }
            default:
                return new ReplyWindowState(true, $"trả lời được trên {app}", null);
        }
    }

    /// <summary>The rule in one phrase, for the inbox's explanation: "24 giờ", "48 giờ miễn phí, tối đa 8 tin".</summary>
    public static string Rule(PlatformProfile platform) => platform.Push switch
    {
        PushRule.Within w => $"{w.Window.TotalHours:0} giờ",
        PushRule.Free f => $"{f.Window.TotalHours:0} giờ miễn phí, tối đa {f.Messages} tin",
        _ => "không giới hạn",
    };

    /// <summary>"20 giờ", "45 phút": whole units, rounded down (never promise more time than there is).</summary>
    static string Duration(TimeSpan left) =>
        left >= TimeSpan.FromHours(1) ? $"{(int)left.TotalHours} giờ" : $"{Math.Max(1, (int)left.TotalMinutes)} phút";
}
