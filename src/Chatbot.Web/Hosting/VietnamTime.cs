namespace Chatbot.Web;

/// <summary>Times are stored in UTC and shown, scheduled and counted in Asia/Ho_Chi_Minh (UTC+7, no DST).</summary>
public static class VietnamTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow()).DateTime);

    /// <summary>"26/11/2026 08:00" — how staff and citizens read a time.</summary>
    public static string Format(DateTimeOffset utc) => ToLocal(utc).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
