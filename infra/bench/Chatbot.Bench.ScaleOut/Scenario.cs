using System.Diagnostics;

namespace Chatbot.Bench.ScaleOut;

internal sealed record PhaseCost(double AppCpuMs, double DbCpuMs, double Statements, double Commits, double WalFlushes);

internal sealed record PacedResult(int Rate, int Posted, int Answered, int Duplicates, Latencies Webhook, Latencies EndToEnd, string LoadAvg);

internal sealed record ScenarioResult(string Name, double IngestRps, Latencies Ingest, PhaseCost IngestCost, string IngestLoad,
    double TurnsPerSecond, Latencies Turn, PhaseCost TurnCost, int Accepted, int Answered, int Duplicates, int Errors, string TurnsLoad,
    IReadOnlyList<PacedResult> Paced)
{
    public bool Sound => Accepted == Answered && Duplicates == 0 && Errors == 0 && Paced.All(p => p.Answered == p.Posted && p.Duplicates == 0);
}

/// <summary>One scenario: ingestion on fresh storage; bot turns, then each paced rate, on other fresh storage.</summary>
internal sealed class Scenario(string root, PostgresServer? server, int? postmaster, bool statementsTracked, int connections,
    int seconds, int drainCap, int[] rates, double pacedSeconds, int warmup, int topStatements = 8)
{
    public async Task<ScenarioResult> RunAsync(string name, string provider, int instances)
    {
        using var http = BenchRun.Client(Math.Max(connections, 256));

        // 1. Ingestion: the workers run meanwhile, as in production.
        double ingestRps;
        Latencies ingest;
        PhaseCost ingestCost;
        string ingestLoad;
        await using (var d = await Deployment.StartAsync(root, provider, instances, server))
        {
            var phases = new Phases(http, d);
            await phases.IngestAsync(connections, warmup); // warm-up: JIT, pools, prepared statements
            var meter = await StartMeterAsync(d);
            var started = Stopwatch.GetTimestamp();
            var (accepted, errors, latencies) = await phases.IngestAsync(connections, seconds);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            ingestCost = await meter.StopAsync(accepted);
            (ingestRps, ingest, ingestLoad) = (accepted / elapsed, latencies, BenchRun.LoadAvg());
            Console.WriteLine($"ingest: {ingestRps:N0} webhooks/s, p50 {ingest.P(0.5):0.0} ms, p99 {ingest.P(0.99):0.0} ms, errors {errors}; " +
                              $"{Cost(ingestCost)}; load avg {ingestLoad}");
        }

        // 2. Bot turns (closed loop), then 3. the paced rates, on fresh storage (no backlog from 1).
        await using (var d = await Deployment.StartAsync(root, provider, instances, server))
        {
            var phases = new Phases(http, d);
            var warm = await phases.TurnsAsync(connections, warmup);
            await phases.AnswersAsync(warm.Posted.Keys, drainCap);
            var meter = await StartMeterAsync(d);
            var from = DateTimeOffset.UtcNow;
            var started = Stopwatch.GetTimestamp();
            var (posted, errors) = await phases.TurnsAsync(connections, seconds);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (first, duplicates) = await phases.AnswersAsync(posted.Keys, drainCap);
            var until = from.AddSeconds(elapsed);
            var handled = posted.Count(p => first.TryGetValue(p.Key, out var at) && at <= until);
            var turnCost = await meter.StopAsync(Math.Max(1, first.Count));
            var e2e = Latencies.Of(posted.Where(p => first.ContainsKey(p.Key)).Select(p => (first[p.Key] - p.Value).TotalMilliseconds));
            var turnsLoad = BenchRun.LoadAvg();
            Console.WriteLine($"bot turns: {handled / elapsed:N0}/s, end to end p50 {e2e.P(0.5):0} ms, p99 {e2e.P(0.99):0} ms; accepted {posted.Count:N0}, " +
                              $"answered {first.Count:N0}, duplicates {duplicates}, errors {errors}; {Cost(turnCost)}; load avg {turnsLoad}");
            if (statementsTracked && d.Database is not null && instances == 1)
                foreach (var line in await server!.TopStatementsAsync(d.Database, first.Count + warm.Posted.Count, topStatements)) Console.WriteLine(line);

            var paced = new List<PacedResult>();
            foreach (var rate in rates)
            {
                var run = await phases.PacedAsync(rate, pacedSeconds);
                var (answers, dup) = await phases.AnswersAsync(run.Posted.Keys, drainCap);
                var pe2e = Latencies.Of(run.Posted.Where(p => answers.ContainsKey(p.Key)).Select(p => (answers[p.Key] - p.Value).TotalMilliseconds));
                var result = new PacedResult(rate, run.Posted.Count, answers.Count, dup, run.Webhook, pe2e, BenchRun.LoadAvg());
                paced.Add(result);
                Console.WriteLine($"paced {rate}/s: posted {run.Posted.Count:N0} (errors {run.Errors}), answered {answers.Count:N0}, duplicates {dup}; " +
                                  $"webhook p50 {run.Webhook.P(0.5):0.0} / p99 {run.Webhook.P(0.99):0.0} ms; end to end p50 {BenchRun.Ms(pe2e.P(0.5))} / p99 {BenchRun.Ms(pe2e.P(0.99))}; load avg {result.LoadAvg}");
            }
            foreach (var a in d.Apps)
                if (a.Process.HasExited) Console.WriteLine($"instance {a.Url} exited: {string.Join('\n', a.Output)}");
            return new ScenarioResult(name, ingestRps, ingest, ingestCost, ingestLoad, handled / elapsed, e2e, turnCost, posted.Count, first.Count,
                duplicates, errors, turnsLoad, paced);
        }
    }

    static string Cost(PhaseCost c) =>
        $"CPU per event: app {c.AppCpuMs:0.00} ms, database {c.DbCpuMs:0.00} ms" +
        (double.IsNaN(c.Statements) ? "" : $"; {c.Statements:0.0} statements and {c.Commits:0.00} commits per event") +
        (double.IsNaN(c.WalFlushes) ? "" : $"; {c.WalFlushes:0.00} WAL flushes per event");

    async Task<Meter> StartMeterAsync(Deployment d)
    {
        var cpu = new CpuMeter(d.Apps.Select(a => a.Process).ToList(), d.Database is null ? null : postmaster);
        cpu.Start();
        var calls = statementsTracked && d.Database is not null ? await server!.CallsAsync(d.Database) : -1;
        var commits = d.Database is not null ? await server!.CommitsAsync(d.Database) : -1;
        var flushes = d.Database is not null ? await server!.WalFlushesAsync() : -1;
        return new Meter(cpu, server, d.Database, calls, commits, flushes);
    }

    sealed record Meter(CpuMeter Cpu, PostgresServer? Server, string? Database, long Calls, long Commits, long Flushes)
    {
        public async Task<PhaseCost> StopAsync(int events)
        {
            var (app, db) = Cpu.Elapsed();
            await Task.Delay(600); // PostgreSQL publishes its counters about every half second
            var statements = Calls >= 0 ? (await Server!.CallsAsync(Database!) - Calls) / (double)events : double.NaN;
            var commits = Commits >= 0 ? (await Server!.CommitsAsync(Database!) - Commits) / (double)events : double.NaN;
            var flushes = Flushes >= 0 ? (await Server!.WalFlushesAsync() - Flushes) / (double)events : double.NaN;
            return new PhaseCost(app / events, db / events, statements, commits, flushes);
        }
    }
}
