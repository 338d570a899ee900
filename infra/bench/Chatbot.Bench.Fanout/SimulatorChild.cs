using System.Diagnostics;
using Chatbot.Simulator;

namespace Chatbot.Bench.Fanout;

/// <summary>
/// The platform simulator in its own process (this program started with --simulator-child), driven by lines on stdin:
/// "rate R", "faults P", "counts" (answers "recipients messages duplicates rejected cpu-ms"). So the simulator's HTTP
/// server neither competes with the app for its thread pool nor is counted in the app's CPU time.
/// </summary>
internal sealed class SimulatorChild : IAsyncDisposable
{
    readonly Process process;
    readonly SemaphoreSlim gate = new(1, 1);

    SimulatorChild(Process process, string baseUrl) => (this.process, BaseUrl) = (process, baseUrl);

    public string BaseUrl { get; }
    public string GraphBaseUrl => BaseUrl + "/graph/v25.0"; // as PlatformSimulator
    public string ZaloApiBaseUrl => BaseUrl + "/zalo";

    public static async Task<SimulatorChild> StartAsync()
    {
        var self = Environment.ProcessPath!;
        var dll = typeof(SimulatorChild).Assembly.Location;
        var psi = self.EndsWith("dotnet") || self.EndsWith("dotnet.exe")
            ? new ProcessStartInfo(self, [dll, "--simulator-child"])
            : new ProcessStartInfo(self, ["--simulator-child"]);
        psi.RedirectStandardInput = psi.RedirectStandardOutput = true;
        psi.UseShellExecute = false;
        var process = Process.Start(psi)!;
        var first = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("simulator child did not start");
        return new SimulatorChild(process, first.Split(' ')[1]);
    }

    public async Task<string> AskAsync(string command)
    {
        await gate.WaitAsync();
        try
        {
            await process.StandardInput.WriteLineAsync(command);
            await process.StandardInput.FlushAsync();
            return await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("simulator child exited");
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<(long Recipients, long Messages, long Duplicates, long Rejected, double CpuMs)> CountsAsync()
    {
        var p = (await AskAsync("counts")).Split(' ');
        return (long.Parse(p[0]), long.Parse(p[1]), long.Parse(p[2]), long.Parse(p[3]), double.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close(); // the child stops at end of input
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            process.Kill();
        }
        process.Dispose();
    }

    /// <summary>The child's side.</summary>
    public static async Task<int> RunAsync()
    {
        await using var simulator = await PlatformSimulator.StartAsync();
        simulator.State.RecordRequests = false;
        simulator.Messaging().KeepMessages = false;
        Console.WriteLine($"listening {simulator.BaseUrl}");
        var self = Process.GetCurrentProcess();
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "rate":
                    simulator.State.RateLimit.Set(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                    Console.WriteLine("ok");
                    break;
                case "faults":
                    simulator.Faults.FailRandomly(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
                        new Fault("/messages", Status: 503), seed: 11);
                    Console.WriteLine("ok");
                    break;
                case "counts":
                    var counts = simulator.Messaging().CountByRecipient;
                    var values = counts.Values.ToList();
                    self.Refresh();
                    Console.WriteLine(string.Join(' ', values.Count, values.Sum(), values.Count(n => n > 1), simulator.State.RateLimit.Rejected,
                        self.TotalProcessorTime.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                default:
                    Console.WriteLine($"unknown command: {line}");
                    break;
            }
        }
        return 0;
    }
}
