using System.Text;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>The audit log with filters and CSV export. A ward member sees the entries of their ward; a district admin
/// every entry (sign-ins and user changes of district admins carry no ward).</summary>
internal sealed class AuditModel(AuditLog audit) : ConsolePage
{
    [FromQuery(Name = "user")] public string? Actor { get; set; }
    [FromQuery] public string? Action { get; set; }
    [FromQuery] public string? Ward { get; set; }
    [FromQuery] public string? From { get; set; }
    [FromQuery] public string? To { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public static readonly string[] Actions = ["post.", "campaign.", "delivery.", "user.", "token.", "question."];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Ward is { Length: > 0 } && !Staff.MayWorkOn(Ward)) return StatusCode(StatusCodes.Status403Forbidden);
        Entries = await SearchAsync(500, ct);
        return Page();
    }

    /// <summary>UTF-8 with a byte-order mark, so Excel opens the Vietnamese text correctly; times in Vietnam time.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (Ward is { Length: > 0 } && !Staff.MayWorkOn(Ward)) return StatusCode(StatusCodes.Status403Forbidden);
        var csv = new StringBuilder("Thời gian,Người thực hiện,Hành động,Đối tượng,Phường,Chi tiết\r\n");
        foreach (var e in await SearchAsync(50_000, ct))
            csv.Append(Csv.Line(VietnamTime.Format(e.At), e.Actor, e.Action, e.Target, e.WardId, e.Detail));
        return File(Csv.Utf8WithBom(csv.ToString()), "text/csv; charset=utf-8", "nhat-ky.csv");
    }

    Task<IReadOnlyList<AuditEntry>> SearchAsync(int limit, CancellationToken ct)
    {
        DateTimeOffset? Day(string? s, int addDays) =>
            s is { Length: > 0 } && PostRules.ParseTime(s + "T00:00:00") is { } t ? t.AddDays(addDays) : null;
        return audit.SearchAsync(Blank(Actor), Blank(Action), Blank(Ward), Day(From, 0), Day(To, 1),
            Staff.IsDistrictAdmin ? null : [Staff.WardId ?? "-"], limit, ct);
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>RFC 4180 lines; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
public static class Csv
{
    public static string Line(params object?[] cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    static string Cell(object? value)
    {
        var s = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@' && value is string) s = "'" + s;
        return s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    public static byte[] Utf8WithBom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
}
