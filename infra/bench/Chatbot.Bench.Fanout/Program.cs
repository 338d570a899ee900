using System.Diagnostics;
using Chatbot.Simulator;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels.Outbound;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Bench.Fanout;

// Fan-out of one post to N Messenger subscribers of one ward, through the real notification path: subscribers and
// their conversations in SQLite, NotifySubscribersJob (the code the Hangfire job runs), ICitizenMessenger → Send API over
// HTTP → the platform simulator in a child process (this program with --simulator-child, so it does not share the app's
// thread pool or CPU account), which accepts at most R messages/s (token bucket, 429 + Graph code 4 beyond it) and fails
// 5 % of sends with 503. The sender's ceiling is set above R: it has to find R itself. CPU time of this process during
// the job (the app side only) is reported per message.
//   dotnet run -c Release --project infra/bench/Chatbot.Bench.Fanout [-- --quick] [--messages N] [--rate R]
internal static class FanoutBench
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "--simulator-child") return await SimulatorChild.RunAsync();
        var quick = args.Contains("--quick");
        var messages = Arg("--messages") ?? (quick ? 10_000 : 100_000);
        var rate = Arg("--rate") ?? 2_000;
        var ceiling = rate * 1.25;
        var concurrency = Arg("--concurrency") ?? 64;
        // Baseline for comparison in the same build: every send reads the conversation and the token itself, as before
        // the batch resolution.
        var perMessageReads = args.Contains("--per-message-reads");

        var process = Process.GetCurrentProcess();
        long Rss() { process.Refresh(); return process.WorkingSet64; }
        static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MB";

        await using var simulator = await SimulatorChild.StartAsync();
        Console.WriteLine($"load average at start: {LoadAverage()}");

        var data = Path.Combine(Path.GetTempPath(), "chatbot-bench-fanout", Guid.NewGuid().ToString("N"));
        await using var host = new FanoutHost(data, simulator, ceiling, concurrency, perMessageReads);
        var services = host.Services;
        var db = services.GetRequiredService<IDbConnectionFactory>();

        var seed = Stopwatch.StartNew();
        var deliveryId = await SeedAsync(db, services.GetRequiredService<StaffStore>(), messages);
        Console.WriteLine($"seeded {messages:N0} subscribers in {seed.Elapsed.TotalSeconds:F1} s");
        await simulator.AskAsync($"rate {rate}");
        await simulator.AskAsync("faults 0.05");

        GC.Collect();
        var rssStart = Rss();
        long rssMiddle = 0, rssPeakDuringJob = rssStart;
        var job = services.GetRequiredService<NotifySubscribersJob>();
        var loadStart = LoadAverage();
        var cpuStart = process.TotalProcessorTime;
        var simCpuStart = (await simulator.CountsAsync()).CpuMs;
        var gcStart = GC.GetTotalAllocatedBytes(true);
        var clock = Stopwatch.StartNew();
        var run = job.RunAsync(deliveryId, CancellationToken.None);
        var samples = new List<(double Seconds, long Accepted)>();
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(1000));
            var accepted = (await simulator.CountsAsync()).Recipients;
            samples.Add((clock.Elapsed.TotalSeconds, accepted));
            var rss = Rss();
            rssPeakDuringJob = Math.Max(rssPeakDuringJob, rss);
            if (rssMiddle == 0 && accepted >= messages / 2) rssMiddle = rss;
        }
        await run;
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        var allocated = GC.GetTotalAllocatedBytes(true) - gcStart;
        var loadEnd = LoadAverage();
        var rssEnd = Rss();
        var final = await simulator.CountsAsync();

        var total = final.Messages;
        var duplicates = final.Duplicates;
        var lost = messages - final.Recipients;
        await using var conn = await db.OpenAsync();
        var outcomes = (await conn.QueryAsync<(string Outcome, string? Reason, long Count)>(
            "SELECT outcome, reason, COUNT(*) FROM notifications GROUP BY outcome, reason ORDER BY outcome, reason")).ToList();
        var attempts = await conn.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(attempts), 0) FROM outbound_log");
        var achieved = final.Recipients / elapsed.TotalSeconds;
        // The steady rate: between 10 % and 90 % of the messages (no start-up or tail).
        var from = samples.FirstOrDefault(s => s.Accepted >= messages / 10);
        var to = samples.LastOrDefault(s => s.Accepted <= messages * 9 / 10);
        var steady = to.Seconds > from.Seconds ? (to.Accepted - from.Accepted) / (to.Seconds - from.Seconds) : double.NaN;
        // Where the whole-run rate loses against the steady one: before the first 10 % (reserving the rows, warming up)
        // and after the last 90 % (the tail: retries, the last pass).
        var head = from.Seconds;
        var tail = elapsed.TotalSeconds - (samples.LastOrDefault(s => s.Accepted < messages * 9 / 10).Seconds);

        Console.WriteLine($"""

            Fan-out: {messages:N0} Messenger subscribers, simulator limit R = {rate:N0}/s (burst R/10, own process), sender ceiling {ceiling:N0}/s, {concurrency} in flight, 5 % injected 503{(perMessageReads ? ", BASELINE: per-message reads" : "")}
              load average        start {loadStart}; end {loadEnd} ({Environment.ProcessorCount} cores)
              job time            {elapsed.TotalSeconds:F1} s
              achieved rate       {achieved:N0}/s = {achieved / rate:F2} R (all accepted messages / job time)
              steady rate         {steady:N0}/s = {steady / rate:F2} R (10 %–90 % of messages)
              first / last 10 %   {head:F1} s / {tail:F1} s (at R: {messages / 10.0 / rate:F1} s each)
              accepted            {final.Recipients:N0} recipients, {total:N0} messages
              duplicates          {duplicates}
              lost                {lost}
              send attempts       {attempts:N0} (429 answers: {final.Rejected:N0})
              app CPU             {cpu.TotalMilliseconds / messages:F3} ms per message ({cpu.TotalSeconds:F1} s user+sys; ceiling ≈ {messages / cpu.TotalSeconds * Environment.ProcessorCount:N0}/s on {Environment.ProcessorCount} cores if CPU-bound)
              simulator CPU       {(final.CpuMs - simCpuStart) / messages:F3} ms per message (its own process)
              app allocations     {allocated / (double)messages / 1024:F1} KB per message
              notifications       {string.Join(", ", outcomes.Select(o => $"{o.Outcome}{(o.Reason is null ? "" : $" ({o.Reason})")} {o.Count:N0}"))}
              RSS                 start {Mb(rssStart)}, middle {Mb(rssMiddle)}, end {Mb(rssEnd)}; peak during job {Mb(rssPeakDuringJob)} (process peak incl. seeding {Mb(process.PeakWorkingSet64)})
              GC heap at end      {Mb(GC.GetTotalMemory(false))}
            """);
        var ok = achieved >= 0.9 * rate && duplicates == 0 && lost == 0;
        Console.WriteLine(ok ? "PASS: ≥ 0.9 R over the whole run, no duplicates, no losses"
            : $"FAIL: target not met (achieved {achieved / rate:F2} R, {duplicates} duplicates, {lost} lost)");
        return ok ? 0 : 1;

        static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

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
internal sealed class FanoutHost(string dataDirectory, SimulatorChild simulator, double ceiling, int concurrency, bool perMessageReads)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (perMessageReads)
            builder.ConfigureServices(services =>
            {
                var real = services.Last(d => d.ServiceType == typeof(ICitizenMessenger));
                services.AddSingleton<ICitizenMessenger>(sp => new PerMessageReads((ICitizenMessenger)real.ImplementationFactory!(sp)));
            });
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

/// <summary>The baseline: drops what the job resolved per batch, so each send reads its conversation and token again.</summary>
internal sealed class PerMessageReads(ICitizenMessenger inner) : ICitizenMessenger
{
    public Task<CitizenSendOutcome> SendAsync(CitizenMessage message, CancellationToken ct) =>
        inner.SendAsync(message with { Conversation = null, Batch = null }, ct);

    public Task<CitizenSendOutcome> ReplyAsync(PersonReply reply, CancellationToken ct) => inner.ReplyAsync(reply, ct);
}
