using System.Text.RegularExpressions;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;

namespace Chatbot.Web.Wards;

/// <summary>A form's or an import's ward details before validation: office hours one span a line.</summary>
public sealed record WardDetailsInput(string? DisplayName, string? OfficeHours, string? Address, string? Hotline);

/// <summary>
/// The ward details staff keep current (ward staff their own ward, a DistrictAdmin every ward): validated with
/// Vietnamese field errors, saved, audited, and read live by the desk and the bot on every instance.
/// </summary>
public sealed partial class WardDetailsWorkflow(WardRegistry registry, UnitDirectory units, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 100, MaxAddress = 200;

    [GeneratedRegex(@"^\+?[0-9][0-9 .\-()]{2,24}$")] private static partial Regex PhonePattern();

    public Unit? WardFor(string wardId, CurrentStaff staff) =>
        units.Find(wardId) is { } u && u.IsActiveOn(VietnamTime.Today(clock)) && staff.MayWorkOn(u.Id) ? u : null;

    public IReadOnlyList<Unit> WardsFor(CurrentStaff staff) =>
        units.ActiveOn(VietnamTime.Today(clock)).Where(u => staff.MayWorkOn(u.Id)).ToList();

    /// <summary>Checks one ward's details; field errors (Vietnamese) keyed by field name, the cleaned details when valid.</summary>
    public static WardDetails? Validate(string wardId, WardDetailsInput input, string actor, DateTimeOffset at, IDictionary<string, string[]> errors)
    {
        var name = VietnameseText.Nfc(input.DisplayName);
        if (name.Length == 0) errors["displayName"] = ["Chưa nhập tên hiển thị của phường."];
        else if (name.Length > MaxName) errors["displayName"] = [$"Tên hiển thị dài tối đa {MaxName} ký tự."];
        var lines = (input.OfficeHours ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 0 && OfficeHours.Parse(lines).Error is { } hoursError)
            errors["officeHours"] = [char.ToUpperInvariant(hoursError[0]) + hoursError[1..] + "."];
        var address = VietnameseText.Nfc(input.Address);
        if (address.Length > MaxAddress) errors["address"] = [$"Địa chỉ dài tối đa {MaxAddress} ký tự."];
        var hotline = VietnameseText.Nfc(input.Hotline);
        if (hotline.Length > 0 && (!PhonePattern().IsMatch(hotline) || hotline.Count(char.IsAsciiDigit) is < 3 or > 15))
            errors["hotline"] = [$"Số đường dây nóng «{hotline}» không hợp lệ: chỉ gồm chữ số, dấu cách, dấu chấm hoặc gạch nối, ví dụ 028 3829 1234."];
        return errors.Count > 0 ? null
            : new WardDetails(wardId, name, lines, address.Length == 0 ? null : address, hotline.Length == 0 ? null : hotline, actor, at);
    }

    public async Task<WardsResult<WardDetails>> SaveAsync(string wardId, WardDetailsInput input, CurrentStaff staff, CancellationToken ct)
    {
        if (WardFor(wardId, staff) is not { } unit) return WardsProblem.NoWard(wardId);
        var errors = new Dictionary<string, string[]>();
        if (Validate(unit.Id, input, staff.Name, clock.GetUtcNow(), errors) is not { } details)
            return WardsProblem.Invalid(errors, "Chưa lưu được thông tin phường");
        var before = (await registry.CurrentAsync(ct)).Details(unit.Id);
        await registry.SaveDetailsAsync(details, ct);
        await audit.WriteAsync(staff.Name, "ward.details", $"ward:{unit.Id}", unit.Id, Changes(before, details), ct);
        return WardsResult<WardDetails>.Ok(details);
    }

    /// <summary>"giờ làm việc: … → …; đường dây nóng: (trống) → …" — what the audit entry says changed.</summary>
    public static string Changes(WardDetails? before, WardDetails after)
    {
        static string Show(string? v) => string.IsNullOrEmpty(v) ? "(trống)" : v;
        var parts = new List<string>();
        void Compare(string label, string? a, string? b) { if (a != b) parts.Add($"{label}: {Show(a)} → {Show(b)}"); }
        Compare("tên hiển thị", before?.DisplayName, after.DisplayName);
        Compare("giờ làm việc", before is null ? null : string.Join(", ", before.OfficeHourLines), string.Join(", ", after.OfficeHourLines));
        Compare("địa chỉ", before?.Address, after.Address);
        Compare("đường dây nóng", before?.Hotline, after.Hotline);
        return parts.Count == 0 ? "không có thay đổi" : string.Join("; ", parts);
    }
}
