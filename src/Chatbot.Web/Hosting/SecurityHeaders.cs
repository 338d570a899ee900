using System.Security.Cryptography;

namespace Chatbot.Web.Hosting;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Origins allowed to show the ward display page (/display/{ward}) in a frame, e.g. a ward's board software
    /// (<c>Security:DisplayFrameAncestors:0 = https://bang-tin.phuong.gov.vn</c>). Empty (the default): no page is framed.
    /// </summary>
    public string[] DisplayFrameAncestors { get; init; } = [];

    public static bool IsValid(SecurityOptions o) =>
        o.DisplayFrameAncestors.All(a => a == "'self'" || Uri.TryCreate(a, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"
            && u.AbsolutePath == "/" && !a.Contains(';') && !a.Contains(' '));
}

/// <summary>
/// Headers on every response — pages, APIs, webhooks, errors, static files, the Hangfire dashboard: a Content-Security-
/// Policy under which a script or style block runs only from this site or with the nonce its page asked for
/// (<see cref="CspNonce"/>), nosniff, a strict
/// Referrer-Policy, a Permissions-Policy that turns off device features, frame-ancestors 'none' (the display page may be
/// framed by the configured origins), and HSTS when the request came over HTTPS (directly or from a trusted proxy).
/// Set when the response starts, so an error page or a short-circuited endpoint carries them too.
/// </summary>
internal static class SecurityHeaders
{
    const string NonceKey = "csp-nonce";
    const string Hsts = "max-age=31536000; includeSubDomains";

    /// <summary>The nonce a page puts on its own inline &lt;script&gt; or &lt;style&gt; (<c>nonce="@Context.CspNonce()"</c>).</summary>
    public static string CspNonce(this HttpContext http)
    {
        if (http.Items[NonceKey] is string nonce) return nonce;
        nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)); // hex: nothing for HTML to escape
        http.Items[NonceKey] = nonce;
        return nonce;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value;
        var displayAncestors = options.DisplayFrameAncestors.Length == 0 ? "'none'" : string.Join(' ', options.DisplayFrameAncestors);
        var framing = $"frame-ancestors {displayAncestors}";
        app.Use((http, next) =>
        {
            var path = http.Request.Path; // as requested: inside app.Map branches (Hangfire's) Path no longer holds the prefix
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                var display = path.StartsWithSegments("/display");
                headers.ContentSecurityPolicy = Policy(http, path, display ? framing : "frame-ancestors 'none'");
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
                if (!display || options.DisplayFrameAncestors.Length == 0) headers.XFrameOptions = "DENY"; // for browsers without CSP 3
                if (http.Request.IsHttps && !IsLoopback(http.Request.Host.Host)) headers.StrictTransportSecurity = Hsts;
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    const string Rest = "img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; ";
    const string NoInline = "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; " + Rest;

    /// <summary>A response whose page asked for a nonce allows its own inline blocks; any other (an API answer, a
    /// webhook's 200, a file) gets a fixed policy with no inline script at all, built without allocating.</summary>
    static string Policy(HttpContext http, PathString path, string framing)
    {
        // Hangfire's dashboard (DistrictAdmin only) inserts <style> elements from its own scripts; its scripts stay
        // self-only like everywhere else. (With a nonce present, browsers ignore 'unsafe-inline'.)
        if (path.StartsWithSegments("/hangfire"))
            return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " + Rest + framing;
        if (http.Items[NonceKey] is not string nonce) return framing == "frame-ancestors 'none'" ? NoInlineNoFrames : NoInline + framing;
        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; style-src-attr 'unsafe-inline'; {Rest}{framing}";
    }

    static readonly string NoInlineNoFrames = NoInline + "frame-ancestors 'none'";

    // As ASP.NET Core's own HSTS middleware: never pin a developer's https://localhost.
    static bool IsLoopback(string host) => host is "localhost" or "127.0.0.1" or "[::1]" or "::1";
}
