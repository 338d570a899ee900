namespace Chatbot.Simulator;

/// <summary>Standalone: <c>dotnet run --project tests/Chatbot.Simulator -- http://127.0.0.1:5099</c> (benchmarks use it).</summary>
public static class SimulatorProgram
{
    public static async Task Main(string[] args)
    {
        var url = args.FirstOrDefault() ?? "http://127.0.0.1:5099";
        await using var simulator = await PlatformSimulator.StartAsync(url);
        Console.WriteLine($"Simulator listening on {simulator.BaseUrl} (Graph: {simulator.GraphBaseUrl}, Zalo: {simulator.ZaloApiBaseUrl})");
        var done = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
        await done.Task;
    }
}
