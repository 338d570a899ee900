using Microsoft.AspNetCore.Identity;

namespace Chatbot.Web.Staff;

internal static class StaffExtensions
{
    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section)
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "Staff:TokenLifetime must be positive").ValidateOnStart();
        // ASP.NET Core's hasher (PBKDF2, HMAC-SHA512) with its default 100,000 iterations; a hash keeps its own count, so
        // a changed setting still verifies older ones. Tests lower it: each hash costs a sign-in's worth of CPU.
        builder.Services.AddOptions<PasswordHasherOptions>().BindConfiguration(StaffOptions.Section + ":PasswordHasher")
            .Validate(o => o.IterationCount >= 1, "Staff:PasswordHasher:IterationCount must be at least 1").ValidateOnStart();
        builder.Services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
        builder.Services.AddSingleton<StaffStore>();
        builder.Services.AddSingleton<StaffTokens>();
        builder.Services.AddSingleton<StaffSessions>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddConsoleAuthentication();
        // The antiforgery cookie is Secure under HTTPS too (its default is never), like the sign-in cookie.
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Policies.DistrictAdmin, p => p.RequireAuthenticatedUser().RequireRole(Roles.DistrictAdmin));
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", Policies.Staff);
            o.Conventions.AllowAnonymousToPage("/Admin/Login");
            o.Conventions.AuthorizeFolder("/Admin/Users", Policies.DistrictAdmin);
        });
        return builder;
    }
}
