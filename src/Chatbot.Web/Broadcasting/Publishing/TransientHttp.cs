using Chatbot.Web.Channels;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Chatbot.Web.Broadcasting.Publishing;

/// <summary>
/// The named Polly pipeline for platform calls inside one attempt. It retries only answers that say the request was
/// not acted on: HTTP 5xx and 429, Graph error codes 1/2/4/17/32/613, Zalo -32 (platforms.md §1.7, §2.6, §5), and
/// connections refused before anything was sent. A timeout is never retried here: the post may exist (§3.3).
/// Retry-After is honoured (capped); the long back-off across attempts is the job's (BroadcastingOptions.RetryDelays).
/// </summary>
internal static class TransientHttp
{
    public const string PipelineName = "broadcasting-transient";
    static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, BroadcastingOptions options) =>
        pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.TransientRetries,
            Delay = options.TransientBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => args.Outcome switch
            {
                { Exception: HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } } => ValueTask.FromResult(true),
                { Result: { } response } => IsTransientAsync(response),
                _ => ValueTask.FromResult(false),
            },
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result?.Headers.RetryAfter?.Delta is { } wait ? (TimeSpan?)(wait < MaxRetryAfter ? wait : MaxRetryAfter) : null),
        });

    static async ValueTask<bool> IsTransientAsync(HttpResponseMessage response)
    {
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests) return true;
        var code = await ErrorCodeAsync(response);
        return code is { } c && (PlatformErrorCodes.IsGraphTransient(c) && !response.IsSuccessStatusCode || c == PlatformErrorCodes.ZaloRateLimit);
    }

    /// <summary>Graph: {"error":{"code":N}}; Zalo: {"error":N} with HTTP 200 (0 = success).</summary>
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

    public static ResiliencePipeline<HttpResponseMessage> Build(IOptions<BroadcastingOptions> options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(builder, options.Value);
        return builder.Build();
    }
}
