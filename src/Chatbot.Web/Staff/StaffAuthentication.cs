using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Staff;

public static class Policies
{
    /// <summary>Any signed-in staff member; what they may see is then limited to their ward by the handlers.</summary>
    public const string Staff = "staff";
    public const string DistrictAdmin = "district-admin";
}

/// <summary>The signed-in staff member, read from the principal the Bearer (or, later, cookie) handler built.</summary>
public sealed record CurrentStaff(long Id, string Name, string Role, string? WardId)
{
    public const string WardClaim = "ward";

    public bool IsDistrictAdmin => Role == Roles.DistrictAdmin;
    /// <summary>The role may approve posts; whether this member may approve a given post is PostWorkflow.CanApprove.</summary>
    public bool IsApprover => Role is Roles.DistrictAdmin or Roles.WardApprover;

    /// <summary>A ward editor or approver works on their own ward only; a district admin on every ward.</summary>
    public bool MayWorkOn(string wardId) => IsDistrictAdmin || WardId == wardId;

    public static CurrentStaff? From(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? new CurrentStaff(id, principal.Identity.Name ?? "", principal.FindFirstValue(ClaimTypes.Role) ?? "", principal.FindFirstValue(WardClaim))
            : null;

    public static ClaimsPrincipal Principal(StaffUser user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.WardId is not null) claims.Add(new(WardClaim, user.WardId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>Minimal API binding: handlers take CurrentStaff; endpoints requiring auth always have one.</summary>
    public static ValueTask<CurrentStaff?> BindAsync(HttpContext http) => ValueTask.FromResult(From(http.User));
}

/// <summary><c>Authorization: Bearer &lt;personal token&gt;</c> (admin create-token, or the console's «Mã truy cập API» page);
/// the token is looked up by hash and must be neither expired nor revoked.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, StaffTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0) return AuthenticateResult.Fail("empty token");
        var user = await tokens.FindUserAsync(token, Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("unknown, expired or revoked token")
            : AuthenticateResult.Success(new AuthenticationTicket(CurrentStaff.Principal(user, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(title: "Chưa đăng nhập", detail: "Gửi kèm mã truy cập cá nhân còn hạn: Authorization: Bearer <mã> (lệnh admin create-token hoặc trang «Mã truy cập API»).",
            statusCode: 401).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(title: "Không có quyền", detail: "Tài khoản của bạn không được làm việc này.", statusCode: 403).ExecuteAsync(Context);
    }
}
