using System.Collections.Concurrent;
using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels.Facebook;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Zalo;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels.Outbound;

/// <summary>
/// Tells a subscribed citizen something on the channel they chat on, through <see cref="ReplyDelivery"/> (tokens,
/// sandbox, Polly for transient errors, outbound_log): Messenger with messaging_type UPDATE, Zalo as a CS message. A
/// PSID or Zalo user id belongs to one Page or OA, so the account is the one the citizen last wrote to; without any
/// (subscribed elsewhere) it is their ward's channel on that platform. Sends are paced per Page and per Zalo app.
/// </summary>
internal sealed class ChannelCitizenMessenger(
    ReplyDelivery delivery,
    UnitDirectory units,
    IDbConnectionFactory db,
    IChannelTokens tokens,
    IOptions<OutboundOptions> options) : ICitizenMessenger
{
    readonly ConcurrentDictionary<string, OutboundPacer> pacers = new();

    /// <summary>The pacer of a Page (Messenger limits are per Page) or of the Zalo app (Zalo's are per app).</summary>
    public OutboundPacer PacerFor(string platform, string channelKey) =>
        pacers.GetOrAdd(platform == ZaloEvents.Platform ? platform : channelKey,
            _ => new OutboundPacer(options.Value.RatePerSecond.GetValueOrDefault(platform, 50)));

    public async Task<CitizenSendOutcome> SendAsync(CitizenMessage m, CancellationToken ct)
    {
        Platform? platform = m.Channel switch
        {
            FacebookEvents.Platform => Platform.Facebook,
            ZaloEvents.Platform => Platform.Zalo,
            _ => null,
        };
        if (platform is not { } p) return new CitizenSendOutcome(CitizenSendResult.NotAllowed, "channel-cannot-push");

        var conversation = m.Conversation ?? await LastConversationAsync(m.Channel, m.UserId, ct);
        // "facebook:<pageId>:<psid>" (NewInboxEvent.ConversationKey)
        var account = conversation?.ConversationKey?.Split(':') is [_, var pageOrOa, ..] ? pageOrOa : null;
        var channel = account is null
            ? units.Find(m.WardId)?.Channels.FirstOrDefault(c => c.Platform == p)
            : units.Channels.FirstOrDefault(c => c.Platform == p && c.PlatformId == account);
        if (channel is null && account is null) return new CitizenSendOutcome(CitizenSendResult.Failed, "no-channel-for-ward");
        var accountId = account ?? channel!.PlatformId;
        var key = channel?.Id ?? $"{m.Channel}:{accountId}";
        var messages = p == Platform.Facebook ? FacebookMessages.Update(m.UserId, m.Text) : ZaloMessages.Notice(m.UserId, m.Text);
        var conversationKey = $"{m.Channel}:{accountId}:{m.UserId}";
        // The status the caller read (or "no conversation"), so the delivery does not read it again per message.
        var status = conversation is null || conversation.ConversationKey != conversationKey
            ? (m.Conversation is null ? null : new ConversationStatus())
            : new ConversationStatus { UnreachableAt = conversation.UnreachableAt, UnreachableReason = conversation.UnreachableReason };
        var target = new ReplyTarget(m.Channel, channel, key, m.UserId, conversationKey, m.LastInteractionAt, "notification", status);
        var token = channel is null || m.Batch is null ? null : await m.Batch.TokenAsync(channel.Id, () => tokens.GetAccessTokenAsync(channel, ct));
        var outcome = await delivery.DeliverAsync(target, messages, ct, PacerFor(m.Channel, key), token);
        return outcome switch
        {
            null => new CitizenSendOutcome(CitizenSendResult.Failed, "nothing-to-send"),
            { Status: SendStatus.Sent } => new CitizenSendOutcome(CitizenSendResult.Sent),
            { Status: SendStatus.Sandbox } => new CitizenSendOutcome(CitizenSendResult.Sandbox),
            { Status: SendStatus.Refused } => new CitizenSendOutcome(CitizenSendResult.NotAllowed, "platform-refused: " + outcome.Reason),
            { Status: SendStatus.Transient } => new CitizenSendOutcome(CitizenSendResult.RetryLater, outcome.Reason),
            { Status: SendStatus.Unknown } => new CitizenSendOutcome(CitizenSendResult.Unknown, outcome.Reason),
            _ => new CitizenSendOutcome(CitizenSendResult.Failed, outcome.Reason),
        };
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
