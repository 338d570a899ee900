using System.Text.Json;
using Chatbot.Web.Observability;
using Chatbot.Web.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chatbot.Web.Hosting;

internal static class HostingExtensions
{
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = VietnameseProblem);
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(ProxyOptions.IsValid, "ForwardedHeaders:KnownProxies must be IP addresses and ForwardedHeaders:KnownNetworks CIDR networks (10.0.0.0/8)")
            .ValidateOnStart();
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section)
            .Validate(SecurityOptions.IsValid, "Security:DisplayFrameAncestors must be origins such as https://bang-tin.example.gov.vn (or 'self')")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        // Vietnamese as text, not &#x...; entities: pages stay small and readable (Razor's default encodes all non-ASCII).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // Scopes on: a turn's lines carry its conversation id (InboxWorker), a request's its path; the trace id ties a
        // line to its trace in the collector.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.IncludeScopes = true; });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId);
        return builder;
    }

    /// <summary>
    /// Problems the framework writes itself (malformed JSON, a body too large, an unknown route...) carry only the HTTP
    /// reason phrase in English; staff and integrators get a Vietnamese title and a hint instead. Problems our handlers
    /// write keep their own title and detail.
    /// </summary>
    static void VietnameseProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null || problem is HttpValidationProblemDetails) return;
        (string Title, string Detail)? text = problem.Status switch
        {
            400 => ("Yêu cầu không hợp lệ", "Không đọc được nội dung gửi lên: kiểm tra JSON (dấu ngoặc, dấu phẩy, dấu nháy) và kiểu của từng trường."),
            401 => ("Chưa xác thực", "Cần đăng nhập, mã truy cập (Authorization: Bearer …) hoặc chữ ký hợp lệ."),
            403 => ("Không có quyền", "Tài khoản này không được làm việc này."),
            404 => ("Không tìm thấy", "Địa chỉ này không có."),
            405 => ("Phương thức không được hỗ trợ", "Địa chỉ này không nhận phương thức HTTP đó."),
            413 => ("Nội dung quá lớn", "Nội dung gửi lên vượt giới hạn cho phép."),
            415 => ("Kiểu nội dung không được hỗ trợ", "Gửi với Content-Type: application/json."),
            429 => ("Quá nhiều yêu cầu", "Bạn gửi quá nhanh; chờ một chút rồi thử lại."),
            500 => ("Lỗi máy chủ", "Đã có lỗi phía máy chủ; lỗi đã được ghi lại."),
            _ => null,
        };
        if (text is not { } t) return;
        problem.Title = t.Title;
        problem.Detail = t.Detail;
    }

    /// <summary>
    /// The front of the pipeline, before routing so that every response — also the webhooks' short-circuited endpoints
    /// and static files — passes through it: the client's address and scheme from a configured proxy, the security
    /// headers, the data directory guard, then exceptions as ProblemDetails without stack traces (404/405 bodies too).
    /// </summary>
    public static WebApplication UseHosting(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value;
        if (proxies.Enabled) app.UseForwardedHeaders(proxies.ToMiddlewareOptions());
        app.UseSecurityHeaders();
        app.UseDataDirectoryGuard();
        app.UseWebhookMetrics(); // outside the exception handler: it sees a crashed webhook's 500
        // Malformed JSON and oversized bodies surface as BadHttpRequestException: they are the client's 4xx, not our 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // A client's malformed body is its 4xx, answered as ProblemDetails: not an error worth a log line of ours.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        Pages.Admin.ConsoleExtensions.UseConsoleErrorPages(app); // /admin errors as console pages, before routing
        Pages.PublicErrorPages.UsePublicErrorPages(app); // and a browser's errors on the public pages as public pages
        app.UseRouting();
        return app;
    }

    /// <summary>The checks /health/ready runs: what a load balancer needs before it sends traffic here.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// /health (every check), /health/live (the process answers: restart it when this fails; no dependency is asked, so
    /// a database outage does not restart every instance) and /health/ready (database reachable, migrations applied,
    /// data directory usable: take it out of the load balancer when this fails).
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync });
        return routes;
    }

    // Vietnamese descriptions as text, not \u escapes: an operator reads this with curl.
    static readonly JsonSerializerOptions HealthJson = new()
        { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    static Task WriteHealthAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        }, HealthJson));
    }
}
