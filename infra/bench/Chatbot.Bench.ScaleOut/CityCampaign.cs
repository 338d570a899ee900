using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Simulator;
using Npgsql;

namespace Chatbot.Bench.ScaleOut;

/// <summary>
/// `city [--wards 168]`: the whole city in one deployment — generated wards (CityContent), each with a Facebook Page and
/// a Zalo OA, two app processes on one PostgreSQL, the simulator limiting posts per Page. A city-wide post (one delivery
/// per channel), then the 17-day campaign for every ward with the clock jumped so all 17 days are due at once (the
/// heaviest catch-up there is); instance A is killed once a third is out. Reports the time to publish everything, the
/// page-limit refusals retried, exactly-once on the simulator's side, and each instance's peak memory (VmHWM).
/// </summary>
internal static class CityCampaign
{
    public static async Task<int> RunAsync(string[] args)
    {
        var wards = args is ["--wards", var n, ..] ? int.Parse(n) : 168;
        var server = BenchRun.PostgresFromEnvironment();
        if (server is null)
        {
            Console.Error.WriteLine("city needs PostgreSQL (two instances): set CHATBOT_BENCH_POSTGRES");
            return 2;
        }
        var root = BenchRun.FindRoot();
        var content = Path.Combine(Path.GetTempPath(), "chatbot-city-" + Guid.NewGuid().ToString("N"));
        var channels = CityContent.Write(Path.Combine(root, "dialogs"), content, wards);
        var extra = new Dictionary<string, string>
        {
            ["Content__Directory"] = content, ["Broadcasting__StaleAfter"] = "00:00:30", ["Broadcasting__ReconcileGrace"] = "00:00:30",
            ["Broadcasting__LostJobAfter"] = "00:01:00", ["Jobs__SchedulePollingInterval"] = "00:00:01", ["Jobs__QueuePollInterval"] = "00:00:00.500",
        };
        foreach (var (k, v) in CityContent.TokenSettings(channels)) extra[k.Replace(":", "__")] = v!;
        Console.WriteLine($"City: {wards} wards, {channels.Count} channels (a Page and an OA each); PostgreSQL fsync={await server.ShowAsync("fsync")}, " +
                          $"synchronous_commit={await server.ShowAsync("synchronous_commit")}; load avg at start: {BenchRun.LoadAvg()}");
        await using var city = await Deployment.StartAsync(root, "Postgres", 2, server, extra);
        city.Simulator.Articles().OaPerToken = true;
        city.Simulator.Pages().LimitPerPage(perSecond: 1);
        var peaks = new PeakMemory(city.Apps.Select(a => a.Process).ToList());
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var author = await StaffTokenAsync(root, city, "tac-gia-thanh-pho");
        var approver = await StaffTokenAsync(root, city, "nguoi-duyet-thanh-pho");
        var api = new Api(http, city.Apps[1].Url);

        // 1. The city-wide post: one delivery per Page and OA, all due in the same second.
        var due = DateTimeOffset.UtcNow.AddSeconds(45);
        var post = await api.SendAsync(author, HttpMethod.Post, "/api/posts", new
        {
            text = "Thông báo toàn thành phố: từ tháng 12, người dân có thể nộp hồ sơ trực tuyến tại mọi phường.",
            wards = new[] { "all" }, platforms = new[] { "facebook", "zalo" },
            at = due.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"), submit = true,
        });
        await api.SendAsync(approver, HttpMethod.Post, $"/api/posts/{post.GetProperty("id").GetInt64()}/approve", new { });
        await WaitAsync(() => Published(city) >= channels.Count, TimeSpan.FromMinutes(10), peaks);
        var cityPost = DateTimeOffset.UtcNow - due;
        Console.WriteLine($"City-wide post: {channels.Count} deliveries published {cityPost.TotalSeconds:0.0} s after their time " +
                          $"(load avg {BenchRun.LoadAvg()})");

        // 2. The 17-day campaign for every ward, approved, then all 17 days due at once.
        var sw = Stopwatch.StartNew();
        var campaign = (await api.SendAsync(author, HttpMethod.Post, "/api/campaigns/17-ngay-chuyen-doi-so", new
        {
            wards = new[] { "all" }, platforms = new[] { "facebook", "zalo" }, startDate = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd"), time = "08:00",
        })).GetProperty("campaign").GetString()!;
        await api.SendAsync(author, HttpMethod.Post, $"/api/campaigns/{campaign}/submit", null);
        await api.SendAsync(approver, HttpMethod.Post, $"/api/campaigns/{campaign}/approve", null);
        var campaignDeliveries = 17 * channels.Count;
        Console.WriteLine($"Campaign: 17 posts, {campaignDeliveries} deliveries created and scheduled in {sw.Elapsed.TotalSeconds:0.0} s");
        await JumpToNowAsync(city);
        sw.Restart();
        var total = channels.Count + campaignDeliveries;
        await WaitAsync(() => Published(city) >= channels.Count + campaignDeliveries / 3, TimeSpan.FromMinutes(30), peaks);
        var killedAt = sw.Elapsed;
        var peakA = peaks.Of(0);
        city.Apps[0].Process.Kill(entireProcessTree: true);
        Console.WriteLine($"Instance A killed after {killedAt.TotalSeconds:0} s, {Published(city) - channels.Count} campaign deliveries out");
        await WaitAsync(async () => await SettledRowsAsync(city) >= total, TimeSpan.FromMinutes(60), peaks);
        var allOut = sw.Elapsed;

        var pages = city.Simulator.Pages().Posts;
        var articles = city.Simulator.Articles().Articles;
        var once = pages.Count == total / 2 && pages.Select(p => (p.PageId, p.Message)).Distinct().Count() == total / 2
                   && articles.Count == total / 2 && articles.Select(a => (a.PageId, a.Message)).Distinct().Count() == total / 2;
        Console.WriteLine($"Campaign: {campaignDeliveries} deliveries published in {allOut.TotalSeconds:0} s after the jump " +
                          $"({campaignDeliveries / allOut.TotalSeconds:0.0}/s), instance A killed at {killedAt.TotalSeconds:0} s; " +
                          $"{city.Simulator.Pages().Throttled} posts refused by the per-Page limit and retried; load avg {BenchRun.LoadAvg()}");
        Console.WriteLine($"On the platforms: {pages.Count} Page posts, {articles.Count} OA articles for {total} deliveries — " +
                          (once ? "each (post, channel) exactly once" : "** NOT exactly once **"));
        Console.WriteLine($"Peak memory (VmHWM): instance A {peakA / 1024.0:0} MB (until killed), instance B {peaks.Of(1) / 1024.0:0} MB");
        return once ? 0 : 1;
    }

