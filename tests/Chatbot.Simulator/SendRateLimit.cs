using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Simulator;

/// <summary>
/// A token bucket over the messaging endpoints (Send API, Zalo CS), as the platforms limit senders (platforms.md §2.4
/// 300 calls/s per Page, §1.7 4,000/min per Zalo app): beyond <see cref="PerSecond"/> (after a burst of
/// <see cref="Burst"/>) a request is refused before it is handled — Graph: HTTP 429 with error code 4 and Retry-After;
/// Zalo: HTTP 200 with error -32, as Zalo does. Off until <see cref="Set"/> is called. One bucket for both platforms.
/// </summary>
public sealed class SendRateLimit
{
    readonly object gate = new();
    double tokens;
    long last;
    long rejected;

    public double PerSecond { get; private set; }
    public double Burst { get; private set; }
    public long Rejected => Interlocked.Read(ref rejected);

    /// <param name="perSecond">0 turns the limit off.</param>
    /// <param name="burst">Bucket size; default a tenth of a second's worth.</param>
    public void Set(double perSecond, double? burst = null)
    {
        lock (gate)
        {
            PerSecond = perSecond;
            Burst = burst ?? Math.Max(1, perSecond / 10);
            tokens = Burst;
            last = Stopwatch.GetTimestamp();
        }
    }

    static bool IsMessaging(string path) =>
        path.EndsWith("/messages", StringComparison.Ordinal) || path.EndsWith("/oa/message/cs", StringComparison.Ordinal);

    bool TryTake()
    {
        lock (gate)
        {
            if (PerSecond <= 0) return true;
            var now = Stopwatch.GetTimestamp();
            tokens = Math.Min(Burst, tokens + (now - last) * PerSecond / Stopwatch.Frequency);
            last = now;
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }
    }

    internal async Task<bool> TryRejectAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (!IsMessaging(path) || TryTake()) return false;
        Interlocked.Increment(ref rejected);
        if (path.StartsWith("/zalo", StringComparison.Ordinal))
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"error":-32,"message":"Your application/OA reached limit call api"}""");
            return true;
        }
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = "1";
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(
            """{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"SIM"}}""");
        return true;
    }
}
