using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Chatbot.Web.Staff;

/// <summary>
/// Two ways in, chosen per request by one policy scheme: an <c>Authorization: Bearer</c> header or any /api route uses
/// the personal token (the API has no antiforgery, so it never accepts the cookie); everything else (/admin pages,
/// /hangfire) uses the console's cookie. The cookie names a server-side session (<see cref="StaffSessions"/>) and carries a
/// stamp of the password hash, role and ward, both checked on every request: sign-out, a password reset, a disabled
/// account or a role change ends the session, also for a copy of the cookie taken before.
/// </summary>
internal static class ConsoleAuthentication
{
    public const string PolicyScheme = "staff";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string StampClaim = "stamp";
    public const string SessionClaim = "session";
    public const string LoginPath = "/admin/login";

    public static AuthenticationBuilder AddConsoleAuthentication(this IServiceCollection services)
    {
        var auth = services.AddAuthentication(PolicyScheme);
        auth.AddPolicyScheme(PolicyScheme, "Staff (token or cookie)", o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || http.Request.Path.StartsWithSegments("/api") ? BearerTokenHandler.SchemeName : CookieScheme);
        auth.AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        auth.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "chatbot.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure behind TLS; plain http://localhost still works
            o.LoginPath = LoginPath;
            o.LogoutPath = "/admin/logout";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToAccessDenied = context => // a wrong role gets 403, not a page that looks like success
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
        return auth;
    }

    public static ClaimsPrincipal Principal(StaffUser user, string sessionId)
    {
        var principal = CurrentStaff.Principal(user, CookieScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaims([new Claim(StampClaim, Stamp(user)), new Claim(SessionClaim, sessionId)]);
        return principal;
    }

    static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var session = context.Principal?.FindFirstValue(SessionClaim);
        var who = context.Principal is { } p ? CurrentStaff.From(p) : null;
        var current = session is null || who is null ? null : await sessions.FindUserAsync(session, context.HttpContext.RequestAborted);
        if (current is null || current.Id != who!.Id || stamp != Stamp(current))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    static string Stamp(StaffUser user) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{user.PasswordHash}\n{user.Role}\n{user.WardId}")))[..16];
}
