using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chatbot.Tests.ScaleOut;

/// <summary>
/// Issue 13 point 11: the service process killed (kill -9) while 500 signed Messenger webhooks arrive, then started
/// again as the same instance. Each message asks for a difference ("điểm N"); its reply starts "Điểm N/17", so the
/// Send API's log shows which webhooks were answered, how often, and when.
/// </summary>
[Collection(nameof(ScaleOutCollection))] // alone: its timings must not share the two cores with other tests
public sealed partial class KillDuringWebhooksTests(ITestOutputHelper output)
{
    const int Conversations = 50, PerConversation = 10;

    [GeneratedRegex(@"^Điểm (\d+)/17")] private static partial Regex DifferenceReply();

    static int Expected(int conversation, int message) => (conversation * 7 + message) % 17 + 1;

    [SkippableFact]
    public async Task A_kill_mid_run_answers_no_webhook_twice_and_the_restarted_instance_takes_its_work_back_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var simulator = await PlatformSimulator.StartAsync();
        var settings = database.Settings().Concat(
        [
            new("Facebook:AppSecret", ChannelKit.AppSecret),
            new("Facebook:GraphBaseUrl", simulator.GraphBaseUrl),
            new("Channels:sai-gon-facebook:AccessToken", "fb-page-token"),
            new("Inbox:InstanceId", "chatbot-1"), // as systemd's chatbot@1 or a compose service would set it
            new("Inbox:Lease", "00:02:00"),       // the shipped lease: nothing may wait for it
            new("Inbox:PollInterval", "00:00:00.200"),
            new("Logging:LogLevel:Default", "Warning"),
        ]).ToList();
        using var pair = new Poster();
        var app = await AppProcess.StartAsync(settings);
        pair.Current = app;
        var restarted = new TaskCompletionSource<AppProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Killed while the worker is busy answering: once half of the replies went out.
        var killWhen = Task.Run(async () =>
        {
            await Eventually.TrueAsync(() => Answers(simulator).Values.Sum(v => v.Count) >= Conversations * PerConversation / 2,
                "half of the replies", timeoutMs: 240_000);
            app.Kill();
        });

        // Conversations post concurrently, each in order, a message every 300 ms or so (≈ 170 webhooks/s in all); a
        // webhook the dead process did not acknowledge is sent again after the restart, as Meta does, before that
        // conversation's next one.
        var posting = Task.WhenAll(Enumerable.Range(0, Conversations).Select(c => Task.Run(async () =>
        {
            for (var m = 0; m < PerConversation; m++)
            {
                var body = ChannelKit.MessengerText($"psid-kill-{c}", $"mid.kill.{c}.{m}", $"điểm {Expected(c, m)}",
                    timestamp: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                while (!await pair.PostAsync(body)) await restarted.Task;
                await Task.Delay(Random.Shared.Next(200, 400));
            }
        })));

        await killWhen;
        await app.DisposeAsync();
        var answeredAtKill = Answers(simulator).Values.Sum(v => v.Count);
        var restartWatch = Stopwatch.StartNew();
        var again = await AppProcess.StartAsync(settings);
        var restartedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"killed after {answeredAtKill} replies; restarted (healthy) in {restartWatch.Elapsed.TotalSeconds:0.0} s");
        pair.Current = again;
        restarted.SetResult(again);
        await using var _ = again;
        await posting;

        await Eventually.TrueAsync(async () => await ScalarAsync(database,
                "SELECT COUNT(*) FROM inbox_events WHERE state IN ('pending', 'processing')") == 0
                && await ScalarAsync(database, "SELECT COUNT(*) FROM inbox_events") == Conversations * PerConversation,
            "every webhook stored and handled", timeoutMs: 180_000);
        await Task.Delay(2_000); // a late duplicate would arrive now
        var drained = DateTimeOffset.UtcNow - restartedAt;

