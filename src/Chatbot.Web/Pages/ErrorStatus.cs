using Microsoft.AspNetCore.Diagnostics;

namespace Chatbot.Web.Pages;

/// <summary>The status an error page answers with, for the console's and the public error pages alike: the original
/// status of a re-executed empty answer; for a crash 500, or the client's 4xx when the request itself was malformed or
/// too large; opened directly (no error behind it), the code in its URL within the error range, else 404.</summary>
internal static class ErrorStatus
{
    public static int Of(HttpContext http, int code) =>
        http.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode
        ?? http.Features.Get<IExceptionHandlerPathFeature>()?.Error switch
        {
            null => code is >= 400 and <= 599 ? code : 404,
            BadHttpRequestException bad => bad.StatusCode,
            _ => 500,
        };
}
