using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Observability;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Chatbot.Web.Channels.Outbound;

/// <summary>Sends platform messages for one channel; says what happened without throwing for platform errors.</summary>
internal interface IPlatformClient
{
    PlatformId Platform { get; }
    Task<SendOutcome> SendAsync(WardChannel channel, string token, JsonObject body, CancellationToken ct);

    /// <summary>The messages that tell a citizen something the service starts itself (ward news), split to the platform's limits.</summary>
    IReadOnlyList<JsonObject> Notice(string userId, string text);

    /// <summary>A ward officer's answer to what the citizen wrote (issue 14), split to the platform's limits: a reply
    /// inside the platform's window (Messenger RESPONSE, Zalo CS), never a message the citizen did not ask for.</summary>
    IReadOnlyList<JsonObject> Answer(string userId, string text);
}

/// <param name="ChannelKey">The ward channel id, or "&lt;platform&gt;:&lt;account&gt;" for an account no ward lists.</param>
/// <param name="RepliesTo">When the citizen's event happened: the reply window is counted from it.</param>
/// <param name="Kind">What is sent, as the sandbox records it: "reply", or "notification" (a ward's news to a subscriber).</param>
/// <param name="Status">The conversation's status when the caller already read it (a fan-out reads a whole batch in one
/// query; an empty status = no such conversation); null = read here before sending.</param>
/// <param name="ReplyKey">Names the turn these messages answer (its inbox event): each message is claimed under
/// "&lt;key&gt;#&lt;index&gt;" before it goes, so handling the event again after a crash never sends one twice. Null: no claim.</param>
/// <param name="Window">How long after <paramref name="RepliesTo"/> this may go, where it is not the platform's reply window
/// (a private reply to a Page comment: 7 days, platforms.md §6).</param>
public sealed record ReplyTarget(PlatformId Platform, WardChannel? Channel, string ChannelKey, string Recipient, string ConversationKey,
    DateTimeOffset RepliesTo, string Kind = "reply", ConversationStatus? Status = null, string? ReplyKey = null, TimeSpan? Window = null);

