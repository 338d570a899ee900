using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chatbot.Tests.Infrastructure;

/// <summary>
/// The real service as a separate process (`dotnet Chatbot.Web.dll`), as an operator runs it: for browser tests and
/// for tests that kill an instance. Waits for /health with a deadline; Kill() stops it abruptly, like a crash.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    readonly Process process;
    readonly List<string> output = [];

    AppProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public IReadOnlyList<string> Output { get { lock (output) return output.ToList(); } }
    public bool HasExited => process.HasExited;
    public int ProcessId => process.Id;

    /// <summary>
    /// The command that runs the app: plain `dotnet Chatbot.Web.dll`, or — with <paramref name="mountSetup"/>, a shell
    /// command such as mounting a small tmpfs over the data directory — the same in a mount namespace of its own
    /// (unshare, as root), so a test can give the app a read-only or full disk without touching the machine's.
    /// </summary>
    static ProcessStartInfo Command(string dll, string? mountSetup, params string[] arguments) => mountSetup is null
        ? new ProcessStartInfo("dotnet", [dll, .. arguments])
        : new ProcessStartInfo("unshare", ["-m", "--propagation", "private", "sh", "-c",
            $"{mountSetup} && exec dotnet \"{dll}\" {string.Join(' ', arguments)}"]);

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chatbot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Chatbot.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string WebDll()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(RepositoryRoot(), "src", "Chatbot.Web", "bin", configuration, "net10.0", "Chatbot.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first", dll);
    }

    /// <summary>The environment every app process of a test gets (<see cref="TestSettings"/>), then the test's settings as
    /// environment variables (which may override those).</summary>
    static void SetEnvironment(ProcessStartInfo info, string environment, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment[TestSettings.ShortLivedRuntime.Key] = TestSettings.ShortLivedRuntime.Value;
        foreach (var (k, v) in settings.Prepend(TestSettings.FastPasswordHashing)) info.Environment[k.Replace(":", "__")] = v;
    }

    /// <summary>Runs a command of the app (e.g. `admin create-user …`) to completion, as an operator would; returns its output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IEnumerable<KeyValuePair<string, string?>> settings,
        string[] arguments, string? standardInput = null)
    {
        var info = new ProcessStartInfo("dotnet", [WebDll(), .. arguments])
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        SetEnvironment(info, "Development", settings);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts the built Chatbot.Web (same configuration as this test assembly) with extra settings as env vars.</summary>
    public static async Task<AppProcess> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings, string environment = "Development",
        TimeSpan? startTimeout = null, string? mountSetup = null, ListenBy listen = ListenBy.UrlsVariable)
    {
        var app = Launch(settings, environment, mountSetup, listen);
        await app.WaitHealthyAsync(startTimeout ?? TimeSpan.FromSeconds(60));
        return app;
    }

    /// <summary>Starts the service and waits for it to end by itself (a refused start-up); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IEnumerable<KeyValuePair<string, string?>> settings,
        string? mountSetup = null, TimeSpan? timeout = null)
    {
        await using var app = Launch(settings, "Development", mountSetup);
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await app.process.WaitForExitAsync(deadline.Token);
        app.process.WaitForExit(); // drains the redirected output
        return (app.process.ExitCode, string.Join('\n', app.Output));
    }

    /// <summary>How the process is told where to listen: the operator conventions the service honours.</summary>
    public enum ListenBy { UrlsVariable, HttpPortsVariable, UrlsArgument }

    static AppProcess Launch(IEnumerable<KeyValuePair<string, string?>> settings, string environment, string? mountSetup,
        ListenBy listen = ListenBy.UrlsVariable)
    {
        var root = RepositoryRoot();
        var dll = WebDll();
        var port = FreePort();
        var info = Command(dll, mountSetup, listen == ListenBy.UrlsArgument ? ["--urls", $"http://127.0.0.1:{port}"] : []);
        info.WorkingDirectory = root;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "Urls" }) info.Environment.Remove(name);
        if (listen == ListenBy.UrlsVariable) info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        if (listen == ListenBy.HttpPortsVariable) info.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString();
        SetEnvironment(info, environment, settings);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (app.output) app.output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (app.output) app.output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The app exited with {process.ExitCode}:\n{string.Join('\n', Output)}");
            try
            {
                using var r = await http.GetAsync(BaseUrl + "/health");
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app was not healthy within {timeout}:\n{string.Join('\n', Output)}");
    }

    /// <summary>Ends the process at once, as a crash or `kill -9` would.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
