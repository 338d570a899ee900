using System.Diagnostics.Metrics;
using Chatbot.Web.Storage;
using Dapper;

namespace Chatbot.Web.Observability;

/// <summary>
/// Reads the gauges that live in the database — inbox depth and lag, deliveries by state, token health — every
/// <see cref="Interval"/> on one connection, so a scrape (or an OTLP export) never queries the database itself and a
/// scraper polling fast costs nothing more. The figures are for the whole deployment, the same from every instance.
/// </summary>
internal sealed class TelemetrySampler(IDbConnectionFactory db, TimeProvider clock, ILogger<TelemetrySampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public sealed record Snapshot(Measurement<long>[] InboxByState, Measurement<double>[] InboxLagSeconds,
        Measurement<long>[] DeliveriesByState, Measurement<long>[] TokensByHealth)
    {
        public static readonly Snapshot Empty = new([], [], [], []);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                ChatbotTelemetry.Publish(await ReadAsync(stop));
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not read the inbox, delivery and token gauges; keeping the last ones");
            }
            try { await Task.Delay(Interval, clock, stop); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenAsync(ct);
        var inbox = (await conn.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "SELECT state, COUNT(*) FROM inbox_events WHERE state IN ('pending', 'processing', 'parked') GROUP BY state", cancellationToken: ct))).ToList();
        var oldest = await conn.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MIN(received_at) FROM inbox_events WHERE state = 'pending'", cancellationToken: ct));
        var deliveries = await conn.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "SELECT state, COUNT(*) FROM deliveries GROUP BY state", cancellationToken: ct));
        var tokens = await conn.QueryAsync<(string Health, long Count)>(new CommandDefinition("""
            SELECT CASE WHEN needs_reauth = 1 THEN 'needs_reauth' WHEN expires_at IS NOT NULL AND expires_at < @soon THEN 'expiring' ELSE 'ok' END AS health,
                   COUNT(*)
            FROM channel_tokens GROUP BY 1
            """, new { soon = now.AddDays(1) }, cancellationToken: ct));
        return new Snapshot(
            new[] { "pending", "processing", "parked" }.Select(s => Gauge(s, inbox.FirstOrDefault(r => r.State == s).Count, "state")).ToArray(),
            [new(oldest is { } o && o < now ? (now - o).TotalSeconds : 0)],
            deliveries.Select(r => Gauge(r.State, r.Count, "state")).ToArray(),
            tokens.Select(r => Gauge(r.Health, r.Count, "health")).ToArray());
    }

    static Measurement<long> Gauge(string value, long count, string tag) => new(count, new KeyValuePair<string, object?>(tag, value));
}
