using Microsoft.AspNetCore.Authentication;

namespace Chatbot.Web.Staff;

internal static class StaffExtensions
{
    public static WebApplicationBuilder AddStaff(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StaffStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Policies.DistrictAdmin, p => p.RequireAuthenticatedUser().RequireRole(Roles.DistrictAdmin));
        return builder;
    }
}
