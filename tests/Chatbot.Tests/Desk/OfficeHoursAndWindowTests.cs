using Chatbot.Web.Channels;
using Chatbot.Web.Desk;
using Chatbot.Web.Wards;

namespace Chatbot.Tests.Desk;

/// <summary>Pure rules: a ward's office hours (Vietnam time) and the reply window staff see per platform.</summary>
public sealed class OfficeHoursAndWindowTests
{
    static readonly OfficeHours Hours = OfficeHours.Parse(["T2-T6 07:30-11:30", "T2-T6 13:00-17:00", "T7 07:30-11:30"]).Hours!;

    // 2026-11-27 is a Friday; times below are UTC (Vietnam = UTC+7).
    static DateTimeOffset Vn(int day, int hour, int minute = 0) => new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Office_hours_read_naturally_and_know_when_the_office_is_open()
    {
        Assert.Equal("Thứ Hai – Thứ Sáu 07:30–11:30, 13:00–17:00; Thứ Bảy 07:30–11:30", Hours.Describe());
        Assert.True(Hours.IsOpen(Vn(27, 8)));
        Assert.False(Hours.IsOpen(Vn(27, 12)));          // lunch
        Assert.False(Hours.IsOpen(Vn(29, 9)));           // Sunday
        Assert.Equal(Vn(28, 7, 30), Hours.NextOpening(Vn(27, 18)));   // Friday evening → Saturday morning
        Assert.Equal(Vn(30, 7, 30), Hours.NextOpening(Vn(28, 12)));   // Saturday noon → Monday
    }

    [Fact]
    public void Working_time_counts_only_office_minutes()
    {
        Assert.Equal(TimeSpan.FromHours(4.5), Hours.WorkingTimeBetween(Vn(27, 8), Vn(27, 14)));   // 08:00–11:30 and 13:00–14:00
        // Friday 16:00 → Monday 09:00: one hour on Friday, four on Saturday, one and a half on Monday.
        Assert.Equal(TimeSpan.FromHours(6.5), Hours.WorkingTimeBetween(Vn(27, 16), Vn(30, 9)));
    }

    [Theory]
    [InlineData("T2-T6 7:30", "giờ làm việc «T2-T6 7:30» không đúng dạng")]
    [InlineData("T8 07:30-11:30", "không đúng dạng")]
    [InlineData("T2 11:30-07:30", "không đúng dạng")]
    public void A_malformed_line_is_named(string line, string error) =>
        Assert.Contains(error, OfficeHours.Parse([line]).Error);

    static readonly PlatformProfile Messenger = new()
    {
        Id = new PlatformId("m"), DisplayName = "Trang", ChatName = "Messenger", Push = new PushRule.Within(TimeSpan.FromHours(24), "x"),
        SubscribeNote = "", Limits = new MessageLimits(2000, 13, 20), Rate = new SendRate(1, RateScope.Channel), UnitData = new UnitData(null, "n"),
    };

    static readonly PlatformProfile Zalo = Messenger with { ChatName = "Zalo", Push = new PushRule.Free(TimeSpan.FromHours(48), 8, "a", "b") };

    [Fact]
    public void The_window_left_is_rounded_down_and_closes_with_a_reason()
    {
        var wrote = Vn(27, 8);
        Assert.Equal("còn 20 giờ để trả lời trên Messenger", ReplyWindow.Judge(Messenger, wrote, 0, wrote.AddHours(3.5)).Summary);
        var late = ReplyWindow.Judge(Messenger, wrote, 0, wrote.AddHours(24).AddMinutes(1));
        Assert.False(late.Open);
        Assert.Contains("Khi người dân nhắn lại", late.Refusal);
        Assert.Equal("còn 47 giờ, 8 tin miễn phí trên Zalo", ReplyWindow.Judge(Zalo, wrote, 0, wrote.AddMinutes(30)).Summary);
        var used = ReplyWindow.Judge(Zalo, wrote, 8, wrote.AddHours(1));
        Assert.False(used.Open);
        Assert.Contains("hết 8 tin miễn phí", used.Summary);
        Assert.False(ReplyWindow.Judge(Zalo, wrote, 0, wrote.AddHours(49)).Open);
    }
}
