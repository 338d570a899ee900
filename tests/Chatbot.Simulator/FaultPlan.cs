using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chatbot.Simulator;

/// <summary>A fault to inject into one matching request.</summary>
/// <param name="PathContains">Applies to requests whose path contains this ("" = any).</param>
/// <param name="Status">HTTP status to answer (e.g. 500, 503, 429; 200 for Zalo-style errors in the body).</param>
/// <param name="Body">Body to answer with (e.g. a Graph error JSON, or a Zalo {"error":-32,...}).</param>
/// <param name="Delay">Wait before answering (a slow reply or, longer than the client's timeout, a timeout).</param>
/// <param name="AfterHandling">Run the real handler first, then delay: "the request landed but the reply was lost".</param>
/// <param name="RetryAfterSeconds">Adds a Retry-After header.</param>
public sealed record Fault(string PathContains, int Status = 500, string? Body = null, TimeSpan Delay = default,
    bool AfterHandling = false, int? RetryAfterSeconds = null);

/// <summary>
/// Faults to inject: queued one-shot faults (applied to the next matching requests, in order) and a random
/// failure rate (e.g. 5 % of requests answer 503), seeded so a run is repeatable.
/// </summary>
public sealed class FaultPlan
{
    readonly ConcurrentQueue<Fault> queued = new();
    readonly object gate = new();
    Random random = new(42);
    double rate;
    Fault? randomFault;
    string randomPath = "";

    /// <summary>The next <paramref name="times"/> requests matching the fault's path get the fault.</summary>
    public void Enqueue(Fault fault, int times = 1)
    {
        for (var i = 0; i < times; i++) queued.Enqueue(fault);
    }

    /// <summary>Each matching request fails with probability <paramref name="probability"/>.</summary>
    public void FailRandomly(double probability, Fault fault, int seed = 42)
    {
        lock (gate)
        {
            rate = probability;
            randomFault = fault;
            randomPath = fault.PathContains;
            random = new Random(seed);
        }
    }

    public void Clear()
    {
        queued.Clear();
        lock (gate) { rate = 0; randomFault = null; }
    }

    /// <summary>Picks the fault for this request, if any; faults marked AfterHandling are returned for the caller
    /// to apply after the real handler ran.</summary>
    internal Fault? Pick(string path)
    {
        if (queued.TryPeek(out var next) && path.Contains(next.PathContains, StringComparison.Ordinal) && queued.TryDequeue(out var f))
            return f;
        lock (gate)
        {
            if (randomFault is not null && path.Contains(randomPath, StringComparison.Ordinal) && random.NextDouble() < rate)
                return randomFault;
        }
        return null;
    }

    /// <summary>Holds a reply for <paramref name="delay"/>, or until the client gives up or the simulator stops: a test
    /// that is done must not wait out a delay (Kestrel's shutdown waits for every request in flight), and a stopped
    /// platform answers nobody.</summary>
    internal static async Task HoldAsync(HttpContext http, TimeSpan delay)
    {
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var until = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        await Task.Delay(delay, until.Token).ContinueWith(_ => { });
        if (stopping.IsCancellationRequested) http.Abort(); // RequestAborted is set now: the callers answer nothing
    }

    internal async Task<bool> TryApplyAsync(HttpContext http)
    {
        var fault = Pick(http.Request.Path.Value ?? "");
        if (fault is null) return false;
        if (fault.AfterHandling)
        {
            http.Items["fault-after"] = fault;
            return false;
        }
        if (fault.Delay > TimeSpan.Zero) await HoldAsync(http, fault.Delay);
        if (http.RequestAborted.IsCancellationRequested) return true;
        http.Response.StatusCode = fault.Status;
        if (fault.RetryAfterSeconds is { } s) http.Response.Headers.RetryAfter = s.ToString();
        if (fault.Body is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(fault.Body);
        }
        return true;
    }
}
