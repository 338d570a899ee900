using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Chatbot.Bench.Webhooks;
using Chatbot.Simulator;

// Usage (from the repository root, after `dotnet build -c Release infra/bench/Chatbot.Bench.Webhooks`):
//   dotnet infra/bench/Chatbot.Bench.Webhooks/bin/Release/net10.0/Chatbot.Bench.Webhooks.dll [seconds connections] [--no-worker] [--paced 100,500] [--warmup 5]
// Child mode: "echo <port>" runs the plain ASP.NET Core JSON echo endpoint that the webhook is compared with.
if (args is ["echo", var echoPort])
{
    var echo = WebApplication.CreateSlimBuilder();
    echo.WebHost.UseUrls($"http://127.0.0.1:{echoPort}");
    echo.Logging.ClearProviders();
    var echoApp = echo.Build();
    echoApp.MapPost("/echo", async (HttpRequest r) => Results.Text(await new StreamReader(r.Body).ReadToEndAsync(), "application/json"));
    await echoApp.RunAsync();
    return 0;
}

var positional = args.Where((a, i) => !a.StartsWith("--") && (i == 0 || args[i - 1] is not ("--paced" or "--warmup"))).ToList();
var seconds = positional.Count > 0 ? int.Parse(positional[0]) : 10;
var connections = positional.Count > 1 ? int.Parse(positional[1]) : 32;
var workerOff = args.Contains("--no-worker"); // the inbox alone, without the bot turns competing for the CPU and the writer
var pacedAt = Array.IndexOf(args, "--paced");
var pacedRates = pacedAt >= 0 && pacedAt + 1 < args.Length
    ? args[pacedAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()
    : [100, 500];
// Both servers get the same warm-up. The app has far more code than the echo (Razor, Hangfire, the bot), so with a short
// one the measurement includes tier-0 code and JIT work that a long-running server has done long before.
var warmAt = Array.IndexOf(args, "--warmup");
var warmup = warmAt >= 0 && warmAt + 1 < args.Length ? int.Parse(args[warmAt + 1]) : 5;
const string secret = "bench-secret";
const string page = "100000000000001"; // sai-gon-facebook
var root = FindRoot();
var config = typeof(Program).Assembly.Location.Contains("/Release/") ? "Release" : "Debug";
var webDll = Path.Combine(root, "src/Chatbot.Web/bin", config, "net10.0/Chatbot.Web.dll");
var data = Path.Combine(Path.GetTempPath(), "chatbot-bench-" + Guid.NewGuid().ToString("N"));

await using var simulator = await PlatformSimulator.StartAsync();
simulator.State.RecordRequests = false; // the bench reads only the Send API messages; recording every body costs this process CPU
var appPort = FreePort();
var echoPortNumber = FreePort();
using var app = Start("dotnet", $"\"{webDll}\"", new()
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Urls"] = $"http://127.0.0.1:{appPort}", ["Storage__DataDirectory"] = data,
    ["Facebook__AppSecret"] = secret, ["Facebook__GraphBaseUrl"] = simulator.GraphBaseUrl, ["Channels__sai-gon-facebook__AccessToken"] = "bench-token",
    ["Logging__LogLevel__Default"] = "Warning", ["MicrosoftAppId"] = "", ["Inbox__PollInterval"] = "00:00:01", ["Inbox__WorkerEnabled"] = workerOff ? "false" : "true",
}, Path.GetDirectoryName(webDll)!);
using var echoServer = Start("dotnet", $"\"{typeof(Program).Assembly.Location}\" echo {echoPortNumber}", new(), AppContext.BaseDirectory);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
await WaitReadyAsync(http, $"http://127.0.0.1:{appPort}/health");
await WaitReadyAsync(http, $"http://127.0.0.1:{echoPortNumber}/echo", post: true);
var appUrl = $"http://127.0.0.1:{appPort}/webhooks/facebook";
var echoUrl = $"http://127.0.0.1:{echoPortNumber}/echo";

