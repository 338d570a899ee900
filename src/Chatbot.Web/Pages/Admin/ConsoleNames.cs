using System.Globalization;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// What staff read instead of ids: «Phường Tân Định» for tan-dinh, «Trang Facebook Phường Tân Định» for
/// tan-dinh-facebook, «Facebook» for facebook, «17 ngày chuyển đổi số (tạo 30/11/2026 15:29)» for a campaign id.
/// Ids stay in URLs, forms and the API; pages print these. An id nobody lists (a unit since removed) is shown as is,
/// so nothing disappears.
/// </summary>
public sealed class ConsoleNames(UnitDirectory units, ChannelDirectory channels, Platforms platforms)
{
    public string Ward(string? id) => units.NameOf(id, none: "Mọi phường");

    public string Wards(IEnumerable<string> ids, bool all = false) => all ? "Mọi phường hiện hành" : string.Join(", ", ids.Select(Ward));

    public string Platform(string? id) => platforms.Find(id)?.DisplayName ?? id ?? "—";

    public string Platforms(IEnumerable<string> ids) => string.Join(", ", ids.Select(Platform));

    /// <summary>«Trang Facebook Phường Sài Gòn», «Zalo OA UBND Phường Sài Gòn»: the platform's name for a ward account
    /// and the account's own name, as the citizen sees it on the platform.</summary>
    public string Channel(string? id) =>
        id is not null && channels.Find(id) is { } c ? $"{Platform(c.Platform.Value)} {c.DisplayName}" : id ?? "—";

    /// <summary>A 17-day series by when it was made: its id is <c>17-ngay-cds-yyyyMMddHHmmss-…</c> (UTC).</summary>
    public static string Campaign(string? id)
    {
        if (id is null) return "—";
        if (!id.StartsWith(CampaignWorkflow.Prefix + "-", StringComparison.Ordinal)) return id;
        var stamp = id[(CampaignWorkflow.Prefix.Length + 1)..].Split('-')[0];
        return DateTime.TryParseExact(stamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var made)
            ? $"17 ngày chuyển đổi số (tạo {VietnamTime.Format(new DateTimeOffset(made, TimeSpan.Zero))})"
            : "17 ngày chuyển đổi số";
    }
}
