using System.Data.Common;
using System.Diagnostics;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// What SQLite's synchronous=FULL costs against NORMAL (issue 18), on the product's own write path: the group-commit
// writer storing webhooks with the prepared inbox insert, in a real WAL file on this machine's disk. FULL syncs the WAL at
// every COMMIT (what a 200 acknowledged survives a power cut); NORMAL in WAL mode syncs only at checkpoints (survives a
// killed process, may lose the last commits on a power cut). The two settings alternate, twice each, in one process.
// Usage: dotnet run -c Release --project infra/bench/Chatbot.Bench.Durability -- [seconds=5] [callers=1,8,32,128]
var seconds = args.Length > 0 ? double.Parse(args[0]) : 5;
var callerCounts = (args.Length > 1 ? args[1] : "1,8,32,128").Split(',').Select(int.Parse).ToArray();
Dapper.SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
var root = Directory.CreateTempSubdirectory("chatbot-durability-");
Console.WriteLine($"SQLite WAL in {root.FullName}; {Environment.ProcessorCount} cores; {seconds} s per run; load avg {LoadAvg()}");
Console.WriteLine("| concurrent webhooks | FULL events/s · p99 | NORMAL events/s · p99 | FULL ÷ NORMAL throughput |");
Console.WriteLine("|---|---|---|---|");
try
{
    foreach (var callers in callerCounts)
    {
        var runs = new Dictionary<bool, List<Run>> { [true] = [], [false] = [] };
        foreach (var full in new[] { true, false, true, false })
            runs[full].Add(await MeasureAsync(Path.Combine(root.FullName, $"{callers}-{(full ? "full" : "normal")}-{runs[full].Count}.db"), full, callers));
        Run Best(bool full) => runs[full].MaxBy(r => r.PerSecond)!;
        var (f, n) = (Best(true), Best(false));
        Console.WriteLine($"| {callers} | {f.PerSecond:N0} · {f.P99:0.0} ms | {n.PerSecond:N0} · {n.P99:0.0} ms | {f.PerSecond / n.PerSecond:0.00}× |");
    }
}
finally { root.Delete(recursive: true); }
return;

async Task<Run> MeasureAsync(string file, bool full, int callers)
{
    IDbConnectionFactory db = full ? new SqliteConnectionFactory(file) : new Normal(new SqliteConnectionFactory(file));
    await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
    await using var writer = new SqliteGroupCommitWriter(db, NullLogger<SqliteGroupCommitWriter>.Instance);
    var latencies = new List<double>();
    var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
    {
        var mine = new List<double>();
        for (var i = 0; Stopwatch.GetTimestamp() < stop; i++)
        {
            var e = new NewInboxEvent("facebook", "page-1", $"user-{c}", "message", $"{c}-{i}",
                """{"sender":{"id":"user"},"message":{"mid":"m","text":"chuyển đổi số khác gì công nghệ thông tin"}}""", DateTimeOffset.UtcNow);
            var t = Stopwatch.GetTimestamp();
            await writer.WriteAsync((conn, tx, ct) => SqliteInboxInsert.RunAsync(conn, tx, [e], DateTimeOffset.UtcNow, null, ct));
            mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        lock (latencies) latencies.AddRange(mine);
        return mine.Count;
    })));
    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    latencies.Sort();
    return new Run(counts.Sum() / elapsed, latencies.Count == 0 ? double.NaN : latencies[(int)(0.99 * (latencies.Count - 1))]);
}

static string LoadAvg() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record Run(double PerSecond, double P99);

/// <summary>The product's factory with synchronous=NORMAL set after its own PRAGMAs: the setting FULL replaced.</summary>
internal sealed class Normal(IDbConnectionFactory inner) : IDbConnectionFactory
{
    public SqlDialect Dialect => inner.Dialect;

    public async ValueTask<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var conn = await inner.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL";
        await cmd.ExecuteNonQueryAsync(ct);
        return conn;
    }
}
