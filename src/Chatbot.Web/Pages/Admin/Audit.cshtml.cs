using System.Text;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>The audit log with filters and CSV export. A ward member sees the entries of their ward; a district admin
/// every entry (sign-ins and user changes of district admins carry no ward).</summary>
internal sealed class AuditModel(AuditLog audit, Chatbot.Web.Wards.UnitDirectory units, TimeProvider clock) : ConsolePage
{
    [FromQuery(Name = "user")] public string? Actor { get; set; }
    [FromQuery] public string? Action { get; set; }
    [FromQuery] public string? Ward { get; set; }
    [FromQuery] public string? From { get; set; }
    [FromQuery] public string? To { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public static readonly string[] Actions = ["post.", "campaign.", "delivery.", "user.", "token.", "question.", "desk.", "channel.", "team.", "ward.", "faq.", "difference."];

    public IReadOnlyList<Chatbot.Web.Wards.Unit> AllowedWards => WardsFor(Staff, units, clock);

    public static string ActionGroupName(string prefix) => prefix switch
    {
        "post." => "Bài đăng", "campaign." => "Chiến dịch", "delivery." => "Lượt đăng", "user." => "Người dùng và đăng nhập",
        "token." => "Mã API", "question." => "Câu hỏi", "desk." => "Hộp thư",
        "channel." => "Kênh", "team." => "Tổ công nghệ số", "ward." => "Thông tin phường", "faq." => "Hỏi đáp",
        "difference." => "Câu hỏi mẫu của 17 điểm", _ => prefix,
    };

    /// <summary>An audit action as staff read it; the id stays in the CSV (it is what a filter or a script matches).</summary>
    public static string ActionName(string action) => action switch
    {
        "post.create" => "Tạo bài", "post.edit" => "Sửa bài", "post.submit" => "Gửi duyệt", "post.approve" => "Duyệt bài",
        "post.reject" => "Trả bài", "post.cancel" => "Hủy bài", "post.restore" => "Khôi phục bài đã hủy",
        "post.withdraw" => "Rút lại việc duyệt", "campaign.create" => "Tạo chuỗi 17 ngày", "delivery.retry" => "Đăng lại lượt đăng lỗi",
        "user.create" => "Tạo người dùng", "user.reset-password" => "Đặt lại mật khẩu", "user.disable" => "Khóa tài khoản",
        "user.enable" => "Mở khóa tài khoản", "user.sign-in" => "Đăng nhập", "user.sign-in-failed" => "Đăng nhập sai",
        "user.locked-out" => "Tạm khóa vì đăng nhập sai nhiều lần", "token.create" => "Tạo mã API", "token.revoke" => "Thu hồi mã API",
        "question.assign" => "Gán câu hỏi", "question.out-of-scope" => "Đánh dấu câu hỏi ngoài phạm vi",
        "desk.assign" => "Nhận hội thoại", "desk.reply" => "Trả lời người dân", "desk.close" => "Đóng hội thoại",
        "desk.returned" => "Trả hội thoại cho bot",
        "channel.connect" => "Kết nối kênh", "channel.health_warning" => "Cảnh báo sức khỏe kênh", "channel.reconnect" => "Kết nối lại kênh", "channel.disconnect" => "Ngắt kết nối kênh",
        "channel.replace" => "Thay Trang/OA của kênh", "team.add" => "Thêm tổ", "team.rename" => "Đổi tên tổ",
        "team.deactivate" => "Ngừng hoạt động tổ", "team.reactivate" => "Cho tổ hoạt động lại", "team.import" => "Nhập danh sách tổ",
        "ward.details" => "Sửa thông tin phường", "ward.import" => "Nhập thông tin phường", "faq.create" => "Thêm mục hỏi đáp",
        "faq.edit" => "Sửa mục hỏi đáp", "faq.delete" => "Xóa mục hỏi đáp", "faq.restore" => "Khôi phục mục hỏi đáp",
        "faq.rollback" => "Quay về phiên bản cũ", "faq.import" => "Nhập hỏi đáp", "faq.export" => "Xuất hỏi đáp",
        "faq.proposal.adopt" => "Nhận đề xuất hỏi đáp", "faq.proposal.dismiss" => "Bỏ đề xuất hỏi đáp",
        "difference.add" => "Thêm câu hỏi mẫu/từ đồng nghĩa", "difference.remove" => "Bỏ câu hỏi mẫu/từ đồng nghĩa", _ => action,
    };

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