/// <summary>
/// Sends a reply's (or a notification's) platform messages in order, each through a retry pipeline for transient failures
/// only; records every outcome in outbound_log. Stops at the first message that did not go (the rest would make no sense
/// alone) and returns that outcome (or the last one). Never throws for a platform answer, so a reply is never sent twice
/// by the inbox retrying the whole event; with a <see cref="ReplyTarget.ReplyKey"/> a message that already has its row
/// in outbound_log (an earlier run of the same event, e.g. by an instance that was killed) is skipped. A pacer, when given, is waited on before every try and told every answer
/// (fan-out to many citizens paces itself to the platform's rate limit).
/// </summary>
internal sealed class ReplyDelivery(
    IChannelTokens tokens,
    StoredChannelTokens tokenStore,
    OutboundLog log,
    ChannelConversations conversations,
    IEnumerable<IPlatformClient> clients,
    Platforms platforms,
    IOptions<OutboundOptions> options,
    TimeProvider clock,
    ILogger<ReplyDelivery> logger)
{
    readonly Dictionary<PlatformId, IPlatformClient> byPlatform = clients.ToDictionary(c => c.Platform);
    readonly ResiliencePipeline<SendOutcome> pipeline = BuildPipeline(options.Value);

    public static ResiliencePipeline<SendOutcome> BuildPipeline(OutboundOptions o)
    {
        if (o.MaxRetries <= 0) return ResiliencePipeline<SendOutcome>.Empty;
        return new ResiliencePipelineBuilder<SendOutcome>()
            .AddRetry(new RetryStrategyOptions<SendOutcome>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Status: SendStatus.Transient } r
                                                            && (r.RetryAfter is null || r.RetryAfter <= o.MaxRetryAfter)),
                MaxRetryAttempts = o.MaxRetries,
                Delay = o.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Retry-After (429, Graph throttling) wins over our own backoff.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
            })
            .Build();
    }

    /// <param name="knownToken">The channel's access token when the caller already has it (read once per fan-out batch).</param>
    public async Task<SendOutcome?> DeliverAsync(ReplyTarget target, IReadOnlyList<JsonObject> messages, CancellationToken ct,
        OutboundPacer? pacer = null, string? knownToken = null)
    {
        if (messages.Count == 0) return null;
        var refusal = await RefusalBeforeSendingAsync(target, ct);
        if (refusal is not null)
        {
            ChatbotTelemetry.MessageOutcome(target.Kind, target.Platform.Value, refusal.Status.ToString());
            for (var i = 0; i < messages.Count; i++) await RecordAsync(target, refusal, 0, messages[i], i, ct);
            return refusal;
        }

        var token = target.Channel is null ? null : knownToken ?? await tokens.GetAccessTokenAsync(target.Channel, ct);
        if (token is null)
        {
            if (target.Channel is not null && await tokenStore.NeedsReauthAsync(target.Channel, ct))
            {
                var reauth = new SendOutcome(SendStatus.Failed, "channel needs re-authorisation");
                ChatbotTelemetry.MessageOutcome(target.Kind, target.Platform.Value, reauth.Status.ToString());
                for (var i = 0; i < messages.Count; i++) await RecordAsync(target, reauth, 0, messages[i], i, ct);
                return reauth;
            }
            var sandbox = new SendOutcome(SendStatus.Sandbox, "no token: written to sandbox_outbox");
            ChatbotTelemetry.MessageOutcome(target.Kind, target.Platform.Value, sandbox.Status.ToString());
            for (var i = 0; i < messages.Count; i++)
                if (await RecordAsync(target, sandbox, 0, messages[i], i, ct))
                    await log.AddSandboxAsync(target.ChannelKey, target.Kind, target.Recipient, messages[i].ToJsonString(), clock.GetUtcNow(), ct);
            return sandbox;
        }

        var client = byPlatform[target.Platform];
        SendOutcome? last = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var claim = target.ReplyKey is null ? null : KeyOf(target, i);
            if (claim is not null
                && !await log.ClaimAsync(claim, target.Platform, target.ChannelKey, target.Recipient, message.ToJsonString(), clock.GetUtcNow(), ct))
                continue; // sent (or on its way) in an earlier run of this event
            var (outcome, attempts) = await SendOneAsync(client, target.Channel!, token, message, pacer, ct);
            if (outcome.Status == SendStatus.TokenRejected
                && await tokens.RenewAfterRejectionAsync(target.Channel!, token, ct) is { } renewed)
            {
                token = renewed;
                var (again, more) = await SendOneAsync(client, target.Channel!, token, message, pacer, ct);
                (outcome, attempts) = (again, attempts + more);
            }
            last = outcome;
            ChatbotTelemetry.MessageOutcome(target.Kind, target.Platform.Value, outcome.Status.ToString());
            if (claim is not null) await log.FinishAsync(claim, target.Platform, target.Recipient, outcome, attempts, ct);
            else await RecordAsync(target, outcome, attempts, message, i, ct);
            if (outcome.Unreachable)
                await conversations.MarkUnreachableAsync(target.ConversationKey, target.Platform.Value, target.Recipient, clock.GetUtcNow(),
                    outcome.Reason ?? "unreachable", ct);
            if (outcome.Status != SendStatus.Sent)
            {
                logger.LogWarning("{Kind} to {Conversation} not sent: {Status} {Reason}", target.Kind, target.ConversationKey, outcome.Status,
                    outcome.Reason);
                return outcome;
            }
        }
        return last;
    }

    async Task<SendOutcome?> RefusalBeforeSendingAsync(ReplyTarget target, CancellationToken ct)
    {
        // The platform's reply window (Messenger 24 h, §2.5; Zalo CS 7 days, §1.5), from its profile.
        if ((target.Window ?? platforms.Find(target.Platform)?.ReplyWindow) is { } window && clock.GetUtcNow() - target.RepliesTo > window)
            return new SendOutcome(SendStatus.Refused, $"outside the {window.TotalHours:0} h reply window (checked before sending)");
        var status = target.Status ?? await conversations.GetAsync(target.ConversationKey, ct);
        if (status?.UnreachableAt is not null)
            return new SendOutcome(SendStatus.Refused, $"recipient unreachable: {status.UnreachableReason}");
        return null;
    }

    async Task<(SendOutcome, int)> SendOneAsync(IPlatformClient client, WardChannel channel, string token, JsonObject message,
        OutboundPacer? pacer, CancellationToken ct)
    {
        var attempts = 0;
        try
        {
            var outcome = await pipeline.ExecuteAsync(async t =>
            {
                attempts++;
                if (pacer is not null) await pacer.WaitAsync(t);
                var answer = await client.SendAsync(channel, token, message, t);
                pacer?.Observe(answer);
                return answer;
            }, ct);
            return (outcome, attempts);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Whatever it was, the request may have left: do not resend.
            return (new SendOutcome(SendStatus.Unknown, $"{e.GetType().Name}: {e.Message}"), attempts);
        }
    }

    Task<bool> RecordAsync(ReplyTarget target, SendOutcome outcome, int attempts, JsonObject message, int index, CancellationToken ct) =>
        log.RecordAsync(target.Platform, target.ChannelKey, target.Recipient, outcome, attempts, message.ToJsonString(), clock.GetUtcNow(), ct,
            target.ReplyKey is null ? null : KeyOf(target, index));

    static string KeyOf(ReplyTarget target, int index) => $"{target.ReplyKey}#{index}";
}
