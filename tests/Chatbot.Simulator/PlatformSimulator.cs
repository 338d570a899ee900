using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatbot.Simulator;

/// <summary>One request the simulator received, as the platform would have seen it.</summary>
public sealed record RecordedRequest(string Platform, string Method, string Path, string Query, string Body,
    IReadOnlyDictionary<string, string> Headers, DateTimeOffset At);

/// <summary>
/// A local Graph API + Zalo OA API on 127.0.0.1 (a free port), recording what it receives and failing on demand.
/// Route groups: {BaseUrl}/graph/v25.0/... (Facebook; any version path works, and every answer carries the version that
/// served it in the facebook-api-version header, as Meta's do), {BaseUrl}/zalo/... (Zalo OA API), {BaseUrl}/zalo-oauth/...
/// (Zalo OAuth), {BaseUrl}/zalo-bot/bot{token}/... (Zalo Bot Platform).
/// Features add their endpoints in Graph*/Zalo* files and register them in <see cref="MapAll"/>.
/// </summary>
public sealed class PlatformSimulator : IAsyncDisposable
{
    readonly WebApplication app;

    PlatformSimulator(WebApplication app, SimulatorState state)
    {
        this.app = app;
        State = state;
    }

    public SimulatorState State { get; }
    public FaultPlan Faults => State.Faults;
    public IReadOnlyCollection<RecordedRequest> Requests => State.Requests;
    public string BaseUrl { get; private set; } = "";
    public string GraphBaseUrl => BaseUrl + "/graph/v25.0";
    public string ZaloApiBaseUrl => BaseUrl + "/zalo";
    public string ZaloOAuthBaseUrl => BaseUrl + "/zalo-oauth";
    public string ZaloBotApiBaseUrl => BaseUrl + "/zalo-bot";
    public string FacebookDialogUrl => BaseUrl + "/facebook/dialog/oauth";
    public string ZaloPermissionUrl => BaseUrl + "/zalo-oauth/v4/oa/permission";

    public static async Task<PlatformSimulator> StartAsync(string url = "http://127.0.0.1:0", CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var state = new SimulatorState();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            http.Request.EnableBuffering();
            if (state.RecordRequests) await state.RecordAsync(http.Request);
            if (http.Request.Path.StartsWithSegments("/graph") && http.Request.Path.Value!.Split('/') is [_, _, var version, ..])
                http.Response.Headers["facebook-api-version"] = state.GraphVersionServed ?? version;
            if (await state.RateLimit.TryRejectAsync(http)) return;
            if (await state.Faults.TryApplyAsync(http)) return;
            if (http.Items["fault-after"] is not Fault after)
            {
                await next();
                return;
            }
            // The platform acted on the request, but its reply is held back: the client times out not knowing.
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            await next();
            await FaultPlan.HoldAsync(http, after.Delay);
            http.Response.Body = original;
            if (!http.RequestAborted.IsCancellationRequested)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
            }
        });
        MapAll(app);
        await app.StartAsync(ct);
        var sim = new PlatformSimulator(app, state)
        {
            BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/'),
        };
        return sim;
    }

    /// <summary>Every simulated endpoint; each feature adds one line here.</summary>
    static void MapAll(WebApplication app)
    {
        app.MapGet("/", () => "Chatbot platform simulator (Graph API + Zalo OA API)");
        app.MapGraphMessaging();
        app.MapZaloMessaging();
        app.MapZaloOAuth();
        app.MapGraphPages();
        app.MapZaloArticles();
        app.MapConnector();
        app.MapZaloBot();
        app.MapFacebookLogin();
        app.MapZaloConnect();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>What the simulator has seen and holds (posts, messages, tokens). Thread-safe.</summary>
public sealed class SimulatorState
{
    readonly ConcurrentQueue<RecordedRequest> requests = new();

    public FaultPlan Faults { get; } = new();

    /// <summary>Messages per second the messaging endpoints accept (off by default); see <see cref="SendRateLimit"/>.</summary>
    public SendRateLimit RateLimit { get; } = new();

    /// <summary>The Graph version every answer says served it; null: the version the request named (Meta upgrades calls to
    /// a retired version and says so in this header, platforms.md §6).</summary>
    public string? GraphVersionServed { get; set; }

    /// <summary>False for long runs (benchmarks): requests are not kept, so memory measures the client, not this list.</summary>
    public bool RecordRequests { get; set; } = true;
    public IReadOnlyCollection<RecordedRequest> Requests => requests;

    internal async Task RecordAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        var platform = request.Path.StartsWithSegments("/graph") ? "facebook"
            : request.Path.StartsWithSegments("/zalo-bot") ? "zalo-bot"
            : request.Path.StartsWithSegments("/zalo") || request.Path.StartsWithSegments("/zalo-oauth") ? "zalo" : "other";
        requests.Enqueue(new RecordedRequest(platform, request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", body,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            DateTimeOffset.UtcNow));
    }
}
