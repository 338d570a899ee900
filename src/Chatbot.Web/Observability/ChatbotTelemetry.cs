using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Chatbot.Web.Observability;

/// <summary>
/// The app's own metrics and spans, one static Meter and ActivitySource so any feature records with a one-line call
/// and no injected dependency. Gauges read from the database (inbox depth, deliveries by state, token health) come
/// from <see cref="TelemetrySampler"/>; counters and histograms are recorded where the thing happens.
/// </summary>
public static class ChatbotTelemetry
{
    public const string Name = "Chatbot.Web";
    public const string ConversationTag = "chatbot.conversation_id";

    public static readonly ActivitySource Source = new(Name);
    static readonly Meter Meter = new(Name);

    static readonly Counter<long> Webhooks = Meter.CreateCounter<long>("chatbot.webhooks", "{request}",
        "Platform webhooks answered, by platform and outcome (accepted: stored and 200; rejected: 4xx/5xx)");
    static readonly Histogram<double> Turns = Meter.CreateHistogram<double>("chatbot.turn.duration", "s",
        "Time the bot took to handle one inbox event, by platform and outcome");
    static readonly Counter<long> Outbound = Meter.CreateCounter<long>("chatbot.outbound.messages", "{message}",
        "Replies and notifications to citizens, by kind, platform and outcome (Sent, Refused, Failed, Sandbox…)");
    static readonly Counter<long> DeliveryMoves = Meter.CreateCounter<long>("chatbot.delivery.transitions", "{delivery}",
        "Broadcast deliveries moved to a state");
    static readonly Counter<long> JobFailures = Meter.CreateCounter<long>("chatbot.jobs.failed", "{job}",
        "Background jobs that failed an attempt, by job");

    public static void WebhookAnswered(string platform, int status) =>
        Webhooks.Add(1, new("platform", platform), new("outcome", status < 400 ? "accepted" : "rejected"), new("http.status_code", status));

    public static void TurnHandled(string platform, string outcome, TimeSpan took) =>
        Turns.Record(took.TotalSeconds, new KeyValuePair<string, object?>("platform", platform), new("outcome", outcome));

    public static void MessageOutcome(string kind, string platform, string outcome) =>
        Outbound.Add(1, new("kind", kind), new("platform", platform), new("outcome", outcome));

    public static void DeliveryMoved(string to) => DeliveryMoves.Add(1, new KeyValuePair<string, object?>("state", to));

    public static void JobFailed(string job) => JobFailures.Add(1, new KeyValuePair<string, object?>("job", job));

    /// <summary>The span of one turn, continuing the trace of the webhook that stored the event (its W3C traceparent is
    /// kept with the event), so webhook → inbox → turn → send is one trace even when the turn runs later or elsewhere.</summary>
    public static Activity? StartTurn(string platform, long eventId, string conversationKey, string? traceParent)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = Source.StartActivity("inbox turn", ActivityKind.Consumer, parent);
        activity?.SetTag(ConversationTag, conversationKey);
        activity?.SetTag("chatbot.platform", platform);
        activity?.SetTag("chatbot.inbox_event_id", eventId);
        return activity;
    }

    // Read from the database by TelemetrySampler; a scrape only reads its last snapshot.
    static TelemetrySampler.Snapshot gauges = TelemetrySampler.Snapshot.Empty;

    internal static void Publish(TelemetrySampler.Snapshot snapshot) => Volatile.Write(ref gauges, snapshot);

    static readonly ObservableGauge<long> InboxDepth = Meter.CreateObservableGauge("chatbot.inbox.depth",
        () => Volatile.Read(ref gauges).InboxByState, "{event}", "Inbox events not finished, by state (pending, processing, parked)");
    static readonly ObservableGauge<double> InboxLag = Meter.CreateObservableGauge("chatbot.inbox.lag",
        () => Volatile.Read(ref gauges).InboxLagSeconds, "s", "Age of the oldest pending inbox event (0 when none waits)");
    static readonly ObservableGauge<long> Deliveries = Meter.CreateObservableGauge("chatbot.deliveries",
        () => Volatile.Read(ref gauges).DeliveriesByState, "{delivery}", "Broadcast deliveries by state");
    static readonly ObservableGauge<long> Tokens = Meter.CreateObservableGauge("chatbot.channel.tokens",
        () => Volatile.Read(ref gauges).TokensByHealth, "{channel}", "Channel access tokens by health (ok, expiring within a day, needs_reauth)");
}
