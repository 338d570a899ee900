using System.Net;
using Chatbot.Web.Staff;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Chatbot.Web.Observability;

/// <summary>
/// OpenTelemetry for the app: its own metrics and spans (<see cref="ChatbotTelemetry"/>), ASP.NET Core, HttpClient,
/// Npgsql and .NET runtime ones; Prometheus text at /metrics for the loopback or a DistrictAdmin's Bearer token, and
/// OTLP export of metrics and traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTEL_* variables configure it).
/// </summary>
internal static class ObservabilityExtensions
{
    public const string MetricsPolicy = "metrics";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TelemetrySampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelemetrySampler>());
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("chatbot", serviceInstanceId: builder.Configuration["Inbox:InstanceId"] ?? Environment.MachineName))
            .WithMetrics(m => m.AddMeter(ChatbotTelemetry.Name, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddMeter("System.Runtime").AddPrometheusExporter());
        // Traces only where they go somewhere: a span for every request, HTTP call and SQL command costs CPU on every
        // bot turn, for nothing when no collector takes them.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.WithTracing(t => t.AddSource(ChatbotTelemetry.Name).AddAspNetCoreInstrumentation(o => o.Filter = TracedRequest)
                .AddHttpClientInstrumentation().AddNpgsql()).UseOtlpExporter();
        builder.Services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, p => p
            .AddAuthenticationSchemes(BearerTokenHandler.SchemeName)
            .RequireAssertion(c => c.Resource is HttpContext http && FromThisMachine(http) || c.User.IsInRole(Roles.DistrictAdmin)));
        return builder;
    }

    // Scrapes, health probes and static files would bury the requests worth following.
    static bool TracedRequest(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/metrics") && !http.Request.Path.StartsWithSegments("/health")
        && !http.Request.Path.StartsWithSegments("/lib") && !http.Request.Path.StartsWithSegments("/css");

    /// <summary>A scraper on this machine. A request a local reverse proxy forwarded also comes from the loopback, so
    /// one carrying X-Forwarded-For is not (unless the proxy is configured, then the address is already the client's).</summary>
    static bool FromThisMachine(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) && !http.Request.Headers.ContainsKey("X-Forwarded-For");

    /// <summary>Counts every POST to /webhooks/&lt;platform&gt; by its answer. Runs before routing: the webhook
    /// endpoints are short-circuited, so no middleware after routing sees them.</summary>
    public static IApplicationBuilder UseWebhookMetrics(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.StartsWithSegments("/webhooks", out var rest))
        {
            await next(http);
            return;
        }
        try
        {
            await next(http);
        }
        finally
        {
            // Only the webhook routes that exist: a scan of made-up paths must not grow the series without bound.
            if (http.GetEndpoint() is not null) ChatbotTelemetry.WebhookAnswered(rest.Value!.Trim('/'), http.Response.StatusCode);
        }
    });

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsPolicy);
        return routes;
    }
}
