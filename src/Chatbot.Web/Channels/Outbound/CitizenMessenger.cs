using System.Collections.Concurrent;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Storage;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Outbound;

/// <summary>
/// Tells a subscribed citizen something on the channel they chat on, through <see cref="ReplyDelivery"/> (tokens, sandbox,
/// Polly for transient errors, outbound_log), when the platform's <see cref="PlatformProfile.Push"/> allows it now. A
/// citizen's user id belongs to one Page or OA, so the account is the one they last wrote to; without any (subscribed
/// elsewhere) it is their ward's channel on that platform. Sends are paced per the platform's <see cref="RateScope"/>.
/// </summary>
internal sealed class CitizenMessenger(
    ReplyDelivery delivery,
    Platforms platforms,
    ChannelDirectory channels,
    IEnumerable<IPlatformClient> clients,
    IEnumerable<ISendAllowance> allowances,
    IDbConnectionFactory db,
    IChannelTokens tokens,
    IOptions<OutboundOptions> options,
    TimeProvider clock,
    IEnumerable<IPersonOwnership> people) : ICitizenMessenger
{
    /// <summary>Web chat and the emulator: nothing to push to.</summary>
    public const string CannotPush = "channel-cannot-push";

    /// <summary>A ward officer is talking with the citizen: no news in the middle of that conversation.</summary>
    public const string PersonOwns = "person-owns-conversation";

    readonly ConcurrentDictionary<string, OutboundPacer> pacers = new();
    readonly Dictionary<PlatformId, IPlatformClient> byPlatform = clients.ToDictionary(c => c.Platform);
    readonly Dictionary<PlatformId, ISendAllowance> allowanceOf = allowances.ToDictionary(a => a.Platform);

    /// <summary>The pacer of a channel, or of the whole app where the platform limits per app.</summary>
    public OutboundPacer PacerFor(PlatformProfile platform, string channelKey) =>
        pacers.GetOrAdd(platform.Rate.Scope == RateScope.App ? platform.Id.Value : channelKey,
            _ => new OutboundPacer(options.Value.RatePerSecond.GetValueOrDefault(platform.Id.Value, platform.Rate.PerSecond)));

    public async Task<CitizenSendOutcome> SendAsync(CitizenMessage m, CancellationToken ct)
    {
        if (platforms.Find(m.Channel) is not { } platform || !byPlatform.TryGetValue(platform.Id, out var client))
            return new CitizenSendOutcome(CitizenSendResult.NotAllowed, CannotPush);
        foreach (var person in people)
            if (await person.OwnsAsync(m.Channel, m.UserId, ct)) return new CitizenSendOutcome(CitizenSendResult.NotAllowed, PersonOwns);
        var facts = await FactsAsync(platform.Id, m, ct);
        if (platform.Push.Refusal(facts, clock.GetUtcNow()) is { } refusal) return new CitizenSendOutcome(CitizenSendResult.NotAllowed, refusal);

        var conversation = m.Conversation ?? await LastConversationAsync(m.Channel, m.UserId, ct);
        // "facebook:<pageId>:<psid>" (NewInboxEvent.ConversationKey)
        var account = conversation?.ConversationKey?.Split(':') is [_, var pageOrOa, ..] ? pageOrOa : null;
        var channel = account is null ? channels.ForWard(m.WardId, platform.Id) : channels.ByAccount(platform.Id, account);
        if (channel is null && account is null) return new CitizenSendOutcome(CitizenSendResult.Failed, "no-channel-for-ward");
        var accountId = account ?? channel!.AccountId;
        var key = channel?.Id ?? $"{m.Channel}:{accountId}";
        var conversationKey = $"{m.Channel}:{accountId}:{m.UserId}";
        // The status the caller read (or "no conversation"), so the delivery does not read it again per message.
        var status = conversation is null || conversation.ConversationKey != conversationKey
            ? (m.Conversation is null ? null : new ConversationStatus())
            : new ConversationStatus { UnreachableAt = conversation.UnreachableAt, UnreachableReason = conversation.UnreachableReason };
        var target = new ReplyTarget(platform.Id, channel, key, m.UserId, conversationKey, facts.LastWrote, "notification", status);
        var token = channel is null || m.Batch is null ? null : await m.Batch.TokenAsync(channel.Id, () => tokens.GetAccessTokenAsync(channel, ct));
        var outcome = await delivery.DeliverAsync(target, client.Notice(m.UserId, m.Text), ct, PacerFor(platform, key), token);
        return Result(outcome);
    }

    public async Task<CitizenSendOutcome> ReplyAsync(PersonReply r, CancellationToken ct)
    {
        if (platforms.Find(r.Channel) is not { } platform || !byPlatform.TryGetValue(platform.Id, out var client))
            return new CitizenSendOutcome(CitizenSendResult.NotAllowed, CannotPush);
        var channel = channels.ByAccount(platform.Id, r.AccountId);
        var key = channel?.Id ?? $"{r.Channel}:{r.AccountId}";
        var target = new ReplyTarget(platform.Id, channel, key, r.UserId, r.ConversationKey, r.RepliesTo, "reply", ReplyKey: r.ReplyKey);
        return Result(await delivery.DeliverAsync(target, client.Answer(r.UserId, r.Text), ct, PacerFor(platform, key)));
    }

    static CitizenSendOutcome Result(SendOutcome? outcome) =>
        outcome switch
        {
            null => new CitizenSendOutcome(CitizenSendResult.Failed, "nothing-to-send"),
            { Status: SendStatus.Sent } => new CitizenSendOutcome(CitizenSendResult.Sent),
            { Status: SendStatus.Sandbox } => new CitizenSendOutcome(CitizenSendResult.Sandbox),
            { Status: SendStatus.Refused } => new CitizenSendOutcome(CitizenSendResult.NotAllowed, "platform-refused: " + outcome.Reason),
            { Status: SendStatus.Transient } => new CitizenSendOutcome(CitizenSendResult.RetryLater, outcome.Reason),
            { Status: SendStatus.Unknown } => new CitizenSendOutcome(CitizenSendResult.Unknown, outcome.Reason),
            _ => new CitizenSendOutcome(CitizenSendResult.Failed, outcome.Reason),
        };

    /// <summary>The window starts at the later of the two records of the citizen's last message (the subscription's and the
    /// platform's count); a count from before their last message is void.</summary>
    async Task<PushFacts> FactsAsync(PlatformId platform, CitizenMessage m, CancellationToken ct)
    {
        if (!allowanceOf.TryGetValue(platform, out var allowance)) return new PushFacts(m.LastInteractionAt, 0);
        var counts = m.Batch is null ? await allowance.ReadAsync([m.UserId], ct) : await m.Batch.CountsAsync(allowance, ct);
        if (counts.GetValueOrDefault(m.UserId) is not { } counted) return new PushFacts(m.LastInteractionAt, 0);
        var since = counted.Since > m.LastInteractionAt ? counted.Since.Value : m.LastInteractionAt;
        return new PushFacts(since, counted.Since is null || counted.Since >= m.LastInteractionAt ? counted.Sent : 0);
    }

    async Task<KnownConversation?> LastConversationAsync(string platform, string userId, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<KnownConversation>(new CommandDefinition("""
            SELECT conversation_key AS ConversationKey, unreachable_at AS UnreachableAt, unreachable_reason AS UnreachableReason
            FROM channel_conversations WHERE platform = @platform AND user_id = @userId
            ORDER BY (last_inbound_at IS NULL), last_inbound_at DESC LIMIT 1
            """, new { platform, userId }, cancellationToken: ct));
    }
}
