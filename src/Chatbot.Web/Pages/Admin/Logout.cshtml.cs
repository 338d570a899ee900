using System.Security.Claims;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages.Admin;

/// <summary>POST only (antiforgery): a link or an image elsewhere cannot sign a member out. Sign-out ends the session on
/// the server, so a copy of the cookie taken before no longer opens anything.</summary>
internal sealed class LogoutModel(StaffSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.FindFirstValue(ConsoleAuthentication.SessionClaim) is { } session) await sessions.EndAsync(session, ct);
        await HttpContext.SignOutAsync(ConsoleAuthentication.CookieScheme);
        return Redirect(ConsoleAuthentication.LoginPath);
    }
}
