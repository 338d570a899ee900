using System.Diagnostics;
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
        static async Task<int> Main(string[] args)
        {
            var seconds = Math.Clamp(args.Length > 0 && int.TryParse(args[0], out var s) ? s : 8, 1, 20);
            var conversations = args.Length > 1 && int.TryParse(args[1], out var c) ? c : 32;

            await using var quiz = QuizHost.Start();
            await using var echo = await EchoHost.StartAsync();
            var span = TimeSpan.FromSeconds(seconds);
            Func<HttpClient, string, Task> none = (_, _) => Task.CompletedTask;
            Func<HttpClient, string, Task<bool>> echoStep = async (client, conv) => (await Load.PostAsync(client, conv, "A")).Count > 0;

            // Saturation: every conversation sends its next message as soon as the last one is answered (no think time).
            var quizFull = await Load.RunAsync("quiz", quiz.Client, conversations, span, null, QuizHost.PrepareAsync, QuizHost.AnswerAsync);
            var echoFull = await Load.RunAsync("echo", echo.Client, conversations, span, null, none, echoStep);
            // Paced: the same conversations, each answering once per second (a fast human taps far slower than that).
            var pace = TimeSpan.FromSeconds(1);
            var quizPaced = await Load.RunAsync("quiz", quiz.Client, conversations, span, pace, QuizHost.PrepareAsync, QuizHost.AnswerAsync);
            var echoPaced = await Load.RunAsync("echo", echo.Client, conversations, span, pace, none, echoStep);

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {conversations} concurrent conversations, {seconds} s per measurement");
            Console.WriteLine("saturation (no think time):");
            Console.WriteLine("  " + quizFull);
            Console.WriteLine("  " + echoFull);
            Console.WriteLine($"  throughput ratio quiz/echo: {quizFull.PerSecond / echoFull.PerSecond:0.00}");
            Console.WriteLine("paced (each conversation answers once per second):");
            Console.WriteLine("  " + quizPaced);
            Console.WriteLine("  " + echoPaced);
            foreach (var (label, r) in new[] { ("saturation", quizFull), ("paced", quizPaced) })
                Console.WriteLine($"quiz p99 ≤ 30 ms ({label}): {(r.P99 <= 30 ? "met" : "NOT met")} ({r.P99:0.0} ms)");
            return 0;
        }
    }

    sealed record Result(string Name, int Requests, double PerSecond, double P50, double P90, double P99, double Max, int Errors)
    {
        public override string ToString() =>
            $"{Name,-5} {Requests,7} replies  {PerSecond,8:0.0}/s  p50 {P50,6:0.0} ms  p90 {P90,6:0.0} ms  p99 {P99,6:0.0} ms  max {Max,6:0.0} ms  errors {Errors}";
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
            var clock = Stopwatch.StartNew();
            await Drive(duration, latencies);
            var elapsed = clock.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
            return new Result(name, all.Length, all.Length / elapsed, P(.50), P(.90), P(.99), all.LastOrDefault(), errors);

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
    }
}
