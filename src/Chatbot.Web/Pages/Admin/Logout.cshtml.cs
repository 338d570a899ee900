using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages.Admin;

/// <summary>POST only (antiforgery): a link or an image elsewhere cannot sign a member out.</summary>
internal sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(Staff.ConsoleAuthentication.CookieScheme);
        return Redirect(Staff.ConsoleAuthentication.LoginPath);
    }
}
