using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Chatbot.Simulator;

namespace Chatbot.Bench.ScaleOut;

internal static class Webhooks
{
    public const string Secret = "bench-secret";
    const string Page = "100000000000001"; // sai-gon-facebook

    static int counter;

    /// <summary>A signed Messenger text message from a new citizen ("bench-N"), so its answer is told apart.</summary>
    public static HttpRequestMessage Next(string url, out string psid)
    {
        var n = Interlocked.Increment(ref counter);
        psid = $"bench-{n}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = $$$"""{"object":"page","entry":[{"id":"{{{Page}}}","time":{{{now}}},"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{Page}}}"},"timestamp":{{{now}}},"message":{"mid":"m.{{{n}}}","text":"menu"}}]}]}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), bytes)));
        return request;
    }
}

internal sealed record Latencies(List<double> Sorted)
{
    public static Latencies Of(IEnumerable<double> values) => new(values.Order().ToList());
    public double P(double q) => Sorted.Count == 0 ? double.NaN : Sorted[Math.Min(Sorted.Count - 1, (int)(q * Sorted.Count))];
}

/// <summary>The three ways the benchmark loads an app: closed-loop ingestion, closed-loop bot turns, paced (open loop).</summary>
internal sealed class Phases(HttpClient http, Deployment d)
{
    MessagingState Messaging => d.Simulator.State.Messaging();

    /// <summary>`connections` posters, each sending as soon as its last webhook was answered (200 = stored).</summary>
    public async Task<(int Accepted, int Errors, Latencies Webhook)> IngestAsync(int connections, double seconds)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var accepted = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var hooks = d.Hooks;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            for (var n = i; Stopwatch.GetTimestamp() < stopAt; n++)
            {
                using var request = Webhooks.Next(hooks[n % hooks.Length], out _); // round-robin, like a load balancer
                var started = Stopwatch.GetTimestamp();
                if (await SendAsync(request)) Interlocked.Increment(ref accepted);
                else Interlocked.Increment(ref errors);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return (accepted, errors, Latencies.Of(latencies));
    }

    /// <summary>`connections` citizens, each posting a message and waiting for the bot's answer at the simulated Send API
    /// before the next (at most `connections` in flight, so no backlog builds up).</summary>
    public async Task<(ConcurrentDictionary<string, DateTimeOffset> Posted, int Errors)> TurnsAsync(int connections, double seconds)
    {
        var posted = new ConcurrentDictionary<string, DateTimeOffset>();
        var errors = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var hooks = d.Hooks;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            for (var n = i; Stopwatch.GetTimestamp() < stopAt; n++)
            {
                using var request = Webhooks.Next(hooks[n % hooks.Length], out var psid);
                var at = DateTimeOffset.UtcNow;
                if (!await SendAsync(request)) { Interlocked.Increment(ref errors); continue; }
                posted.TryAdd(psid, at);
                var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
                while (!Messaging.CountByRecipient.ContainsKey("facebook:" + psid) && Stopwatch.GetTimestamp() < deadline)
                    await Task.Delay(1);
            }
        })));
        return (posted, errors);
    }

    /// <summary>Open loop: a webhook every 1/rate s whatever the answers, as citizens do; latency includes queueing.</summary>
    public async Task<(ConcurrentDictionary<string, DateTimeOffset> Posted, Latencies Webhook, int Errors)> PacedAsync(int rate, double seconds)
    {
        var posted = new ConcurrentDictionary<string, DateTimeOffset>();
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var hooks = d.Hooks;
        var total = (int)(rate * seconds);
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var n = i;
            sends.Add(Task.Run(async () =>
            {
                using var request = Webhooks.Next(hooks[n % hooks.Length], out var psid);
                var at = DateTimeOffset.UtcNow;
                var started = Stopwatch.GetTimestamp();
                if (await SendAsync(request)) posted.TryAdd(psid, at);
                else Interlocked.Increment(ref errors);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }));
        }
        await Task.WhenAll(sends);
        return (posted, Latencies.Of(latencies), errors);
    }

    /// <summary>Waits (≤ cap) until every posted citizen got an answer; then the first answer's time per citizen and
    /// how many were answered more often than the usual number of messages (a duplicate turn).</summary>
    public async Task<(Dictionary<string, DateTimeOffset> First, int Duplicates)> AnswersAsync(ICollection<string> psids, double capSeconds)
    {
        var settle = Stopwatch.GetTimestamp();
        while (psids.Any(k => !Messaging.CountByRecipient.ContainsKey("facebook:" + k)) && Stopwatch.GetElapsedTime(settle).TotalSeconds < capSeconds)
            await Task.Delay(100);
        await Task.Delay(1000); // a duplicate turn would show up here
        var byRecipient = Messaging.Sent.GroupBy(m => m.Recipient).ToDictionary(g => g.Key, g => (At: g.Min(m => m.At), Count: g.Count()));
        var usual = byRecipient.Values.GroupBy(f => f.Count).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        return (psids.Where(byRecipient.ContainsKey).ToDictionary(k => k, k => byRecipient[k].At),
            psids.Count(k => byRecipient.TryGetValue(k, out var f) && f.Count > usual));
    }

    async Task<bool> SendAsync(HttpRequestMessage request)
    {
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
    }
}
