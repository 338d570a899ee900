using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Observability;
using Chatbot.Web.Staff;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chatbot.Tests.Hosting;

/// <summary>Issue 18: the service is observable — Prometheus metrics for operators only, one trace from a citizen's
/// webhook to the reply sent, a conversation id on every log line of a turn, no per-call HTTP chatter in the logs.</summary>
public sealed class ObservabilityTests
{
    static async Task<string> TokenAsync(ChatbotApp app, string name, string role, string? ward)
    {
        var id = await app.Services.GetRequiredService<StaffStore>().CreateUserAsync(name, role, ward, "mat-khau-dai-du-12", default);
        return (await app.Services.GetRequiredService<StaffTokens>().CreateAsync(id, default)).Token;
    }

    static async Task<HttpResponseMessage> ScrapeAsync(ChatbotApp app, string? token)
    {
        var http = app.CreateClient();
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.GetAsync("/metrics");
    }

    [Fact]
    public async Task Metrics_are_for_a_district_admin_token_only_and_count_webhooks_turns_and_replies()
    {
        await using var kit = await ChannelKit.StartAsync();
        var admin = await TokenAsync(kit.App, "quan-tri", Roles.DistrictAdmin, null);
        var editor = await TokenAsync(kit.App, "bien-tap", Roles.WardEditor, "sai-gon");
        Assert.Equal(HttpStatusCode.OK, (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-m", "mid.m1", "menu"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-m", "mid.m2", "menu"), "sha256=00")).StatusCode);
        await Eventually.TrueAsync(() => kit.Sent("facebook").Count >= 1, "the reply");

        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(kit.App, null)).StatusCode); // the test server's client is not the loopback
        Assert.Equal(HttpStatusCode.Forbidden, (await ScrapeAsync(kit.App, editor)).StatusCode);
        var text = "";
        await Eventually.TrueAsync(async () =>
        {
            using var scrape = await ScrapeAsync(kit.App, admin);
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
            text = await scrape.Content.ReadAsStringAsync();
            return text.Contains("chatbot_outbound_messages_total{") && text.Contains("chatbot_turn_duration_seconds_count{");
        }, "the turn and the reply in the metrics");
        Assert.Matches("""chatbot_webhooks_total\{[^}]*outcome="accepted"[^}]*platform="facebook"[^}]*\} [1-9]""", text);
        Assert.Matches("""chatbot_webhooks_total\{[^}]*http_status_code="401"[^}]*outcome="rejected"[^}]*platform="facebook"[^}]*\} [1-9]""", text);
        Assert.Matches("""chatbot_outbound_messages_total\{[^}]*kind="reply"[^}]*outcome="Sent"[^}]*platform="facebook"[^}]*\} [1-9]""", text);
        Assert.Matches("""chatbot_turn_duration_seconds_count\{[^}]*outcome="done"[^}]*platform="facebook"[^}]*\} [1-9]""", text);
        Assert.Contains("http_server_request_duration_seconds", text); // ASP.NET Core's own
    }

    [Fact]
    public async Task The_gauges_read_inbox_depth_and_lag_deliveries_and_token_health_from_the_database()
    {
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("Inbox:WorkerEnabled", "false"));
        await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-g", "mid.g1", "menu"));
        await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-g", "mid.g2", "menu"));
        kit.App.Clock.Advance(TimeSpan.FromSeconds(42));

        var snapshot = await kit.App.Services.GetRequiredService<TelemetrySampler>().ReadAsync(default);

        Assert.Equal(2, snapshot.InboxByState.Single(m => (string)m.Tags[0].Value! == "pending").Value);
        Assert.Equal(42, snapshot.InboxLagSeconds.Single().Value, precision: 0);
        Assert.Empty(snapshot.DeliveriesByState);
    }

    [Fact]
    public async Task Token_health_counts_a_Page_whose_token_the_platform_rejected_as_needing_reauthorisation()
    {
        await using var kit = await ChannelKit.StartAsync();
        var sampler = kit.App.Services.GetRequiredService<TelemetrySampler>();
        // Graph rejects the Page token (code 190) when the bot answers: the channel is flagged for re-authorisation.
        kit.Simulator.Faults.Enqueue(new Fault("/messages", 400, """{"error":{"message":"Error validating access token","type":"OAuthException","code":190}}"""));

        await kit.PostFacebookAsync(ChannelKit.MessengerText("psid-h", "mid.h1", "menu"));
        await Eventually.TrueAsync(async () => (await sampler.ReadAsync(default)).TokensByHealth.Any(m => (string)m.Tags[0].Value! == "needs_reauth"),
            "the channel flagged");

        var health = (await sampler.ReadAsync(default)).TokensByHealth.ToDictionary(m => (string)m.Tags[0].Value!, m => m.Value);
        Assert.Equal(1, health["needs_reauth"]);
    }

    [Fact]
    public async Task The_metrics_endpoint_answers_a_scraper_on_the_loopback_without_a_token_but_not_a_forwarded_request()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = await AppProcess.StartAsync(database.Settings());
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        using var local = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Contains("# TYPE", await local.Content.ReadAsStringAsync());
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "203.0.113.9" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forwarded)).StatusCode);
    }

    [Fact]
    public async Task One_trace_follows_a_citizen_message_from_the_webhook_through_the_turn_to_the_send()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is ChatbotTelemetry.Name or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        // Traces are recorded when a collector is configured; none listens on port 9, the export just fails quietly.
        await using var kit = await ChannelKit.StartAsync(configure: a => a.With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"));
        var psid = "psid-" + Guid.NewGuid().ToString("N")[..8];
        var conversation = $"facebook:{ChannelKit.PageId}:{psid}";

        Assert.Equal(HttpStatusCode.OK, (await kit.PostFacebookAsync(ChannelKit.MessengerText(psid, "mid.t1", "menu"))).StatusCode);
        await Eventually.TrueAsync(() => stopped.Any(a => a.GetTagItem(ChatbotTelemetry.ConversationTag) as string == conversation), "the turn's span");

        var turn = stopped.Single(a => a.GetTagItem(ChatbotTelemetry.ConversationTag) as string == conversation);
        // The platform simulator is an ASP.NET Core app in this process too: its side of the send is in the trace as well.
        var webhook = stopped.Single(a => a.Source.Name == "Microsoft.AspNetCore" && a.SpanId == turn.ParentSpanId);
        Assert.Equal(turn.TraceId, webhook.TraceId);
        Assert.Equal("/webhooks/facebook", webhook.GetTagItem("url.path") ?? webhook.GetTagItem("http.target"));
        Assert.Equal("done", turn.GetTagItem("chatbot.outcome"));
        var calls = stopped.Where(a => a.Source.Name == "System.Net.Http" && a.TraceId == turn.TraceId).ToList();
        Assert.Contains(calls, a => a.GetTagItem("url.full")?.ToString()?.Split('?')[0].EndsWith("/messages") == true); // the Send API
        Assert.All(calls, a => Assert.Equal(turn.SpanId, a.ParentSpanId)); // every platform call of the turn sits under it
    }

    [Fact]
    public async Task Every_log_line_of_a_turn_names_its_conversation_and_outgoing_calls_log_nothing_at_information()
    {
        var lines = new ConcurrentQueue<(string Category, LogLevel Level, string Message, string Scopes)>();
        await using var kit = await ChannelKit.StartAsync(configure: a => a.WithServices(s => s.AddSingleton<ILoggerProvider>(new CapturingLogger(lines))));
        // Graph refuses the reply (a permanent error): the turn logs that its reply was not sent.
        kit.Simulator.Faults.Enqueue(new Fault("/messages", 400, """{"error":{"message":"Invalid parameter","type":"OAuthException","code":100}}"""));
        var psid = "psid-" + Guid.NewGuid().ToString("N")[..8];
        var conversation = $"facebook:{ChannelKit.PageId}:{psid}";

        await kit.PostFacebookAsync(ChannelKit.MessengerText(psid, "mid.l1", "menu"));
        await Eventually.TrueAsync(() => lines.Any(l => l.Message.Contains(conversation) && l.Message.Contains("not sent")), "the turn's warning");

        var aboutTurn = lines.Where(l => l.Message.Contains(conversation)).ToList();
        Assert.All(aboutTurn, l => Assert.Contains($"ConversationId:{conversation}", l.Scopes));
        Assert.DoesNotContain(lines, l => l.Category.StartsWith("System.Net.Http.HttpClient") && l.Level <= LogLevel.Information);
    }

    [Fact]
    public async Task A_background_job_that_fails_is_counted_by_job_in_the_metrics()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("Jobs:ServerEnabled", "true").With("Jobs:QueuePollInterval", "00:00:00.200"));
        var admin = await TokenAsync(app, "quan-tri", Roles.DistrictAdmin, null);
        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => FailingJob.Run());

        await Eventually.TrueAsync(async () =>
        {
            using var scrape = await ScrapeAsync(app, admin);
            return System.Text.RegularExpressions.Regex.IsMatch(await scrape.Content.ReadAsStringAsync(),
                """chatbot_jobs_failed_total\{[^}]*job="FailingJob.Run"[^}]*\} [1-9]""");
        }, "the failed attempt in the metrics");
    }

    sealed class CapturingLogger(ConcurrentQueue<(string, LogLevel, string, string)> lines) : ILoggerProvider, ISupportExternalScope
    {
        IExternalScopeProvider scopes = new LoggerExternalScopeProvider();
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);
        public void Dispose() { }

        sealed class Logger(string category, CapturingLogger owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                owner.scopes.ForEachScope((s, list) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object>> pairs) list.AddRange(pairs.Select(p => $"{p.Key}:{p.Value}"));
                    else list.Add(s?.ToString() ?? "");
                }, scopes);
                owner.lines_.Enqueue((category, logLevel, formatter(state, exception), string.Join(' ', scopes)));
            }
        }

        ConcurrentQueue<(string, LogLevel, string, string)> lines_ => lines;
    }
}

/// <summary>A job that always fails (Hangfire invokes it by name, so it is public).</summary>
public static class FailingJob
{
    public static void Run() => throw new InvalidOperationException("this job fails on purpose");
}
