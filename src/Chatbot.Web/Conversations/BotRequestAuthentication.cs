using System.IdentityModel.Tokens.Jwt;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Conversations;

/// <summary>
/// /api/messages with an app id configured: the Authorization header is checked before any of the body is read (it
/// must be a Bearer JSON web token that is readable and not expired; anything else is 401 at once), the body is then
/// capped at the activity limit, and the SDK's full authentication (signature, issuer, audience, the channel's
/// endorsement and the serviceUrl claim, which need the activity) runs on the parsed activity before the turn. Every
/// failure there is a 401 — the SDK itself throws SecurityTokenMalformedException or ArgumentException for some bad
/// tokens, which would otherwise be a 500.
/// </summary>
internal static class BotRequestAuthentication
{
    static readonly JwtSecurityTokenHandler Jwt = new();
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5); // the SDK's own allowance

    /// <summary>Null when the header may be a valid token; otherwise why not (for the log, never for the caller).</summary>
    public static string? RejectBeforeBody(string? authorization, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return "no Authorization header";
        var parts = authorization.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [var scheme, var token] || !scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return "not a Bearer token";
        if (!Jwt.CanReadToken(token)) return "not a JSON web token";
        JwtSecurityToken jwt;
        try { jwt = Jwt.ReadJwtToken(token); }
        catch (ArgumentException) { return "unreadable JSON web token"; }
        if (jwt.ValidTo == DateTime.MinValue || jwt.ValidTo + ClockSkew < now.UtcDateTime) return "expired or without expiry";
        return null;
    }

    /// <summary>The SDK's authentication of this activity; false (logged) for any failure.</summary>
    public static async Task<bool> AuthenticateAsync(BotFrameworkAuthentication auth, Activity activity, string authorization,
        ILogger logger, CancellationToken ct)
    {
        try
        {
            await auth.AuthenticateRequestAsync(activity, authorization, ct);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                   or Microsoft.IdentityModel.Tokens.SecurityTokenException or HttpRequestException)
        {
            logger.LogWarning("/api/messages refused: {Reason}", e.Message);
            return false;
        }
    }
}