var run = 0;
var allPosted = new ConcurrentDictionary<string, bool>(); // webhooks sent to the app, warm-up included
var replies = new FirstReplies(simulator.Messaging());
(HttpRequestMessage Request, string Psid) Webhook(string url)
{
    var n = Interlocked.Increment(ref run);
    var psid = $"bench-{n}";
    if (url.Contains("/webhooks/")) allPosted.TryAdd(psid, true);
    var body = $$$"""{"object":"page","entry":[{"id":"{{{page}}}","time":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"messaging":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"message":{"mid":"m.{{{n}}}","text":"menu"}}]}]}""";
    var bytes = Encoding.UTF8.GetBytes(body);
    var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)));
    return (request, psid);
}

Console.WriteLine($"{connections} connections, {seconds} s per measurement, app and echo in their own processes, SQLite inbox, " +
                  $"worker {(workerOff ? "off" : "on")}, {warmup} s warm-up each, {Environment.ProcessorCount} cores; load average {LoadAverage()}");
Console.WriteLine("CPU columns: user+sys time of that process (/proc/<pid>/stat) during the measurement, per request; " +
                  "'bench' is this process (load generator + simulator).");
await MeasureAsync("warm-up echo", echoUrl, warmup, null, echoServer);
var echoResult = await MeasureAsync("plain JSON echo", echoUrl, seconds, null, echoServer);
await MeasureAsync("warm-up webhook", appUrl, warmup, null, app);
var posted = new ConcurrentDictionary<string, DateTimeOffset>();
var hookResult = await MeasureAsync("signed webhook → inbox", appUrl, seconds, posted, app);
Console.WriteLine($"ratio webhook/echo throughput: {hookResult / echoResult:0.00}; load average {LoadAverage()}");

if (workerOff) { app.Kill(true); echoServer.Kill(true); return 0; }

// End to end: webhook accepted → Send API call received by the simulator, for the measured run's messages (first reply
// per message). The worker keeps handling after the load stops; wait (≤ 180 s) until every stored event, warm-up
// included, was answered, so the measurements below are not queued behind that backlog.
var answeredAtStop = Answered();
var drain = await DrainAsync(TimeSpan.FromSeconds(180));
Console.WriteLine($"backlog when the load stopped: {allPosted.Count - answeredAtStop} events; handled in {drain.Seconds:0.0} s " +
                  $"({(Answered() - answeredAtStop) / Math.Max(drain.Seconds, 0.001):0} events/s by the worker, " +
                  $"{drain.AppCpuMs / Math.Max(Answered() - answeredAtStop, 1):0.00} app CPU ms per event), {allPosted.Count - Answered()} left");
var e2e = EndToEnd(posted);
Console.WriteLine($"end-to-end under the load (queueing included): {e2e.Count}/{posted.Count} answered, " +
                  $"p50 {P(e2e, 0.50):0} ms, p99 {P(e2e, 0.99):0} ms");

var light = new List<double>();
for (var i = 0; i < 50; i++)
{
    var (request, psid) = Webhook(appUrl);
    var start = DateTimeOffset.UtcNow;
    using (await http.SendAsync(request)) { }
    request.Dispose();
    light.Add((await replies.WaitAsync(psid) - start).TotalMilliseconds);
}
light.Sort();
Console.WriteLine($"end-to-end one at a time: p50 {P(light, 0.50):0} ms, p99 {P(light, 0.99):0} ms");

foreach (var rate in pacedRates) await PacedAsync(rate, seconds);
Console.WriteLine($"load average {LoadAverage()}");
app.Kill(true);
echoServer.Kill(true);
return 0;

int Answered() => replies.CountOf(allPosted.Keys);

async Task<(double Seconds, double AppCpuMs)> DrainAsync(TimeSpan limit)
{
    var started = Stopwatch.GetTimestamp();
    var cpu = CpuMs(app);
    while (Answered() < allPosted.Count && Stopwatch.GetElapsedTime(started) < limit) await Task.Delay(200);
    return (Stopwatch.GetElapsedTime(started).TotalSeconds, CpuMs(app) - cpu);
}

List<double> EndToEnd(ConcurrentDictionary<string, DateTimeOffset> sent) =>
    sent.Select(p => replies.At(p.Key) is { } at ? (at - p.Value).TotalMilliseconds : (double?)null)
        .OfType<double>().Order().ToList();

