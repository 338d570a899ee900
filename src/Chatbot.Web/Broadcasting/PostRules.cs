using System.Globalization;
using Chatbot.Web.Channels;
using Chatbot.Web.Staff;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Broadcasting;

public sealed record CreatePostRequest(string? Text, string? Link, string? ImageUrl, string[]? Wards, string[]? Platforms,
    string? At, string? Cron, string? Until, bool Submit = false);

/// <summary>
/// Checks a post before it is stored. Platforms are those that publish ward posts (a registered profile with
/// <see cref="PlatformProfile.Posts"/>); each target platform's text limit applies (its profile says why it is what it is).
/// Times: ISO-8601; without an offset they are read as Asia/Ho_Chi_Minh.
/// </summary>
public sealed class PostRules(UnitDirectory units, Platforms platforms, TimeProvider clock)
{
    public const string AllWards = "all";

    public sealed record Checked(NewPost Post, IReadOnlyList<string> WardIds);

    /// <summary>Field errors (Vietnamese), or the post. <paramref name="forbidden"/> is set when the user may not target a ward.</summary>
    public (Checked? Result, Dictionary<string, string[]> Errors, bool Forbidden) Check(CreatePostRequest r, CurrentStaff staff, string? campaign = null)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        var today = VietnamTime.Today(clock);
        var now = clock.GetUtcNow();

        var text = (r.Text ?? "").Normalize(System.Text.NormalizationForm.FormC).Trim();
        var publishing = platforms.Publishing.ToList();
        var requestedPlatforms = (r.Platforms is { Length: > 0 } ? r.Platforms : publishing.Select(p => p.Id.Value)).Select(p => p.Trim().ToLowerInvariant()).Distinct().ToList();
        var targets = new List<PlatformProfile>();
        foreach (var p in requestedPlatforms)
        {
            if (publishing.FirstOrDefault(x => x.Id.Value == p) is { } profile) targets.Add(profile);
            else Add("platforms", $"Nền tảng «{p}» không hỗ trợ; chọn {string.Join(" và/hoặc ", publishing.Select(x => x.Id))}.");
        }
        if (text.Length == 0) Add("text", "Nội dung bài không được để trống.");
        foreach (var (max, whose) in targets.Select(t => t.Posts!).Where(limit => text.Length > limit.MaxText))
            Add("text", $"Bài dài {text.Length:N0} ký tự, quá giới hạn {max:N0} ký tự {whose}.");
        if (r.Link is { Length: > 0 } && !IsWebUrl(r.Link)) Add("link", "Đường dẫn phải là địa chỉ http(s) đầy đủ.");
        if (r.ImageUrl is { Length: > 0 } && !IsWebUrl(r.ImageUrl)) Add("imageUrl", "Ảnh phải là địa chỉ http(s) đầy đủ, công khai.");

        var forbidden = false;
        var requested = r.Wards ?? [];
        var all = requested.Any(w => string.Equals(w, AllWards, StringComparison.OrdinalIgnoreCase));
        var wardIds = new List<string>();
        if (requested.Length == 0) Add("wards", "Chọn ít nhất một phường.");
        else if (all)
        {
            if (!staff.IsDistrictAdmin) forbidden = true;
            wardIds.AddRange(units.ActiveOn(today).Select(u => u.Id));
        }
        else
            foreach (var w in requested.Distinct())
            {
                if (units.Find(w) is not { } unit) Add("wards", $"Không có phường «{w}».");
                else if (!unit.IsActiveOn(today))
                    Add("wards", $"{unit.Name} không còn là đơn vị hành chính từ {unit.ValidTo:dd/MM/yyyy}; chọn phường hiện hành ({string.Join(", ", units.Current(w, today).Select(u => u.Id))}).");
                else if (!staff.MayWorkOn(w)) forbidden = true;
                else wardIds.Add(w);
            }

        DateTimeOffset? at = null, until = null;
        string? cron = null;
        if (r.At is not { Length: > 0 } && r.Cron is not { Length: > 0 })
            Add("at", "Chưa chọn thời gian đăng: chọn một thời điểm đăng hoặc một lịch lặp lại.");
        else if (r.At is { Length: > 0 } && r.Cron is { Length: > 0 })
            Add("at", "Chỉ chọn một trong hai: một thời điểm đăng hoặc một lịch lặp lại, không cả hai.");
        else if (r.At is { Length: > 0 })
        {
            at = ParseTime(r.At);
            if (at is null) Add("at", $"Thời điểm không đọc được hoặc ngoài khoảng cho phép ({RangeText}); dùng dạng 2026-12-01T08:00:00+07:00.");
            else if (at <= now) Add("at", $"Thời điểm {VietnamTime.Format(at.Value)} đã qua; chọn một thời điểm trong tương lai (giờ Việt Nam).");
        }
        else
        {
            cron = r.Cron!.Trim();
            if (PostScheduler.ParseCron(cron) is null) Add("cron", $"Biểu thức cron «{cron}» không hợp lệ (5 trường: phút giờ ngày tháng thứ, ví dụ \"0 8 * * *\" = 8:00 hằng ngày).");
            until = r.Until is { Length: > 0 } ? ParseTime(r.Until) : null;
            if (until is null) Add("until", $"Lịch lặp lại cần ngày kết thúc ({RangeText}), ví dụ 31/12/2026.");
            else if (until <= now) Add("until", "Ngày kết thúc đã qua; chọn một ngày trong tương lai.");
            else if (PostScheduler.ParseCron(cron) is not null && PostScheduler.NextOccurrence(cron, now, until) is null)
                Add("cron", "Lịch lặp không có lần đăng nào trước ngày kết thúc.");
        }

        if (errors.Count > 0 || forbidden) return (null, errors, forbidden);
        var post = new NewPost(text, NullIfEmpty(r.Link), NullIfEmpty(r.ImageUrl), all, wardIds, string.Join(',', targets.Select(t => t.Id.Value).Order()),
            at, cron, until, campaign, staff.Id);
        return (new Checked(post, wardIds), errors, false);
    }

    /// <summary>The times a post, a filter or a calendar may name. Outside them date arithmetic (a week, a cron
    /// occurrence, the offset of 0001-01-01 or 9999-12-31) would overflow, and no ward plans that far.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const string RangeText = "từ năm 2000 đến hết năm 2099";

    /// <summary>With an offset as given; without one, as Vietnam local time. Null when unreadable or outside
    /// <see cref="Earliest"/>..<see cref="Latest"/>.</summary>
    public static DateTimeOffset? ParseTime(string s)
    {
        s = s.Trim();
        var hasOffset = s.EndsWith('Z') || s.Length > 10 && (s[^6] is '+' or '-') && s[^3] == ':';
        DateTime local;
        if (hasOffset)
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var o) && InRange(o.UtcDateTime)
                ? o.ToUniversalTime() : null;
        if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out local) || !InRange(local)) return null;
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), VietnamTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A local calendar day (yyyy-MM-dd) inside the allowed range.</summary>
    public static DateOnly? ParseDay(string? s) =>
        DateOnly.TryParseExact(s?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        && InRange(d.ToDateTime(TimeOnly.MinValue)) ? d : null;

    static bool InRange(DateTime t) => t >= Earliest.UtcDateTime && t < Latest.UtcDateTime;

    static bool IsWebUrl(string s) => Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
    static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