        var answers = Answers(simulator);
        var lost = new List<string>();
        var twice = 0;
        for (var c = 0; c < Conversations; c++)
        {
            var got = answers.GetValueOrDefault($"psid-kill-{c}") ?? [];
            var expected = Enumerable.Range(0, PerConversation).Select(m => Expected(c, m)).ToList();
            lost.AddRange(Enumerable.Range(0, PerConversation).Where(m => !got.Any(g => g.Number == Expected(c, m)))
                .Select(m => $"facebook:mid:mid.kill.{c}.{m}#0"));
            twice += got.Count - got.Select(g => g.Number).Distinct().Count();
            Assert.Equal(expected.Where(got.Select(g => g.Number).Contains), got.Select(g => g.Number).Distinct()); // in order
        }
        var interrupted = await ScalarAsync(database, $"SELECT COUNT(*) FROM outbound_log WHERE status = 'unknown' AND reason = '{Chatbot.Web.Channels.Outbound.OutboundLog.InterruptedSend}'");
        // How long each conversation that had work waiting at the restart waited for its next reply.
        var stalls = answers.Values
            .Select(v => v.Where(g => g.At >= restartedAt).Select(g => g.At - restartedAt).DefaultIfEmpty(TimeSpan.Zero).Min())
            .ToList();
        output.WriteLine($"{Conversations * PerConversation} webhooks: {lost.Count} lost, {twice} answered twice; {interrupted} " +
                         $"replies were in flight at the kill (not resent); longest wait after the restart {stalls.Max().TotalSeconds:0.0} s; " +
                         $"all answered {drained.TotalSeconds:0.0} s after the restart");
        Assert.Equal(0, twice);
        // Every webhook was stored and handled. A reply can only be missing if the kill caught it between its claim and
        // the request leaving (at most once: it is recorded 'unknown', never resent); no other way loses one.
        foreach (var key in lost)
            Assert.Equal(1, await ScalarAsync(database, $"SELECT COUNT(*) FROM outbound_log WHERE reply_key = '{key}' AND status = 'unknown'"));
        Assert.True(stalls.Max() <= TimeSpan.FromSeconds(10), $"a conversation waited {stalls.Max()} after the restart");
    }

    static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using System.Data.Common.DbConnection conn = database.PostgresConnectionString is { } pg
            ? new Npgsql.NpgsqlConnection(pg)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(database.DataDirectory, "chatbot.db")}");
        await conn.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, sql);
    }

    /// <summary>Each recipient's "Điểm N/17" replies, in the order the Send API received them, with when.</summary>
    static Dictionary<string, List<(int Number, DateTimeOffset At)>> Answers(PlatformSimulator simulator) => simulator.Messaging().Sent
        .Where(m => m.Recipient.StartsWith("psid-kill-", StringComparison.Ordinal))
        .Select(m => (m.Recipient, m.At, Match: DifferenceReply().Match(m.Body["message"]?["text"]?.GetValue<string>() ?? "")))
        .Where(x => x.Match.Success)
        .GroupBy(x => x.Recipient)
        .ToDictionary(g => g.Key, g => g.Select(x => (int.Parse(x.Match.Groups[1].Value), x.At)).ToList());

    /// <summary>Signed webhooks to whichever process is current; false when it did not acknowledge (dead or dying).</summary>
    sealed class Poster : IDisposable
    {
        readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
        public AppProcess? Current { get; set; }

        public async Task<bool> PostAsync(string body)
        {
            var target = Current!;
            var signature = "sha256=" + Chatbot.Web.Channels.Facebook.FacebookSignature.Compute(ChannelKit.AppSecret, System.Text.Encoding.UTF8.GetBytes(body));
            using var request = new HttpRequestMessage(HttpMethod.Post, target.BaseUrl + "/webhooks/facebook")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Hub-Signature-256", signature);
            try
            {
                using var response = await http.SendAsync(request);
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
        }

        public void Dispose() => http.Dispose();
    }
}
