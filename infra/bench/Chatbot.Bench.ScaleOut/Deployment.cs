using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Chatbot.Simulator;
using Npgsql;

namespace Chatbot.Bench.ScaleOut;

/// <summary>One app process: its address and the last lines it printed.</summary>
internal sealed record AppInstance(Process Process, string Url, ConcurrentQueue<string> Output);

/// <summary>
/// Fresh storage (a new SQLite folder, or a new database dropped afterwards), a platform simulator in this process and
/// the app as real processes (`dotnet Chatbot.Web.dll`, as in production). Disposing kills the processes and drops the
/// database.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    public required PlatformSimulator Simulator { get; init; }
    public required string DataDirectory { get; init; }
    public string? Database { get; init; }
    public PostgresServer? Server { get; init; }
    public List<AppInstance> Apps { get; } = [];
    /// <summary>The environment the app processes run with (for `admin` commands, or starting one more).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public string[] Hooks => Apps.Select(a => a.Url + "/webhooks/facebook").ToArray();

    public static async Task<Deployment> StartAsync(string root, string provider, int instances, PostgresServer? server,
        Dictionary<string, string>? extra = null)
    {
        var simulator = await PlatformSimulator.StartAsync();
        simulator.State.RecordRequests = false;
        var data = Path.Combine(Path.GetTempPath(), "chatbot-bench-scaleout-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Storage__Provider"] = provider, ["Storage__DataDirectory"] = data,
            ["Facebook__AppSecret"] = Webhooks.Secret, ["Facebook__GraphBaseUrl"] = simulator.GraphBaseUrl,
            ["Zalo__ApiBaseUrl"] = simulator.ZaloApiBaseUrl,
            ["Channels__sai-gon-facebook__AccessToken"] = "bench-token", ["Logging__LogLevel__Default"] = "Warning",
            ["MicrosoftAppId"] = "", ["Inbox__PollInterval"] = "00:00:00.500",
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        string? database = null;
        if (provider == "Postgres")
        {
            database = "chatbot_bench_" + Guid.NewGuid().ToString("N")[..12];
            await server!.ExecuteAsync($"CREATE DATABASE {database}");
            settings["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
        }
        var deployment = new Deployment { Simulator = simulator, DataDirectory = data, Database = database, Server = server, Settings = settings };
        try
        {
            // One after the other: the second finds the schema migrated.
            for (var i = 0; i < instances; i++) deployment.Apps.Add(await StartAppAsync(root, settings));
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
        return deployment;
    }

    public static async Task<AppInstance> StartAppAsync(string root, IReadOnlyDictionary<string, string> env, string? url = null)
    {
        url ??= $"http://127.0.0.1:{FreePort()}";
        var psi = new ProcessStartInfo("dotnet", $"\"{Path.Combine(root, "src/Chatbot.Web/bin/Release/net10.0/Chatbot.Web.dll")}\"")
        {
            WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.Environment["ASPNETCORE_URLS"] = url;
        var p = Process.Start(psi)!;
        var output = new ConcurrentQueue<string>();
        void Keep(string? line) { if (line is null) return; output.Enqueue(line); while (output.Count > 40) output.TryDequeue(out _); }
        p.OutputDataReceived += (_, e) => Keep(e.Data);
        p.ErrorDataReceived += (_, e) => Keep(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + 90 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (p.HasExited) throw new InvalidOperationException($"The app exited with {p.ExitCode}:\n{string.Join('\n', output)}");
            try
            {
                using var r = await http.GetAsync(url + "/health/ready");
                if (r.IsSuccessStatusCode) return new AppInstance(p, url, output);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        p.Kill(entireProcessTree: true);
        throw new TimeoutException($"The app was not ready within 90 s:\n{string.Join('\n', output)}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var a in Apps)
        {
            if (!a.Process.HasExited) a.Process.Kill(entireProcessTree: true);
            await a.Process.WaitForExitAsync();
            a.Process.Dispose();
        }
        await Simulator.DisposeAsync();
        if (Database is not null) await Server!.ExecuteAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