// Open loop at a fixed rate (a request starts on schedule whether or not earlier ones finished): the end-to-end time a
// citizen sees when the bot keeps up with what arrives, which the closed-loop load above does not show.
async Task PacedAsync(int rate, int secs)
{
    var sent = new ConcurrentDictionary<string, DateTimeOffset>();
    var intake = new ConcurrentBag<double>();
    var inFlight = new List<Task>();
    var errors = 0;
    var total = rate * secs;
    var cpu = CpuMs(app);
    var started = Stopwatch.GetTimestamp();
    for (var i = 0; i < total;)
    {
        var due = (int)Math.Min(total, Stopwatch.GetElapsedTime(started).TotalSeconds * rate);
        for (; i < due; i++)
            inFlight.Add(Task.Run(async () =>
            {
                var (request, psid) = Webhook(appUrl);
                var t = Stopwatch.GetTimestamp();
                sent[psid] = DateTimeOffset.UtcNow;
                using var response = await http.SendAsync(request);
                intake.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                request.Dispose();
            }));
        await Task.Delay(1);
    }
    await Task.WhenAll(inFlight);
    var drained = await DrainAsync(TimeSpan.FromSeconds(120));
    var cpuPerEvent = (CpuMs(app) - cpu) / total;
    var e = EndToEnd(sent);
    var i99 = intake.Order().ToList();
    Console.WriteLine($"paced {rate} events/s for {secs} s: webhook p50 {P(i99, 0.5):0.0} ms, p99 {P(i99, 0.99):0.0} ms, errors {errors}; " +
                      $"end-to-end {e.Count}/{total} answered, p50 {P(e, 0.5):0} ms, p99 {P(e, 0.99):0} ms " +
                      $"(app CPU {cpuPerEvent:0.00} ms per event, intake and bot turn; drained {drained.Seconds:0.0} s after the last send)");
}

async Task<double> MeasureAsync(string name, string url, int secs, ConcurrentDictionary<string, DateTimeOffset>? track, Process server)
{
    var latencies = new ConcurrentBag<double>();
    var errors = 0;
    var serverCpu = CpuMs(server);
    var benchCpu = CpuMs(Process.GetCurrentProcess());
    var stopAt = Stopwatch.GetTimestamp() + secs * Stopwatch.Frequency;
    await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
    {
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var (request, psid) = Webhook(url);
            var started = Stopwatch.GetTimestamp();
            var at = DateTimeOffset.UtcNow;
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            track?.TryAdd(psid, at);
            request.Dispose();
        }
    })));
    var serverMs = CpuMs(server) - serverCpu;
    var benchMs = CpuMs(Process.GetCurrentProcess()) - benchCpu;
    var sorted = latencies.Order().ToList();
    var rps = sorted.Count / (double)secs;
    if (!name.StartsWith("warm-up"))
        Console.WriteLine($"{name}: {rps:0} req/s, p50 {P(sorted, 0.5):0.0} ms, p99 {P(sorted, 0.99):0.0} ms, errors {errors}; " +
                          $"server CPU {serverMs / Math.Max(sorted.Count, 1):0.000} ms/request ({serverMs / 1000 / secs:0.00} cores), " +
                          $"bench CPU {benchMs / Math.Max(sorted.Count, 1):0.000} ms/request");
    return rps;
}

static double CpuMs(Process p)
{
    p.Refresh();
    return p.TotalProcessorTime.TotalMilliseconds; // utime + stime from /proc/<pid>/stat
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

static Process Start(string file, string arguments, Dictionary<string, string> env, string workingDirectory)
{
    var psi = new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true };
    foreach (var (k, v) in env) psi.Environment[k] = v;
    var p = Process.Start(psi)!;
    p.OutputDataReceived += (_, _) => { };
    p.BeginOutputReadLine();
    return p;
}

static async Task WaitReadyAsync(HttpClient http, string url, bool post = false)
{
    for (var i = 0; i < 300; i++)
    {
        try
        {
            using var r = post ? await http.PostAsync(url, new StringContent("{}")) : await http.GetAsync(url);
            if (r.IsSuccessStatusCode) return;
        }
        catch (HttpRequestException) { }
        await Task.Delay(100);
    }
    throw new TimeoutException("not ready: " + url);
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatbot.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Chatbot.sln not found above " + AppContext.BaseDirectory);
}
