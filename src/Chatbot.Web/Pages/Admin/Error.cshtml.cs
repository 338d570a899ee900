using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Every error inside /admin (another ward's post, a page of another role, a stale form, a crash) as a page of the console,
/// in Vietnamese, with a way back — instead of a bare ProblemDetails document. The status code stays (404 stays 404), so
/// URL tampering still learns nothing more. Re-executed by <see cref="ConsoleExtensions.UseConsoleErrorPages"/>; open to
/// anyone because an error may happen before sign-in, and it shows nothing but the message.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    /// <summary>The console page the user came from, when it is one (never another site).</summary>
    public string? Back { get; private set; }

    public IActionResult OnGet(int code) => Show(code);
    public IActionResult OnPost(int code) => Show(code);

    IActionResult Show(int code)
    {
        Code = ErrorStatus.Of(HttpContext, code);
        (Heading, Explanation) = Describe(Code);
        var referer = Request.Headers.Referer.ToString();
        if (Uri.TryCreate(referer, UriKind.Absolute, out var from) && from.Host == Request.Host.Host
            && from.AbsolutePath.StartsWith("/admin", StringComparison.Ordinal) && !from.AbsolutePath.StartsWith("/admin/error", StringComparison.Ordinal))
            Back = from.PathAndQuery;
        Response.StatusCode = Code;
        return Page();
    }

    public static (string Heading, string Explanation) Describe(int code) => code switch
    {
        400 => ("Yêu cầu không hợp lệ", "Biểu mẫu có thể đã hết hạn (trang mở quá lâu) hoặc thiếu thông tin. Tải lại trang rồi thử lại."),
        403 => ("Bạn không có quyền mở trang này", "Trang hoặc thao tác này dành cho vai trò khác (ví dụ «Người dùng» chỉ dành cho quản trị quận, duyệt bài chỉ dành cho lãnh đạo phường). Nếu cần, hãy nhờ quản trị quận."),
        404 => ("Không tìm thấy", "Không có trang hoặc bài này, hoặc nó thuộc phường khác. Kiểm tra lại địa chỉ, hoặc tìm trong danh sách bài đăng."),
        405 => ("Thao tác không thực hiện được", "Trang này không nhận thao tác đó. Quay lại trang trước và dùng nút trên trang."),
        413 => ("Tệp quá lớn", "Tệp gửi lên vượt giới hạn cho phép (ảnh tối đa 5 MB)."),
        429 => ("Thao tác quá nhanh", "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn; chờ một chút rồi thử lại."),
        >= 500 => ("Đã có lỗi phía máy chủ", "Lỗi đã được ghi lại để đội kỹ thuật xem. Những gì đã lưu trước đó vẫn còn; hãy thử lại sau ít phút."),
        _ => ("Không thực hiện được", "Yêu cầu không thực hiện được. Quay lại trang trước và thử lại."),
    };
}
