namespace Chatbot.Web.Staff;

internal static class StaffExtensions
{
    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section)
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "Staff:TokenLifetime must be positive").ValidateOnStart();
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
