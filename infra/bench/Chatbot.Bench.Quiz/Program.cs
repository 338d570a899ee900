using System.Diagnostics;
using System.Runtime;
using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Activity = Microsoft.Bot.Schema.Activity;

namespace Chatbot.Bench.Quiz
{
    // Answering a quiz question through /api/messages (Kestrel on loopback, SQLite, state and answer rows) at 32
    // concurrent conversations, against an echo bot on the same SDK with MemoryStorage measured in the same run.
    // Usage: dotnet run -c Release --project infra/bench/Chatbot.Bench.Quiz [-- seconds [conversations]]   (each measurement ≤ 20 s)
    static class Bench
    {
        public const double TargetP99 = 30;

        static async Task<int> Main(string[] args)
        {
            var seconds = Math.Clamp(args.Length > 0 && int.TryParse(args[0], out var s) ? s : 8, 1, 20);
            var conversations = args.Length > 1 && int.TryParse(args[1], out var c) ? c : 32;
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load avg at start {LoadAvg()}; server GC {GCSettings.IsServerGC}, " +
                              $"{conversations} concurrent conversations, {seconds} s per measurement");

            await using var quiz = QuizHost.Start();
            await using var echo = await EchoHost.StartAsync();
            await using var floor = await FloorHost.StartAsync();
            var span = TimeSpan.FromSeconds(seconds);
            Func<HttpClient, string, Task> none = (_, _) => Task.CompletedTask;
            Func<HttpClient, string, Task<bool>> echoStep = async (client, conv) => (await Load.PostAsync(client, conv, "A")).Count > 0;

            // What the hosts burn with no requests at all (background services, timers): shows up in the CPU per turn of
            // the slow paced and open-loop steps, where it is shared by few turns.
            var idle = Usage.Start();
            await Task.Delay(TimeSpan.FromSeconds(2)); // measuring an idle interval, not synchronisation
            var idleCpuPerSecond = idle.Per(1).CpuMs / 2;

            // Saturation: every conversation sends its next message as soon as the last one is answered (no think time).
            var quizFull = await Load.RunAsync("quiz", quiz.Client, conversations, span, null, QuizHost.PrepareAsync, QuizHost.AnswerAsync);
            if (Environment.GetEnvironmentVariable("QUIZ_BENCH_ONLY_QUIZ") is not null) // for attaching a profiler: quiz turns only
            {
                Console.WriteLine("  " + quizFull);
                return 0;
            }
            var echoFull = await Load.RunAsync("echo", echo.Client, conversations, span, null, none, echoStep);
            var floorFull = await Load.RunAsync("floor", floor.Client, conversations, span, null, none, echoStep);
            // Paced: the same conversations, each answering once per second (a fast human taps far slower than that).
            var pace = TimeSpan.FromSeconds(1);
            var quizPaced = await Load.RunAsync("quiz", quiz.Client, conversations, span, pace, QuizHost.PrepareAsync, QuizHost.AnswerAsync);
            var echoPaced = await Load.RunAsync("echo", echo.Client, conversations, span, pace, none, echoStep);
            // Open loop: the conversations together send at a fixed total rate, whether or not the bot keeps up.
            var step = TimeSpan.FromSeconds(Math.Max(2, seconds / 2));
            var quizSweep = await Load.SweepAsync("quiz", quiz.Client, conversations, step, QuizHost.PrepareAsync, QuizHost.AnswerAsync);
            var echoSweep = await Load.SweepAsync("echo", echo.Client, conversations, step, none, echoStep);

