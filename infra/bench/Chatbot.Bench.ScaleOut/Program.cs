using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Chatbot.Simulator;
using Npgsql;

// Usage (from the repository root):
//   dotnet build -c Release infra/bench/Chatbot.Bench.ScaleOut
//   CHATBOT_BENCH_POSTGRES='Host=…;Username=…;Database=postgres' dotnet infra/bench/Chatbot.Bench.ScaleOut/bin/Release/net10.0/Chatbot.Bench.ScaleOut.dll [seconds connections drainSeconds]
// One run, three scenarios: SQLite × 1 instance, PostgreSQL × 1, PostgreSQL × 2 (load split round-robin, like a load
// balancer); app instances are real processes, the Send API is the in-process platform simulator. Per scenario, each
// phase on fresh storage (a new database, dropped after) and after a 2 s warm-up:
//  1. ingestion: `seconds` of signed Messenger webhooks on `connections` connections, each posting as soon as the last
//     one was answered (200 = event stored; the workers run meanwhile, as in production);
//  2. bot turns: `connections` citizens each post a message and wait for the bot's answer at the simulator before the
//     next (closed loop, so no backlog builds up): events answered per second and webhook-in → Send API p50/p99.
//     Then wait ≤ drainSeconds for stragglers and count accepted vs answered and duplicate answers.
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var connections = args.Length > 1 ? int.Parse(args[1]) : 32;
var drainCap = args.Length > 2 ? int.Parse(args[2]) : 30;
const string secret = "bench-secret";
const string page = "100000000000001"; // sai-gon-facebook
var root = FindRoot();
var webDll = Path.Combine(root, "src/Chatbot.Web/bin/Release/net10.0/Chatbot.Web.dll");
if (!File.Exists(webDll))
{
    Console.Error.WriteLine($"Not found: {webDll}\nBuild it first: dotnet build -c Release infra/bench/Chatbot.Bench.ScaleOut (builds src/Chatbot.Web in Release too)");
    return 2;
}
var postgres = Environment.GetEnvironmentVariable("CHATBOT_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("CHATBOT_TEST_POSTGRES");

List<(string Name, string Provider, int Instances)> scenarios = [("SQLite, 1 instance", "Sqlite", 1)];
if (postgres is null) Console.WriteLine("CHATBOT_BENCH_POSTGRES / CHATBOT_TEST_POSTGRES not set: PostgreSQL scenarios skipped");
else scenarios.AddRange([("PostgreSQL, 1 instance", "Postgres", 1), ("PostgreSQL, 2 instances", "Postgres", 2)]);

Console.WriteLine($"{Environment.ProcessorCount} cores, {connections} connections, {seconds} s load per scenario (after 2 s warm-up), drain ≤ {drainCap} s; load avg at start: {LoadAvg()}");
var results = new List<Result>();
foreach (var (name, provider, instances) in scenarios)
{
    Console.WriteLine($"--- {name}");
    results.Add(await RunScenarioAsync(name, provider, instances));
}

Console.WriteLine();
Console.WriteLine("| scenario | ingest req/s | ingest p50 / p99 | handled events/s | end-to-end p50 / p99 | bot turns: accepted / answered / duplicates | load avg (1/5/15 min) |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var r in results)
    Console.WriteLine($"| {r.Name} | {r.IngestRps:N0} | {r.IngestP50:0.0} / {r.IngestP99:0.0} ms | {r.HandledPerSecond:N0} | {Ms(r.E2eP50)} / {Ms(r.E2eP99)} | " +
                      $"{r.Accepted:N0} / {r.Answered:N0} / {r.Duplicates} | {r.LoadAvg} |");
Console.WriteLine();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; the load generator, the simulator and every app instance share them" +
                  (postgres is null ? "." : ", and so does the PostgreSQL server.") +
                  " Two instances on the same cores cannot add CPU: what the 2-instance row shows is that throughput holds and" +
                  " nothing is lost or duplicated when two processes share one database.");
return results.All(r => r.Accepted == r.Answered && r.Duplicates == 0 && r.Errors == 0) ? 0 : 1;

async Task<Result> RunScenarioAsync(string name, string provider, int instanceCount)
{
    // 1. Ingestion: `connections` connections post as fast as they are answered (workers on, as in production).
    (double Rps, double P50, double P99, int Errors) ingest;
    await using (var d = await DeployAsync(provider, instanceCount))
    {
        using var http = Client();
        var counter = 0;
        var accepted = new ConcurrentDictionary<string, DateTimeOffset>();
        await LoadAsync(http, d.Hooks, 2, accepted, () => Interlocked.Increment(ref counter));
        accepted.Clear();
        ingest = await LoadAsync(http, d.Hooks, seconds, accepted, () => Interlocked.Increment(ref counter));
        Console.WriteLine($"ingest: {ingest.Rps:N0} req/s, p50 {ingest.P50:0.0} ms, p99 {ingest.P99:0.0} ms, errors {ingest.Errors}, load avg {LoadAvg()}");
    }

    // 2. Bot turns, on fresh storage (no backlog from 1): `connections` citizens each send a message and wait for the
    // bot's answer at the simulated Send API before sending the next (closed loop: at most `connections` in flight).
    await using (var d = await DeployAsync(provider, instanceCount))
    {
        using var http = Client();
        var messaging = d.Simulator.State.Messaging();
        var counter = 0;
        var posted = new ConcurrentDictionary<string, DateTimeOffset>(); // accepted webhooks and when they were sent
        var measuredFrom = DateTimeOffset.MaxValue;
        var turnErrors = 0;
        var timeouts = 0;
        async Task TurnsAsync(int secs)
        {
            var stopAt = Stopwatch.GetTimestamp() + secs * Stopwatch.Frequency;
            await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    var n = Interlocked.Increment(ref counter);
                    using var request = Webhook(d.Hooks[n % d.Hooks.Length], n, out var psid);
                    var at = DateTimeOffset.UtcNow;
                    try
                    {
                        using var response = await http.SendAsync(request);
                        if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref turnErrors); continue; }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { Interlocked.Increment(ref turnErrors); continue; }
                    posted.TryAdd(psid, at);
                    var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
                    while (!messaging.CountByRecipient.ContainsKey("facebook:" + psid))
                    {
                        if (Stopwatch.GetTimestamp() > deadline) { Interlocked.Increment(ref timeouts); break; }
                        await Task.Delay(1);
                    }
                }
            })));
        }
        await TurnsAsync(2);
        measuredFrom = DateTimeOffset.UtcNow;
        var measuredStart = Stopwatch.GetTimestamp();
        await TurnsAsync(seconds);
        var measuredSeconds = Stopwatch.GetElapsedTime(measuredStart).TotalSeconds;

        // Exactly once: every accepted webhook answered, and no sender answered more often than the usual count.
        var settle = Stopwatch.GetTimestamp();
        while (posted.Keys.Any(k => !messaging.CountByRecipient.ContainsKey("facebook:" + k)) && Stopwatch.GetElapsedTime(settle).TotalSeconds < drainCap)
            await Task.Delay(100);
        await Task.Delay(1000); // a duplicate turn would show up here
        var sent = messaging.Sent.ToArray();
        var first = sent.GroupBy(m => m.Recipient).ToDictionary(g => g.Key, g => (At: g.Min(m => m.At), Count: g.Count()));
        var measured = posted.Where(p => p.Value >= measuredFrom).ToList();
        var handled = measured.Count(p => first.TryGetValue(p.Key, out var f) && f.At <= measuredFrom.AddSeconds(measuredSeconds));
        var e2e = measured.Where(p => first.ContainsKey(p.Key)).Select(p => (first[p.Key].At - p.Value).TotalMilliseconds).Order().ToList();
        var usual = first.Values.GroupBy(f => f.Count).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var answered = posted.Keys.Count(first.ContainsKey);
        var duplicates = posted.Keys.Count(k => first.TryGetValue(k, out var f) && f.Count > usual);
        var load = LoadAvg();
        Console.WriteLine($"bot turns: {handled / measuredSeconds:N0} events/s, end to end p50 {P(e2e, 0.5):0} ms, p99 {P(e2e, 0.99):0} ms; " +
                          $"accepted {posted.Count:N0}, answered {answered:N0}, replies per event {usual}, duplicates {duplicates}, " +
                          $"errors {turnErrors}, timeouts {timeouts}; load avg {load}");
        foreach (var a in d.Apps)
            if (a.Process.HasExited) Console.WriteLine($"instance {a.Url} exited: {string.Join('\n', a.Output)}");
        return new Result(name, ingest.Rps, ingest.P50, ingest.P99, ingest.Errors + turnErrors, handled / measuredSeconds, P(e2e, 0.5), P(e2e, 0.99),
            posted.Count, answered, duplicates, load);
    }
}

