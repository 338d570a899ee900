using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInResult = Chatbot.Web.Staff.SignInResult;

namespace Chatbot.Web.Pages.Admin;

/// <summary>Cookie sign-in. The same answer for an unknown name and a wrong password; lock-out is StaffStore's.</summary>
internal sealed class LoginModel(StaffStore staff, AuditLog audit) : PageModel
{
    public string? Error { get; private set; }
    public string? UserName { get; private set; }
    [FromQuery(Name = "returnUrl")] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? user, string? password, string? returnUrl, CancellationToken ct)
    {
        UserName = user;
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(user) || string.IsNullOrEmpty(password))
        {
            Error = "Nhập tên đăng nhập và mật khẩu.";
            return Page();
        }
        var (result, found) = await staff.VerifyPasswordAsync(user.Trim(), password, ct);
        switch (result)
        {
            case SignInResult.Ok:
                await HttpContext.SignInAsync(ConsoleAuthentication.CookieScheme, ConsoleAuthentication.Principal(found!));
                await audit.WriteAsync(found!.Name, "user.sign-in", $"user:{found.Id}", found.WardId, null, ct);
                return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin");
            case SignInResult.LockedOut:
                await audit.WriteAsync(found!.Name, "user.locked-out", $"user:{found.Id}", found.WardId, null, ct);
                Error = $"Tài khoản tạm khóa vì nhập sai mật khẩu {StaffStore.MaxFailedSignIns} lần; thử lại sau {StaffStore.LockOut.TotalMinutes:0} phút hoặc nhờ quản trị quận đặt lại mật khẩu.";
                return Page();
            default:
                Error = "Tên đăng nhập hoặc mật khẩu không đúng.";
                return Page();
        }
    }
}