            Console.WriteLine($"load avg at end {LoadAvg()}");
            Console.WriteLine("saturation (no think time):");
            Console.WriteLine("  " + quizFull);
            Console.WriteLine("  " + echoFull);
            Console.WriteLine("  " + floorFull);
            Console.WriteLine($"  throughput ratio quiz/echo: {quizFull.PerSecond / echoFull.PerSecond:0.00}");
            Console.WriteLine("CPU per turn (whole process: server + load generator; 'floor' = load generator + Kestrel answering a canned reply):");
            foreach (var r in new[] { quizFull, echoFull })
                Console.WriteLine($"  {r.Name,-5} {r.CpuMs,6:0.000} ms total, {r.CpuMs - floorFull.CpuMs,6:0.000} ms above floor; " +
                                  $"{r.AllocKb,7:0.0} KB allocated, {r.AllocKb - floorFull.AllocKb,7:0.0} KB above floor");
            Console.WriteLine($"  idle: the process uses {idleCpuPerSecond:0.0} ms CPU per second with no requests (in the paced and open-loop CPU per turn)");
            Console.WriteLine($"  floor {floorFull.CpuMs,6:0.000} ms total; {floorFull.AllocKb,7:0.0} KB allocated");
            Console.WriteLine($"  bot-turn CPU ratio quiz/echo (above floor): {(quizFull.CpuMs - floorFull.CpuMs) / (echoFull.CpuMs - floorFull.CpuMs):0.00}");
            Console.WriteLine("paced (each conversation answers once per second):");
            Console.WriteLine("  " + quizPaced);
            Console.WriteLine("  " + echoPaced);
            Console.WriteLine($"open loop (fixed total rate over {conversations} conversations, {step.TotalSeconds:0} s a step; latency from the scheduled send):");
            foreach (var r in quizSweep.Concat(echoSweep)) Console.WriteLine("  " + r);
            foreach (var (name, sweep) in new[] { ("quiz", quizSweep), ("echo", echoSweep) })
            {
                var best = sweep.Where(r => r.P99 <= TargetP99).Select(r => (double?)r.Rate).LastOrDefault();
                Console.WriteLine($"  {name}: highest rate with p99 ≤ {TargetP99} ms: {(best is { } b ? $"{b:0}/s" : "none")}");
            }
            foreach (var (label, r) in new[] { ("saturation", quizFull), ("paced", quizPaced) })
                Console.WriteLine($"quiz p99 ≤ {TargetP99} ms ({label}): {(r.P99 <= TargetP99 ? "met" : "NOT met")} ({r.P99:0.0} ms)");
            return 0;
        }

