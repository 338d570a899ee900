using System.Diagnostics;

namespace Chatbot.Web.Channels.Outbound;

/// <summary>
/// Paces sends to one platform limit (a Messenger Page: 300 calls/s, platforms.md §2.4; a Zalo app: 4,000/min, §1.7):
/// a virtual-clock token bucket whose rate starts at the configured ceiling, is cut by 10 % when the platform says "too
/// fast" (at most once per 100 ms, since many sends in flight learn it at once) and grows back by 2 % of the ceiling
/// every 100 ms without such an answer. So a fan-out to many citizens settles just under whatever rate the platform
/// really allows instead of hammering it, and a burst of 429s is absorbed by slowing, not by dropping messages.
/// </summary>
public sealed class OutboundPacer
{
    static readonly long Step = Stopwatch.Frequency / 10; // 100 ms
    readonly object gate = new();
    readonly double ceiling;
    readonly double floor;
    readonly long burst;
    double rate;
    long next;
    long lastCut;
    long lastGrowth;

    public OutboundPacer(double ceilingPerSecond)
    {
        ceiling = Math.Max(1, ceilingPerSecond);
        floor = Math.Max(1, ceiling / 50);
        rate = ceiling;
        burst = Stopwatch.Frequency / 50; // up to 20 ms worth of sends may go at once after an idle spell
        next = lastCut = lastGrowth = Stopwatch.GetTimestamp();
    }

    /// <summary>The current rate, sends per second.</summary>
    public double Rate { get { lock (gate) return rate; } }

    /// <summary>How many times the platform's "too fast" made us slow down.</summary>
    public long Cuts { get; private set; }

    public async ValueTask WaitAsync(CancellationToken ct)
    {
        long wait;
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (next < now - burst) next = now - burst;
            next += (long)(Stopwatch.Frequency / rate);
            wait = next - now;
        }
        if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
    }

    public void Observe(SendOutcome outcome)
    {
        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (outcome.RateLimited)
            {
                if (now - lastCut < Step) return;
                rate = Math.Max(floor, rate * 0.9);
                lastCut = lastGrowth = now;
                Cuts++;
            }
            else if (outcome.Status == SendStatus.Sent && rate < ceiling && now - lastGrowth >= Step)
            {
                rate = Math.Min(ceiling, rate + ceiling * 0.02);
                lastGrowth = now;
            }
        }
    }
}