HttpClient Client() => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{ Timeout = TimeSpan.FromSeconds(30) };

async Task<Deployment> DeployAsync(string provider, int instanceCount)
{
    var simulator = await PlatformSimulator.StartAsync();
    simulator.State.RecordRequests = false;
    var data = Path.Combine(Path.GetTempPath(), "chatbot-bench-scaleout-" + Guid.NewGuid().ToString("N"));
    string? database = null;
    var settings = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Storage__Provider"] = provider, ["Storage__DataDirectory"] = data,
        ["Facebook__AppSecret"] = secret, ["Facebook__GraphBaseUrl"] = simulator.GraphBaseUrl,
        ["Channels__sai-gon-facebook__AccessToken"] = "bench-token", ["Logging__LogLevel__Default"] = "Warning",
        ["MicrosoftAppId"] = "", ["Inbox__PollInterval"] = "00:00:00.500",
    };
    if (provider == "Postgres")
    {
        database = "chatbot_bench_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync($"CREATE DATABASE {database}");
        settings["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
    }
    var deployment = new Deployment(simulator, data, database, AdminAsync);
    try
    {
        // One after the other: the second finds the schema migrated.
        for (var i = 0; i < instanceCount; i++) deployment.Apps.Add(await StartAppAsync(settings));
    }
    catch
    {
        await deployment.DisposeAsync();
        throw;
    }
    return deployment;
}

