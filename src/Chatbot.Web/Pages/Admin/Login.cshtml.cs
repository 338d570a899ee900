using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SignInResult = Chatbot.Web.Staff.SignInResult;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Cookie sign-in into a new server-side session. An unknown name, a wrong password and a locked account all get the
/// same answer (and take about as long), so the page never tells which user names exist; lock-out is StaffStore's.
/// Each checked wrong password of a real account is in the audit log.
/// </summary>
internal sealed class LoginModel(StaffStore staff, StaffSessions sessions, AuditLog audit) : PageModel
{
    public static readonly string Refused =
        $"Tên đăng nhập hoặc mật khẩu không đúng. Sau {StaffStore.MaxFailedSignIns} lần nhập sai liên tiếp, tài khoản tạm khóa " +
        $"{StaffStore.LockOut.TotalMinutes:0} phút (quản trị quận có thể đặt lại mật khẩu để mở khóa).";

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
                var session = await sessions.StartAsync(found!.Id, ct);
                await HttpContext.SignInAsync(ConsoleAuthentication.CookieScheme, ConsoleAuthentication.Principal(found, session));
                await audit.WriteAsync(found.Name, "user.sign-in", $"user:{found.Id}", found.WardId, null, ct);
                return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin");
            case SignInResult.WrongPassword or SignInResult.LockedNow:
                await audit.WriteAsync(found!.Name, "user.sign-in-failed", $"user:{found.Id}", found.WardId, null, ct);
                if (result == SignInResult.LockedNow)
                    await audit.WriteAsync(found.Name, "user.locked-out", $"user:{found.Id}", found.WardId, $"{StaffStore.LockOut.TotalMinutes:0} phút", ct);
                break;
        }
        Error = Refused; // unknown name, wrong password and a locked account read alike
        return Page();
    }
}
