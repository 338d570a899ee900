namespace Chatbot.Bench.ScaleOut;

/// <summary>The run's tables in Markdown, ready for the README: closed loop, PostgreSQL ÷ SQLite, paced p99 per rate.</summary>
internal static class Report
{
    public static void Print(IReadOnlyList<ScenarioResult> results, int[] rates)
    {
        Console.WriteLine();
        Console.WriteLine("| scenario | ingest webhooks/s | ingest p50 / p99 | app / db CPU per webhook | bot turns/s | end to end p50 / p99 | app / db CPU per turn | statements / commits / WAL flushes per turn | accepted / answered / duplicates | load avg (ingest; turns) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            Console.WriteLine($"| {r.Name} | {r.IngestRps:N0} | {r.Ingest.P(0.5):0.0} / {r.Ingest.P(0.99):0.0} ms | {Cpu(r.IngestCost)} | {r.TurnsPerSecond:N0} | " +
                              $"{BenchRun.Ms(r.Turn.P(0.5))} / {BenchRun.Ms(r.Turn.P(0.99))} | {Cpu(r.TurnCost)} | " +
                              $"{(double.IsNaN(r.TurnCost.Statements) ? "–" : $"{r.TurnCost.Statements:0.0} / {r.TurnCost.Commits:0.00} / {r.TurnCost.WalFlushes:0.00}")} | " +
                              $"{r.Accepted:N0} / {r.Answered:N0} / {r.Duplicates} | {r.IngestLoad}; {r.TurnsLoad} |");

        if (results.FirstOrDefault(r => r.Name.StartsWith("SQLite")) is { } sqlite)
        {
            Console.WriteLine();
            foreach (var r in results.Where(r => r != sqlite))
                Console.WriteLine($"{r.Name} ÷ {sqlite.Name}: ingest {r.IngestRps / sqlite.IngestRps:0.00}×, bot turns {r.TurnsPerSecond / sqlite.TurnsPerSecond:0.00}× (target ≥ 0.8×)");
        }

        Console.WriteLine();
        Console.WriteLine("| paced rate | " + string.Join(" | ", results.Select(r => $"{r.Name}: webhook p99 · end to end p50 / p99 (answered)")) + " |");
        Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---|")));
        foreach (var rate in rates)
            Console.WriteLine($"| {rate}/s | " + string.Join(" | ", results.Select(r => r.Paced.FirstOrDefault(p => p.Rate == rate) is { } p
                ? $"{p.Webhook.P(0.99):0.0} ms · {BenchRun.Ms(p.EndToEnd.P(0.5))} / {BenchRun.Ms(p.EndToEnd.P(0.99))} ({p.Answered:N0}/{p.Posted:N0}; load {p.LoadAvg.Split(' ')[0]})"
                : "–")) + " |");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores shared by the load generator, the simulator, every app instance and the " +
                          "PostgreSQL server (and by whatever else ran: see the load averages). Two instances on the same cores cannot add CPU; " +
                          "the 2-instance row shows that nothing is lost or duplicated when two processes share one database.");
    }

    static string Cpu(PhaseCost c) => $"{c.AppCpuMs:0.00} / {(c.DbCpuMs > 0 ? $"{c.DbCpuMs:0.00}" : "–")} ms";
}
