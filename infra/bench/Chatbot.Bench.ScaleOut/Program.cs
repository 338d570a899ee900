using System.Diagnostics;
using Chatbot.Bench.ScaleOut;

// Usage (from the repository root; see README "Speed: PostgreSQL and two instances"):
//   dotnet build -c Release infra/bench/Chatbot.Bench.ScaleOut
//   CHATBOT_BENCH_POSTGRES='Host=…;Username=…;Database=postgres' dotnet infra/bench/Chatbot.Bench.ScaleOut/bin/Release/net10.0/Chatbot.Bench.ScaleOut.dll \
//       [seconds=10] [connections=32] [drainSeconds=30] [--paced 50,100,200] [--paced-seconds 10] [--scenarios sqlite,pg1,pg2] [--warmup 20]
//       [--statements 8]   (PostgreSQL, 1 instance: the statements that took the most server time, counted over warm-up and turns)
//   … Chatbot.Bench.ScaleOut.dll city [--wards 168]      (the city-wide post and campaign, CityCampaign.cs)
// One run, three scenarios: SQLite × 1 instance, PostgreSQL × 1, PostgreSQL × 2 (load split round-robin, like a load
// balancer), in the order --scenarios gives. Per scenario: ingestion (closed loop), bot turns (closed loop), then paced open-loop rates on the same
// deployment. CPU per event of the app and of the database server, statements and commits per event (PostgreSQL).
if (args is ["city", ..]) return await CityCampaign.RunAsync(args[1..]);

var positional = args.TakeWhile(a => !a.StartsWith("--")).ToArray();
var seconds = positional.Length > 0 ? int.Parse(positional[0]) : 10;
var connections = positional.Length > 1 ? int.Parse(positional[1]) : 32;
var drainCap = positional.Length > 2 ? int.Parse(positional[2]) : 30;
var rates = Option("--paced", "50,100,200").Split(',').Select(int.Parse).ToArray();
var pacedSeconds = double.Parse(Option("--paced-seconds", "10"));
// Each phase starts new app processes, whose tiered JIT compiles for 20–30 s after start: a shorter warm-up measures
// the JIT more than the database (the 10 s phases of 30 November did).
var warmup = int.Parse(Option("--warmup", "20"));
var topStatements = int.Parse(Option("--statements", "8"));
var root = BenchRun.FindRoot();
if (!File.Exists(Path.Combine(root, "src/Chatbot.Web/bin/Release/net10.0/Chatbot.Web.dll")))
{
    Console.Error.WriteLine("Build first: dotnet build -c Release infra/bench/Chatbot.Bench.ScaleOut (builds src/Chatbot.Web in Release too)");
    return 2;
}
var server = BenchRun.PostgresFromEnvironment();

List<(string Name, string Provider, int Instances)> scenarios = [("SQLite, 1 instance", "Sqlite", 1)];
int? postmaster = null;
var statementsTracked = false;
if (server is null) Console.WriteLine("CHATBOT_BENCH_POSTGRES / CHATBOT_TEST_POSTGRES not set: PostgreSQL scenarios skipped");
else
{
    scenarios.AddRange([("PostgreSQL, 1 instance", "Postgres", 1), ("PostgreSQL, 2 instances", "Postgres", 2)]);
    var (fsync, commit) = (await server.ShowAsync("fsync"), await server.ShowAsync("synchronous_commit"));
    Console.WriteLine($"PostgreSQL {await server.ShowAsync("server_version")} {server.Transport}: fsync={fsync}, synchronous_commit={commit}, " +
                      $"wal_sync_method={await server.ShowAsync("wal_sync_method")}" +
                      (fsync == "on" && commit == "on" ? " (durable commits, as in production)" : "  ** NOT durable: not a fair comparison with SQLite synchronous=FULL **"));
    postmaster = await server.PostmasterAsync();
    statementsTracked = await server.ResetStatementsAsync();
    if (!statementsTracked) Console.WriteLine("pg_stat_statements is not loaded (shared_preload_libraries): no statements per event");
}
Console.WriteLine("SQLite: synchronous=FULL on every connection (WAL; one fsync per group commit)");
Console.WriteLine($"{Environment.ProcessorCount} cores, {connections} connections, {seconds} s per closed-loop phase (after {warmup} s of warm-up), " +
                  $"paced {string.Join('/', rates)} events/s × {pacedSeconds} s, drain ≤ {drainCap} s; load avg at start: {BenchRun.LoadAvg()}");

var chosen = Option("--scenarios", "sqlite,pg1,pg2").Split(',');
// Run in the order given: on this machine a phase run right after minutes of load is often slower than the same phase
// run first, so comparing both orders (sqlite,pg1 and pg1,sqlite) shows how much of a ratio is the order.
string Key((string Name, string Provider, int Instances) s) => s.Provider == "Sqlite" ? "sqlite" : $"pg{s.Instances}";
scenarios = chosen.SelectMany(c => scenarios.Where(s => Key(s) == c)).ToList();
var results = new List<ScenarioResult>();
foreach (var (name, provider, instances) in scenarios)
{
    Console.WriteLine($"--- {name}");
    results.Add(await new Scenario(root, server, postmaster, statementsTracked, connections, seconds, drainCap, rates, pacedSeconds, warmup, topStatements)
        .RunAsync(name, provider, instances));
}
Report.Print(results, rates);
return results.All(r => r.Sound) ? 0 : 1;

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

internal static class BenchRun
{
    public static PostgresServer? PostgresFromEnvironment() =>
        (Environment.GetEnvironmentVariable("CHATBOT_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("CHATBOT_TEST_POSTGRES")) is { Length: > 0 } cs
            ? new PostgresServer(cs) : null;

    public static HttpClient Client(int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        { Timeout = TimeSpan.FromSeconds(30) };

    public static string LoadAvg() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms >= 10_000 ? $"{ms / 1000:0.0} s" : $"{ms:0} ms";

    public static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatbot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Chatbot.sln not found above " + AppContext.BaseDirectory);
    }

    public static long Now => Stopwatch.GetTimestamp();
}