        static string LoadAvg() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }

    sealed record Result(string Name, int Requests, double PerSecond, double P50, double P90, double P99, double Max, int Errors,
        double CpuMs, double AllocKb)
    {
        public override string ToString() =>
            $"{Name,-5} {Requests,7} replies  {PerSecond,8:0.0}/s  p50 {P50,6:0.0} ms  p90 {P90,6:0.0} ms  p99 {P99,6:0.0} ms  max {Max,6:0.0} ms  " +
            $"errors {Errors}  cpu {CpuMs:0.000} ms/turn";
    }

    sealed record SweepStep(string Name, double Rate, double Achieved, double P50, double P99, double CpuMs)
    {
        public override string ToString() =>
            $"{Name,-5} offered {Rate,6:0}/s  achieved {Achieved,7:0.0}/s  p50 {P50,7:0.0} ms  p99 {P99,7:0.0} ms  cpu {CpuMs:0.000} ms/turn" +
            (P99 <= Bench.TargetP99 ? "" : "  (over target)");
    }

    static class Load
    {
        public static async Task<IReadOnlyList<Activity>> PostAsync(HttpClient client, string conversation, string text)
        {
            var activity = new Activity
            {
                Type = ActivityTypes.Message, Text = text, Id = Guid.NewGuid().ToString("N"), ChannelId = "emulator",
                ServiceUrl = "http://localhost", From = new ChannelAccount("user-" + conversation),
                Recipient = new ChannelAccount("bot"), Conversation = new ConversationAccount(id: conversation),
                DeliveryMode = DeliveryModes.ExpectReplies,
            };
            using var content = new StringContent(JsonConvert.SerializeObject(activity), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/messages", content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode}: {body}");
            return JsonConvert.DeserializeObject<ExpectedReplies>(body)?.Activities?.ToList() ?? [];
        }

        /// <summary>A short warm-up, then every conversation sends its next message as soon as the last was answered, or,
        /// when paced, once per <paramref name="pace"/> (starting at a random offset so they do not arrive in step).</summary>
        public static async Task<Result> RunAsync(string name, HttpClient client, int conversations, TimeSpan duration,
            TimeSpan? pace, Func<HttpClient, string, Task> prepare, Func<HttpClient, string, Task<bool>> step)
        {
            var ids = Enumerable.Range(0, conversations).Select(i => $"{name}-{i}-{Guid.NewGuid():N}").ToList();
            var errors = 0;
            await Task.WhenAll(ids.Select(id => prepare(client, id)));
            await Drive(TimeSpan.FromSeconds(2), null);
            var latencies = new List<double>[conversations];
            var usage = Usage.Start();
            var clock = Stopwatch.StartNew();
            await Drive(duration, latencies);
            var elapsed = clock.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            var (cpu, alloc) = usage.Per(all.Length);
            return new Result(name, all.Length, all.Length / elapsed, Percentile(all, .50), Percentile(all, .90), Percentile(all, .99),
                all.LastOrDefault(), errors, cpu, alloc);

            Task Drive(TimeSpan span, List<double>[]? into) => Task.WhenAll(ids.Select(async (id, i) =>
            {
                var mine = into is null ? null : into[i] = [];
                var until = Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);
                if (pace is { } first) await Task.Delay(Random.Shared.Next((int)first.TotalMilliseconds));
                while (Stopwatch.GetTimestamp() < until)
                {
                    var start = Stopwatch.GetTimestamp();
                    bool timed;
                    try { timed = await step(client, id); }
                    catch (HttpRequestException) { Interlocked.Increment(ref errors); continue; }
                    var took = Stopwatch.GetElapsedTime(start);
                    if (timed) mine?.Add(took.TotalMilliseconds);
                    // Load generator pacing (a citizen's think time), not synchronisation.
                    if (pace is { } every && every > took) await Task.Delay(every - took);
                }
            }));
        }

        /// <summary>
        /// Open loop at increasing total rates: conversation i sends on its own fixed schedule (evenly staggered); a send
        /// that falls due while its previous one is still waiting goes out as soon as that is answered (one conversation's
        /// messages stay in order), and its latency counts from when it was due, so falling behind shows in p99.
        /// Stops after the first rate whose p99 is over the target.
        /// </summary>
        public static async Task<List<SweepStep>> SweepAsync(string name, HttpClient client, int conversations, TimeSpan stepLength,
            Func<HttpClient, string, Task> prepare, Func<HttpClient, string, Task<bool>> step)
        {
            var ids = Enumerable.Range(0, conversations).Select(i => $"{name}-open-{i}-{Guid.NewGuid():N}").ToList();
            await Task.WhenAll(ids.Select(id => prepare(client, id)));
            var steps = new List<SweepStep>();
            foreach (var rate in new double[] { 25, 50, 100, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000, 2500 })
            {
                var latencies = new List<double>[conversations];
                var usage = Usage.Start();
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(ids.Select((id, i) => Drive(id, i, rate, latencies)));
                var elapsed = clock.Elapsed.TotalSeconds;
                var all = latencies.SelectMany(l => l).Order().ToArray();
                var r = new SweepStep(name, rate, all.Length / elapsed, Percentile(all, .50), Percentile(all, .99), usage.Per(all.Length).CpuMs);
                steps.Add(r);
                if (r.P99 > Bench.TargetP99) break;
            }
            return steps;

            async Task Drive(string id, int i, double rate, List<double>[] into)
            {
                var mine = into[i] = [];
                var interval = Stopwatch.Frequency * conversations / rate;
                var origin = Stopwatch.GetTimestamp() + (long)(interval * i / conversations);
                var end = Stopwatch.GetTimestamp() + (long)(stepLength.TotalSeconds * Stopwatch.Frequency);
                for (var k = 0; ; k++)
                {
                    var due = origin + (long)(interval * k);
                    if (due >= end) return;
                    var wait = due - Stopwatch.GetTimestamp();
                    // The schedule of an open-loop load generator, not synchronisation.
                    if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                    try { if (!await step(client, id)) continue; }
                    catch (HttpRequestException) { continue; }
                    mine.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
                }
            }
        }

        static double Percentile(double[] sorted, double q) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    /// <summary>Process CPU time (user + system, all threads) and bytes allocated over a measurement.</summary>
    readonly record struct Usage(TimeSpan Cpu, long Allocated)
    {
        public static Usage Start() => new(Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(false));

        public (double CpuMs, double AllocKb) Per(int operations)
        {
            if (operations == 0) return (double.NaN, double.NaN);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - Cpu;
            return (cpu.TotalMilliseconds / operations, (GC.GetTotalAllocatedBytes(false) - Allocated) / 1024.0 / operations);
        }
    }
}
