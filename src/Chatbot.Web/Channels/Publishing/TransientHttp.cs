using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Chatbot.Web.Channels.Publishing;

/// <summary>
/// The Polly pipeline for a platform's publishing calls inside one attempt (one per platform, named by its publisher). It
/// retries only answers that say the request was not acted on: HTTP 5xx and 429, the platform's own "not done, try
/// again" codes (Graph 1/2/4/17/32/613, Zalo -32: platforms.md §1.7, §2.6, §5), and connections refused before anything
/// was sent. A timeout is never retried here: the post may exist (§3.3). Retry-After is honoured (capped); the long
/// back-off across attempts is the job's (BroadcastingOptions.RetryDelays).
/// </summary>
internal static class TransientHttp
{
    static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>Registers a publisher with its HTTP client (timeout: <see cref="PublishingOptions.PublishTimeout"/>) and its
    /// pipeline, both named <paramref name="name"/>. No standard resilience handler on the client: a repeated POST
    /// publishes twice; retries of answers that say "not done" go through the pipeline instead.</summary>
    /// <param name="isTransient">Whether an answer carrying this error code (<see cref="ErrorCodeAsync"/>) says "try again".</param>
    public static IServiceCollection AddPagePublisher<TPublisher>(this IServiceCollection services, string name,
        Func<int, HttpResponseMessage, bool> isTransient) where TPublisher : class, IPagePublisher
    {
        services.AddSingleton<IPagePublisher, TPublisher>();
        services.AddHttpClient(name, (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<PublishingOptions>>().Value.PublishTimeout);
        services.AddResiliencePipeline<string, HttpResponseMessage>(name, (pipeline, context) =>
        {
            // Back-off inside one attempt is real waiting on a platform, whatever clock the app schedules by.
            pipeline.TimeProvider = TimeProvider.System;
            Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<PublishingOptions>>().Value, isTransient);
        });
        return services;
    }

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, PublishingOptions options,
        Func<int, HttpResponseMessage, bool> isTransient) =>
        pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.TransientRetries,
            Delay = options.TransientBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => args.Outcome switch
            {
                { Exception: HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } } => ValueTask.FromResult(true),
                { Result: { } response } => IsTransientAsync(response, isTransient),
                _ => ValueTask.FromResult(false),
            },
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result?.Headers.RetryAfter?.Delta is { } wait ? (TimeSpan?)(wait < MaxRetryAfter ? wait : MaxRetryAfter) : null),
        });

    static async ValueTask<bool> IsTransientAsync(HttpResponseMessage response, Func<int, HttpResponseMessage, bool> isTransient)
    {
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests) return true;
        return await ErrorCodeAsync(response) is { } code && isTransient(code, response);
    }

    /// <summary>The error code in an answer's body: {"error":{"code":N}} (Graph) or {"error":N} (Zalo, HTTP 200, 0 = success).</summary>
    public static async ValueTask<int?> ErrorCodeAsync(HttpResponseMessage response)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (!doc.RootElement.TryGetProperty("error", out var error)) return null;
            return error.ValueKind switch
            {
                JsonValueKind.Number => error.GetInt32(),
                JsonValueKind.Object when error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number => c.GetInt32(),
                _ => null,
            };
        }
        catch (JsonException) { return null; }
    }

    public static bool IsTimeout(Exception e, CancellationToken ct) =>
        e is TaskCanceledException or TimeoutException && !ct.IsCancellationRequested;
}
