using System.Globalization;
using Chatbot.Web.Broadcasting;

namespace Chatbot.Web.Pages.Admin.Posts;

/// <summary>
/// The compose page's repeat picker: «hằng ngày», «các ngày trong tuần» or «hằng tháng» at a time of day, which becomes
/// the cron the API and the scheduler keep (5 fields, Vietnam time). Staff never type cron; a post made through the API
/// with a cron the picker cannot say is shown and kept as «lịch lặp riêng» (its cron under «Nâng cao»).
/// </summary>
public sealed record RepeatRule(string Kind, int Hour, int Minute, IReadOnlyList<int> Days, int DayOfMonth)
{
    public const string Daily = "daily", Weekly = "weekly", Monthly = "monthly", Custom = "cron";

    /// <summary>Cron day-of-week numbers (0 = Sunday) in the order a Vietnamese week is read, Monday first.</summary>
    public static readonly (int Cron, string Name)[] WeekDays =
        [(1, "Thứ Hai"), (2, "Thứ Ba"), (3, "Thứ Tư"), (4, "Thứ Năm"), (5, "Thứ Sáu"), (6, "Thứ Bảy"), (0, "Chủ nhật")];

    /// <summary>The picker's fields as a rule, or the Vietnamese errors keyed by the picker's field names.</summary>
    public static (RepeatRule? Rule, Dictionary<string, string[]> Errors) From(string? kind, string? time, IEnumerable<int>? days, int? dayOfMonth)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TimeOnly.TryParseExact(time?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            errors["repeatTime"] = ["Giờ đăng: chọn giờ và phút, ví dụ 08:00."];
        var picked = (days ?? []).Where(d => d is >= 0 and <= 6).Distinct().Order().ToList();
        switch (kind)
        {
            case Daily: break;
            case Weekly when picked.Count == 0: errors["repeatDays"] = ["Các ngày trong tuần: chọn ít nhất một ngày."]; break;
            case Weekly: break;
            case Monthly when dayOfMonth is not (>= 1 and <= 28): errors["repeatDayOfMonth"] = ["Ngày trong tháng: chọn từ 1 đến 28 (tháng nào cũng có)."]; break;
            case Monthly: break;
            default: errors["repeatKind"] = ["Lặp lại: chọn hằng ngày, các ngày trong tuần hoặc hằng tháng."]; break;
        }
        return errors.Count > 0 ? (null, errors) : (new RepeatRule(kind!, at.Hour, at.Minute, picked, dayOfMonth ?? 1), errors);
    }

    public string Cron => Kind switch
    {
        Daily => $"{Minute} {Hour} * * *",
        Weekly => $"{Minute} {Hour} * * {string.Join(',', Days)}",
        _ => $"{Minute} {Hour} {DayOfMonth} * *",
    };

    public string Time => $"{Hour:00}:{Minute:00}";

    /// <summary>The rule a cron written by <see cref="Cron"/> came from; null for any other cron.</summary>
    public static RepeatRule? Parse(string? cron)
    {
        var f = (cron ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out var m) || m is < 0 or > 59
            || !int.TryParse(f[1], CultureInfo.InvariantCulture, out var h) || h is < 0 or > 23 || f[3] != "*") return null;
        if (f[2] == "*" && f[4] == "*") return new RepeatRule(Daily, h, m, [], 1);
        if (f[2] == "*")
        {
            var days = f[4].Split(',').Select(d => int.TryParse(d, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 6 ? n : -1).ToList();
            return days.Contains(-1) ? null : new RepeatRule(Weekly, h, m, days.Distinct().Order().ToList(), 1);
        }
        return f[4] == "*" && int.TryParse(f[2], CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 28
            ? new RepeatRule(Monthly, h, m, [], d) : null;
    }

    /// <summary>«08:00 hằng ngày», «08:00 Thứ Hai, Thứ Tư hằng tuần», «08:00 ngày 5 hằng tháng».</summary>
    public string Describe() => Kind switch
    {
        Daily => $"{Time} hằng ngày",
        Weekly => $"{Time} {string.Join(", ", WeekDays.Where(w => Days.Contains(w.Cron)).Select(w => w.Name))} hằng tuần",
        _ => $"{Time} ngày {DayOfMonth} hằng tháng",
    };

    /// <summary>Any post's repetition in words; a cron the picker does not write is «theo lịch lặp riêng».</summary>
    public static string Describe(string cron) => Parse(cron)?.Describe() ?? "theo lịch lặp riêng";

    /// <summary>The next <paramref name="count"/> times (UTC) the scheduler would publish, none after <paramref name="until"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(string cron, DateTimeOffset after, DateTimeOffset? until, int count)
    {
        var list = new List<DateTimeOffset>();
        var from = after;
        while (list.Count < count && PostScheduler.NextOccurrence(cron, from, until) is { } next)
        {
            list.Add(next);
            from = next;
        }
        return list;
    }

    static readonly string[] DayNames = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    /// <summary>«Thứ Hai 07/12/2026 08:00» (Vietnam time).</summary>
    public static string Occurrence(DateTimeOffset utc) =>
        $"{DayNames[(int)VietnamTime.ToLocal(utc).DayOfWeek]} {VietnamTime.Format(utc)}";
}
