using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Chatbot.Simulator;

// Usage (from the repository root): dotnet run -c Release --project infra/bench/Chatbot.Bench.Webhooks [-- seconds connections [--no-worker]]
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

var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var connections = args.Length > 1 ? int.Parse(args[1]) : 32;
var workerOff = args.Contains("--no-worker"); // the inbox alone, without the bot turns competing for the SQLite writer
const string secret = "bench-secret";
const string page = "100000000000001"; // sai-gon-facebook
var root = FindRoot();
var config = typeof(Program).Assembly.Location.Contains("/Release/") ? "Release" : "Debug";
var webDll = Path.Combine(root, "src/Chatbot.Web/bin", config, "net10.0/Chatbot.Web.dll");
var data = Path.Combine(Path.GetTempPath(), "chatbot-bench-" + Guid.NewGuid().ToString("N"));

await using var simulator = await PlatformSimulator.StartAsync();
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

var run = 0;
var allPosted = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(); // webhooks sent to the app, warm-up included
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

Console.WriteLine($"{connections} connections, {seconds} s per measurement, app and echo in their own processes, SQLite inbox");
await MeasureAsync("warm-up echo", $"http://127.0.0.1:{echoPortNumber}/echo", 2, null);
var echoResult = await MeasureAsync("plain JSON echo", $"http://127.0.0.1:{echoPortNumber}/echo", seconds, null);
await MeasureAsync("warm-up webhook", $"http://127.0.0.1:{appPort}/webhooks/facebook", 2, null);
var posted = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>();
var hookResult = await MeasureAsync("signed webhook → inbox", $"http://127.0.0.1:{appPort}/webhooks/facebook", seconds, posted);
Console.WriteLine($"ratio webhook/echo throughput: {hookResult / echoResult:0.00}");

if (workerOff) { app.Kill(true); echoServer.Kill(true); return 0; }

// End to end: webhook accepted → Send API call received by the simulator, for the measured run's messages (first reply
// per message). The worker keeps handling after the load stops; wait (≤ 180 s) until every stored event, warm-up
// included, was answered, so the one-at-a-time measurement below is not queued behind that backlog.
int Answered() => simulator.Messaging().Sent.Select(m => m.Recipient).Where(allPosted.ContainsKey).Distinct().Count();
var drainStarted = Stopwatch.GetTimestamp();
var answeredAtStop = Answered();
while (Answered() < allPosted.Count && Stopwatch.GetElapsedTime(drainStarted).TotalSeconds < 180) await Task.Delay(200);
var drain = Stopwatch.GetElapsedTime(drainStarted).TotalSeconds;
Console.WriteLine($"backlog when the load stopped: {allPosted.Count - answeredAtStop} events; handled in {drain:0.0} s " +
                  $"({(Answered() - answeredAtStop) / Math.Max(drain, 0.001):0} events/s by the worker), {allPosted.Count - Answered()} left");
var e2e = simulator.Messaging().Sent.Where(m => posted.ContainsKey(m.Recipient)).GroupBy(m => m.Recipient)
    .Select(g => (g.Min(m => m.At) - posted[g.Key]).TotalMilliseconds).Order().ToList();
Console.WriteLine($"end-to-end under the load (queueing included): {e2e.Count}/{posted.Count} answered, " +
                  $"p50 {P(e2e, 0.50):0} ms, p99 {P(e2e, 0.99):0} ms");
var light = new List<double>();
for (var i = 0; i < 50; i++)
{
    var (request, psid) = Webhook($"http://127.0.0.1:{appPort}/webhooks/facebook");
    var start = DateTimeOffset.UtcNow;
    using (await http.SendAsync(request)) { }
    while (!simulator.Messaging().Sent.Any(m => m.Recipient == psid)) await Task.Delay(1);
    light.Add((simulator.Messaging().Sent.First(m => m.Recipient == psid).At - start).TotalMilliseconds);
}
light.Sort();
Console.WriteLine($"end-to-end one at a time: p50 {P(light, 0.50):0} ms, p99 {P(light, 0.99):0} ms");
app.Kill(true);
echoServer.Kill(true);
return 0;

async Task<double> MeasureAsync(string name, string url, int secs, System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>? track)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var errors = 0;
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
    var sorted = latencies.Order().ToList();
    var rps = sorted.Count / (double)secs;
    if (!name.StartsWith("warm-up"))
        Console.WriteLine($"{name}: {rps:0} req/s, p50 {P(sorted, 0.5):0.0} ms, p99 {P(sorted, 0.99):0.0} ms, errors {errors}");
    return rps;
}

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
