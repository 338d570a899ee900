using System.Collections.Concurrent;
using System.Diagnostics;

namespace Chatbot.Simulator;

/// <summary>A token bucket per key (a Page id): <see cref="Set"/> per-second rate and burst; off while the rate is 0.</summary>
internal sealed class PerKeyRateLimit
{
    sealed class Bucket { public double Tokens; public long Last; }

    readonly ConcurrentDictionary<string, Bucket> buckets = new();
    double perSecond, burst;

    public void Set(double rate, double size)
    {
        perSecond = rate;
        burst = Math.Max(1, size);
        buckets.Clear();
    }

    public bool TryTake(string key)
    {
        if (perSecond <= 0) return true;
        var bucket = buckets.GetOrAdd(key, _ => new Bucket { Tokens = burst, Last = Stopwatch.GetTimestamp() });
        lock (bucket)
        {
            var now = Stopwatch.GetTimestamp();
            bucket.Tokens = Math.Min(burst, bucket.Tokens + (now - bucket.Last) * perSecond / Stopwatch.Frequency);
            bucket.Last = now;
            if (bucket.Tokens < 1) return false;
            bucket.Tokens -= 1;
            return true;
        }
    }
}
