using System.Diagnostics;
using Chatbot.Simulator;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Bench.Fanout;

// Fan-out of one post to N Messenger subscribers of one ward, through the real notification path: subscribers and
// their conversations in SQLite, NotifySubscribersJob (the code the Hangfire job runs), ICitizenMessenger → Send API over
// HTTP → the platform simulator in this process, which accepts at most R messages/s (token bucket, 429 + Graph code 4
// beyond it) and fails 5 % of sends with 503. The sender's ceiling is set above R: it has to find R itself.
//   dotnet run -c Release --project infra/bench/Chatbot.Bench.Fanout [-- --quick] [--messages N] [--rate R]
internal static class FanoutBench
{
    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var messages = Arg("--messages") ?? (quick ? 10_000 : 100_000);
        var rate = Arg("--rate") ?? 2_000;
        var ceiling = rate * 1.25;
        var concurrency = Arg("--concurrency") ?? 64;

        var process = Process.GetCurrentProcess();
        long Rss() { process.Refresh(); return process.WorkingSet64; }
        static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MB";

        await using var simulator = await PlatformSimulator.StartAsync();
        simulator.State.RecordRequests = false;
        simulator.Messaging().KeepMessages = false;

        var data = Path.Combine(Path.GetTempPath(), "chatbot-bench-fanout", Guid.NewGuid().ToString("N"));
        await using var host = new FanoutHost(data, simulator, ceiling, concurrency);
        var services = host.Services;
        var db = services.GetRequiredService<IDbConnectionFactory>();

        var seed = Stopwatch.StartNew();
        var deliveryId = await SeedAsync(db, services.GetRequiredService<StaffStore>(), messages);
        Console.WriteLine($"seeded {messages:N0} subscribers in {seed.Elapsed.TotalSeconds:F1} s");
        simulator.State.RateLimit.Set(rate);
        simulator.Faults.FailRandomly(0.05, new Fault("/messages", Status: 503), seed: 11);