async Task<(double Rps, double P50, double P99, int Errors)> LoadAsync(HttpClient http, string[] hooks, int secs,
    ConcurrentDictionary<string, DateTimeOffset> accepted, Func<int> next)
{
    var latencies = new ConcurrentBag<double>();
    var errors = 0;
    var stopAt = Stopwatch.GetTimestamp() + secs * Stopwatch.Frequency;
    await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
    {
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var n = next();
            using var request = Webhook(hooks[n % hooks.Length], n, out var psid); // round-robin, like a load balancer
            var started = Stopwatch.GetTimestamp();
            var at = DateTimeOffset.UtcNow;
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref errors); continue; }
                accepted.TryAdd(psid, at);
            }
            catch (HttpRequestException) { Interlocked.Increment(ref errors); }
            catch (TaskCanceledException) { Interlocked.Increment(ref errors); }
        }
    })));
    var sorted = latencies.Order().ToList();
    return (sorted.Count / (double)secs, P(sorted, 0.5), P(sorted, 0.99), errors);
}

HttpRequestMessage Webhook(string url, int n, out string psid)
{
    psid = $"bench-{n}";
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var body = $$$"""{"object":"page","entry":[{"id":"{{{page}}}","time":{{{now}}},"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{now}}},"message":{"mid":"m.{{{n}}}","text":"menu"}}]}]}""";
    var bytes = Encoding.UTF8.GetBytes(body);
    var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)));
    return request;
}

async Task AdminAsync(string sql)
{
    await using var conn = new NpgsqlConnection(postgres);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand(sql, conn);
    await cmd.ExecuteNonQueryAsync();
}

async Task<(Process Process, string Url, ConcurrentQueue<string> Output)> StartAppAsync(Dictionary<string, string> env)
{
    var url = $"http://127.0.0.1:{FreePort()}";
    var psi = new ProcessStartInfo("dotnet", $"\"{webDll}\"")
    {
        WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
    };
    foreach (var (k, v) in env) psi.Environment[k] = v;
    psi.Environment["Urls"] = url;
    var p = Process.Start(psi)!;
    var output = new ConcurrentQueue<string>();
    void Keep(string? line) { if (line is null) return; output.Enqueue(line); while (output.Count > 40) output.TryDequeue(out _); }
    p.OutputDataReceived += (_, e) => Keep(e.Data);
    p.ErrorDataReceived += (_, e) => Keep(e.Data);
    p.BeginOutputReadLine();
    p.BeginErrorReadLine();
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
    while (Stopwatch.GetTimestamp() < deadline)
    {
        if (p.HasExited) throw new InvalidOperationException($"The app exited with {p.ExitCode}:\n{string.Join('\n', output)}");
        try
        {
            using var r = await http.GetAsync(url + "/health");
            if (r.IsSuccessStatusCode) return (p, url, output);
        }
        catch (HttpRequestException) { }
        catch (TaskCanceledException) { }
        await Task.Delay(100);
    }
    p.Kill(entireProcessTree: true);
    throw new TimeoutException($"The app was not healthy within 60 s:\n{string.Join('\n', output)}");
}

static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms >= 10_000 ? $"{ms / 1000:0.0} s" : $"{ms:0} ms";

static string LoadAvg() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatbot.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Chatbot.sln not found above " + AppContext.BaseDirectory);
}

sealed record Result(string Name, double IngestRps, double IngestP50, double IngestP99, int Errors, double HandledPerSecond,
    double E2eP50, double E2eP99, int Accepted, int Answered, int Duplicates, string LoadAvg);

/// <summary>One scenario's fresh storage, simulator and app processes; disposing kills the processes and drops the database.</summary>
sealed class Deployment(PlatformSimulator simulator, string dataDirectory, string? database, Func<string, Task> admin) : IAsyncDisposable
{
    public PlatformSimulator Simulator => simulator;
    public List<(Process Process, string Url, ConcurrentQueue<string> Output)> Apps { get; } = [];
    public string[] Hooks => Apps.Select(a => a.Url + "/webhooks/facebook").ToArray();

    public async ValueTask DisposeAsync()
    {
        foreach (var a in Apps)
        {
            if (!a.Process.HasExited) a.Process.Kill(entireProcessTree: true);
            await a.Process.WaitForExitAsync();
            a.Process.Dispose();
        }
        await simulator.DisposeAsync();
        if (database is not null) await admin($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
