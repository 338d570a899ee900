using System.Globalization;
using System.Text.RegularExpressions;

namespace Chatbot.Web.Wards;

/// <summary>One opening of a ward office: the days it applies to and a time span, in Vietnam time.</summary>
public sealed record OfficeSpan(IReadOnlySet<DayOfWeek> Days, TimeOnly From, TimeOnly To);

/// <summary>
/// When a ward's office (and so its staff) usually answers, as wards.yaml writes it: <c>["T2-T6 07:30-11:30",
/// "T2-T6 13:00-17:00", "T7 07:30-11:30"]</c> (T2…T7, CN; a day range or one day). Used to tell a citizen honestly when a
/// person will answer, and to count "answered within 4 working hours".
/// </summary>
public sealed partial class OfficeHours(IReadOnlyList<OfficeSpan> spans)
{
    [GeneratedRegex(@"^\s*(T[2-7]|CN)(?:\s*-\s*(T[2-7]|CN))?\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")]
    private static partial Regex Pattern();

    static readonly string[] DayNames = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

    public IReadOnlyList<OfficeSpan> Spans => spans;

    /// <summary>Parses the yaml lines; the error names the line that is not of the form "T2-T6 07:30-11:30".</summary>
    public static (OfficeHours? Hours, string? Error) Parse(IReadOnlyList<string> lines)
    {
        var result = new List<OfficeSpan>();
        foreach (var line in lines)
        {
            var m = Pattern().Match(line);
            if (!m.Success || !TimeOnly.TryParseExact(m.Groups[3].Value, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !TimeOnly.TryParseExact(m.Groups[4].Value, "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) || to <= from)
                return (null, $"giờ làm việc «{line}» không đúng dạng «T2-T6 07:30-11:30»");
            var first = Day(m.Groups[1].Value);
            var last = m.Groups[2].Success ? Day(m.Groups[2].Value) : first;
            var days = new HashSet<DayOfWeek>();
            for (var d = (int)first; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == (int)last) break;
            }
            result.Add(new OfficeSpan(days, from, to));
        }
        return (new OfficeHours(result), null);
    }

    static DayOfWeek Day(string code) => code == "CN" ? DayOfWeek.Sunday : (DayOfWeek)(code[1] - '1');

    /// <summary>"Thứ Hai – Thứ Sáu 07:30–11:30, 13:00–17:00; Thứ Bảy 07:30–11:30".</summary>
    public string Describe() => string.Join("; ", spans.GroupBy(s => DaysName(s.Days))
        .Select(g => g.Key + " " + string.Join(", ", g.Select(s => $"{s.From:HH\\:mm}–{s.To:HH\\:mm}"))));

    static string DaysName(IReadOnlySet<DayOfWeek> days)
    {
        // Monday-first order, so "T2-T6" reads Thứ Hai – Thứ Sáu.
        var ordered = days.OrderBy(d => ((int)d + 6) % 7).ToList();
        return ordered.Count == 1 ? DayNames[(int)ordered[0]] : $"{DayNames[(int)ordered[0]]} – {DayNames[(int)ordered[^1]]}";
    }

    public bool IsOpen(DateTimeOffset utc)
    {
        var local = VietnamTime.ToLocal(utc);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return spans.Any(s => s.Days.Contains(local.DayOfWeek) && s.From <= time && time < s.To);
    }

    /// <summary>The next moment the office opens at or after <paramref name="utc"/> (itself when open); null without hours.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset utc)
    {
        if (IsOpen(utc)) return utc;
        var local = VietnamTime.ToLocal(utc);
        for (var day = 0; day < 8; day++)
        {
            var date = DateOnly.FromDateTime(local.DateTime).AddDays(day);
            var opening = spans.Where(s => s.Days.Contains(date.DayOfWeek))
                .Select(s => new DateTimeOffset(date.ToDateTime(s.From), local.Offset))
                .Where(t => t > local).OrderBy(t => t).FirstOrDefault();
            if (opening != default) return opening.ToUniversalTime();
        }
        return null;
    }

    /// <summary>Office time between two moments (only the minutes the office is open count).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        if (toUtc <= fromUtc) return TimeSpan.Zero;
        var from = VietnamTime.ToLocal(fromUtc);
        var to = VietnamTime.ToLocal(toUtc);
        var total = TimeSpan.Zero;
        for (var date = DateOnly.FromDateTime(from.DateTime); date <= DateOnly.FromDateTime(to.DateTime); date = date.AddDays(1))
            foreach (var s in spans.Where(s => s.Days.Contains(date.DayOfWeek)))
            {
                var start = new DateTimeOffset(date.ToDateTime(s.From), from.Offset);
                var end = new DateTimeOffset(date.ToDateTime(s.To), from.Offset);
                var a = start > from ? start : from;
                var b = end < to ? end : to;
                if (b > a) total += b - a;
            }
        return total;
    }
}
