using Chatbot.Web.Pages.Admin.Posts;

namespace Chatbot.Tests.Staff;

/// <summary>The compose page's repeat picker as pure logic: the cron it writes, reading a stored cron back, the words
/// lists show, the next times (Vietnam time) and the Vietnamese errors per picker field.</summary>
public sealed class RepeatRuleTests
{
    [Theory]
    [InlineData("daily", "08:00", new int[0], null, "0 8 * * *", "08:00 hằng ngày")]
    [InlineData("weekly", "07:30", new[] { 3, 1 }, null, "30 7 * * 1,3", "07:30 Thứ Hai, Thứ Tư hằng tuần")]
    [InlineData("weekly", "18:05", new[] { 0, 6 }, null, "5 18 * * 0,6", "18:05 Thứ Bảy, Chủ nhật hằng tuần")]
    [InlineData("monthly", "09:00", new int[0], 5, "0 9 5 * *", "09:00 ngày 5 hằng tháng")]
    public void The_picker_writes_a_cron_that_reads_back_as_the_same_words(string kind, string time, int[] days, int? dayOfMonth, string cron, string words)
    {
        var (rule, errors) = RepeatRule.From(kind, time, days, dayOfMonth);
        Assert.Empty(errors);
        Assert.Equal(cron, rule!.Cron);
        Assert.Equal(words, rule.Describe());
        Assert.Equal(rule.Cron, RepeatRule.Parse(cron)!.Cron);
        Assert.Equal(words, RepeatRule.Describe(cron));
    }

    [Theory]
    [InlineData("*/15 * * * *")]
    [InlineData("0 8 31 * *")]
    [InlineData("0 8 * 12 *")]
    [InlineData("0 8 * * MON")]
    public void A_cron_the_picker_cannot_say_is_a_custom_repetition(string cron)
    {
        Assert.Null(RepeatRule.Parse(cron));
        Assert.Equal("theo lịch lặp riêng", RepeatRule.Describe(cron));
    }

    [Fact]
    public void Each_missing_or_wrong_field_gets_a_Vietnamese_error_under_its_own_name()
    {
        Assert.Equal(["repeatDays"], RepeatRule.From("weekly", "08:00", [], null).Errors.Keys);
        Assert.Equal(["repeatDayOfMonth"], RepeatRule.From("monthly", "08:00", [], 31).Errors.Keys);
        Assert.Equal(["repeatTime"], RepeatRule.From("daily", "8 giờ", [], null).Errors.Keys);
        Assert.Equal("Lặp lại: chọn hằng ngày, các ngày trong tuần hoặc hằng tháng.", RepeatRule.From("yearly", "08:00", [], null).Errors["repeatKind"].Single());
    }

    [Fact]
    public void The_next_times_are_Vietnam_times_and_stop_at_the_end_date()
    {
        var now = new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero); // Thursday 08:00 in Vietnam
        var until = new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.FromHours(7));
        var next = RepeatRule.Next("30 7 * * 1,3", now, until, 5).Select(RepeatRule.Occurrence).ToList();
        Assert.Equal(["Thứ Hai 30/11/2026 07:30", "Thứ Tư 02/12/2026 07:30"], next);
    }
}
