using System.Net;

namespace Chatbot.Web.Channels.Outbound;

/// <summary>What an HTTP failure means for a message that may or may not have left (platforms.md §3.3: no blind retry).</summary>
internal static class HttpOutcomes
{
    public static async Task<(HttpResponseMessage? Response, SendOutcome? Failure)> SendAsync(HttpClient http, HttpRequestMessage request,
        CancellationToken ct)
    {
        try
        {
            return (await http.SendAsync(request, ct), null);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Never connected: nothing reached the platform, safe to try again.
            return (null, new SendOutcome(SendStatus.Transient, $"not connected: {e.Message}"));
        }
        catch (HttpRequestException e)
        {
            return (null, new SendOutcome(SendStatus.Unknown, $"connection lost after sending: {e.Message}"));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, new SendOutcome(SendStatus.Unknown, "timeout after the request left: may have been delivered, not resent"));
        }
    }

    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    public static bool IsServerError(HttpStatusCode status) => (int)status >= 500;
}