    static int Published(Deployment city) => city.Simulator.Pages().Posts.Count + city.Simulator.Articles().Articles.Count;

    /// <summary>Published, or (Zalo, whose sent messages cannot be read back) left for staff to check because A was
    /// sending it when it was killed: either way it is settled and never sent again.</summary>
    static async Task<long> SettledRowsAsync(Deployment city)
    {
        await using var conn = new NpgsqlConnection(city.Settings["ConnectionStrings__Postgres"]);
        await conn.OpenAsync();
        return (long)(await new NpgsqlCommand(
            "SELECT COUNT(*) FROM deliveries WHERE state = 'published' OR (state = 'needs_check' AND platform = 'zalo')", conn).ExecuteScalarAsync())!;
    }

    /// <summary>Deliveries due (and handed to the job runner) now, Hangfire's delayed jobs due now: every campaign day's
    /// 08:00 at once.</summary>
    static async Task JumpToNowAsync(Deployment city)
    {
        await using var conn = new NpgsqlConnection(city.Settings["ConnectionStrings__Postgres"]);
        await conn.OpenAsync();
        await new NpgsqlCommand("""
            UPDATE deliveries SET due_at = now(), enqueued_at = now() WHERE state = 'scheduled';
            UPDATE hangfire.set SET score = extract(epoch FROM now()) WHERE key = 'schedule';
            """, conn).ExecuteNonQueryAsync();
    }

    static Task WaitAsync(Func<bool> done, TimeSpan limit, PeakMemory peaks) => WaitAsync(() => Task.FromResult(done()), limit, peaks);

    static async Task WaitAsync(Func<Task<bool>> done, TimeSpan limit, PeakMemory peaks)
    {
        var until = DateTime.UtcNow + limit;
        while (!await done())
        {
            peaks.Sample();
            if (DateTime.UtcNow > until) throw new TimeoutException($"not done within {limit}");
            await Task.Delay(250);
        }
        peaks.Sample();
    }

    static async Task<string> StaffTokenAsync(string root, Deployment city, string user)
    {
        await RunAsync(root, city, ["admin", "create-user", "--user", user, "--role", "DistrictAdmin", "--password-stdin"], $"mat-khau-that-dai-{user}\n");
        var output = await RunAsync(root, city, ["admin", "create-token", "--user", user], null);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(l => l.Length >= 20 && !l.Contains(' '));
    }

    static async Task<string> RunAsync(string root, Deployment city, string[] arguments, string? input)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(root, "src/Chatbot.Web/bin/Release/net10.0/Chatbot.Web.dll"), .. arguments])
        {
            WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var (k, v) in city.Settings) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        if (input is not null) await p.StandardInput.WriteAsync(input);
        p.StandardInput.Close();
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', arguments)}: {output}");
    }

    sealed class Api(HttpClient http, string baseUrl)
    {
        public async Task<JsonElement> SendAsync(string token, HttpMethod method, string path, object? body)
        {
            using var request = new HttpRequestMessage(method, baseUrl + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>Each process's peak resident memory (VmHWM, kB), kept while it lives.</summary>
    sealed class PeakMemory(IReadOnlyList<Process> processes)
    {
        readonly long[] peaks = new long[processes.Count];

        public void Sample()
        {
            for (var i = 0; i < processes.Count; i++)
            {
                try
                {
                    var line = File.ReadLines($"/proc/{processes[i].Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
                    if (line is not null) peaks[i] = Math.Max(peaks[i], long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
                }
                catch (IOException) { } // exited
            }
        }

        public long Of(int instance)
        {
            Sample();
            return peaks[instance];
        }
    }
}