        GC.Collect();
        var rssStart = Rss();
        long rssMiddle = 0;
        var counts = simulator.Messaging().CountByRecipient;
        var job = services.GetRequiredService<NotifySubscribersJob>();
        var clock = Stopwatch.StartNew();
        var run = job.RunAsync(deliveryId, CancellationToken.None);
        var samples = new List<(double Seconds, long Accepted)>();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(1000));
            var accepted = counts.Count;
            samples.Add((clock.Elapsed.TotalSeconds, accepted));
            if (rssMiddle == 0 && accepted >= messages / 2) rssMiddle = Rss();
        }
        await run;
        var elapsed = clock.Elapsed;
        var rssEnd = Rss();
        process.Refresh();

        var total = counts.Values.Sum();
        var duplicates = counts.Values.Count(n => n > 1);
        var lost = messages - counts.Count;
        await using var conn = await db.OpenAsync();
        var outcomes = (await conn.QueryAsync<(string Outcome, long Count)>(
            "SELECT outcome, COUNT(*) FROM notifications GROUP BY outcome ORDER BY outcome")).ToList();
        var attempts = await conn.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(attempts), 0) FROM outbound_log");
        var achieved = counts.Count / elapsed.TotalSeconds;
        // The steady rate: between 10 % and 90 % of the messages (no start-up or tail).
        var from = samples.FirstOrDefault(s => s.Accepted >= messages / 10);
        var to = samples.LastOrDefault(s => s.Accepted <= messages * 9 / 10);
        var steady = to.Seconds > from.Seconds ? (to.Accepted - from.Accepted) / (to.Seconds - from.Seconds) : double.NaN;

        Console.WriteLine($"""

            Fan-out: {messages:N0} Messenger subscribers, simulator limit R = {rate:N0}/s (burst {simulator.State.RateLimit.Burst:N0}), sender ceiling {ceiling:N0}/s, {concurrency} in flight, 5 % injected 503
              job time            {elapsed.TotalSeconds:F1} s
              achieved rate       {achieved:N0}/s = {achieved / rate:F2} R (all accepted messages / job time)
              steady rate         {steady:N0}/s = {steady / rate:F2} R (10 %–90 % of messages)
              accepted            {counts.Count:N0} recipients, {total:N0} messages
              duplicates          {duplicates}
              lost                {lost}
              send attempts       {attempts:N0} (429 answers: {simulator.State.RateLimit.Rejected:N0}; pacer slow-downs: see rate)
              notifications       {string.Join(", ", outcomes.Select(o => $"{o.Outcome} {o.Count:N0}"))}
              RSS                 start {Mb(rssStart)}, middle {Mb(rssMiddle)}, end {Mb(rssEnd)}; peak {Mb(process.PeakWorkingSet64)}
              GC heap at end      {Mb(GC.GetTotalMemory(false))}
            """);
        var ok = achieved >= 0.9 * rate && duplicates == 0 && lost == 0;
        Console.WriteLine(ok ? "PASS: ≥ 0.9 R, no duplicates, no losses" : "FAIL: target not met");
        return ok ? 0 : 1;

        int? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : null;

        static async Task<long> SeedAsync(IDbConnectionFactory db, StaffStore staff, int count)
        {
            var author = await staff.CreateUserAsync("bench-admin", Roles.DistrictAdmin, null, "bench-password-1", default);
            var now = DateTimeOffset.UtcNow;
            await using var conn = await db.OpenAsync();
            var postId = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO posts (text, platforms, state, publish_at, author_id, created_at, updated_at)
                VALUES ('Thông báo: lịch tiếp công dân tuần này', 'facebook', 'published', @now, @author, @now, @now) RETURNING id
                """, new { now, author });
            var deliveryId = await conn.ExecuteScalarAsync<long>("""
                INSERT INTO deliveries (post_id, channel_id, ward_id, platform, due_at, state, attempts, published_at)
                VALUES (@postId, 'sai-gon-facebook', 'sai-gon', 'facebook', @now, 'published', 1, @now) RETURNING id
                """, new { postId, now });
            const string page = "100000000000001"; // sai-gon-facebook in dialogs/units
            for (var start = 0; start < count; start += 5_000)
            {
                await using var tx = await conn.BeginTransactionAsync();
                var batch = Enumerable.Range(start, Math.Min(5_000, count - start)).Select(i => new
                {
                    user = $"psid-{i:D7}", key = $"facebook:{page}:psid-{i:D7}", at = now.AddMinutes(-(i % 600)),
                }).ToList();
                await conn.ExecuteAsync("""
                    INSERT INTO subscriptions (channel, user_id, ward_id, subscribed_at, last_interaction_at) VALUES ('facebook', @user, 'sai-gon', @at, @at)
                    """, batch, tx);
                await conn.ExecuteAsync("""
                    INSERT INTO channel_conversations (conversation_key, platform, user_id, last_inbound_at) VALUES (@key, 'facebook', @user, @at)
                    """, batch, tx);
                await tx.CommitAsync();
            }
            return deliveryId;
        }
    }
}

/// <summary>The real service (no job server: the job is run here) on a fresh SQLite database, pointed at the simulator.</summary>
internal sealed class FanoutHost(string dataDirectory, PlatformSimulator simulator, double ceiling, int concurrency) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Jobs:ServerEnabled"] = "false",
            ["Inbox:WorkerEnabled"] = "false",
            ["Facebook:GraphBaseUrl"] = simulator.GraphBaseUrl,
            ["Zalo:ApiBaseUrl"] = simulator.ZaloApiBaseUrl,
            ["Channels:sai-gon-facebook:AccessToken"] = "bench-page-token",
            ["Outbound:RatePerSecond:facebook"] = ceiling.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Outbound:BaseDelay"] = "00:00:00.100",
            ["Broadcasting:NotifyConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Error",
        })
            builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, true); } catch (IOException) { }
    }
}
