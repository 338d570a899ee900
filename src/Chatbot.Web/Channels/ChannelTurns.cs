using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Channels;

/// <summary>What every platform's event handler does with an event: find the ward channel, run the bot, deliver the replies.</summary>
internal sealed class ChannelTurns(
    NativeChannelAdapter adapter,
    ReplyDelivery delivery,
    ChannelConversations conversations,
    CitizenActivity activity,
    ChannelDirectory channels,
    TimeProvider clock)
{
    // The status the inbound upsert returned, for the rest of that event's handling: the pause check and the reply's
    // refusal check read it instead of the database (issue 18: two round trips fewer per turn). One conversation's events
    // are handled one at a time, so nothing else changes it meanwhile but this event's own sends.
    readonly ConditionalWeakTable<InboxEvent, ConversationStatus> statusAfterInbound = new();

    public ChannelConversations Conversations => conversations;
    public TimeProvider Clock => clock;

    public WardChannel? FindChannel(PlatformId platform, string accountId) => channels.ByAccount(platform, accountId);

    /// <summary>An activity as the bot sees any channel's: conversation id = the inbox conversation key.</summary>
    public static Activity Activity(string type, InboxEvent e, string? id = null) => new()
    {
        Type = type,
        Id = id ?? e.DedupeKey,
        ChannelId = e.Platform,
        ServiceUrl = $"https://{e.Platform}.invalid/", // replies never go through a connector; see NativeChannelAdapter
        From = new ChannelAccount(e.UserId),
        Recipient = new ChannelAccount(e.AccountId),
        Conversation = new ConversationAccount(id: e.ConversationKey),
        Timestamp = e.EventAt,
        Locale = "vi-VN",
    };

    /// <summary>The citizen wrote: the reply window restarts, and so do the windows and counts ward news is judged by
    /// (subscriptions, a platform's free-message count: <see cref="CitizenActivity"/>) — a message, postback or referral
    /// counts, platforms.md §2.5, §1.5.</summary>
    public async Task CitizenWroteAsync(InboxEvent e, CancellationToken ct)
    {
        // Both at once: on the group-commit writer they share one COMMIT.
        var inbound = conversations.InboundAsync(new NewInboxEvent(e.Platform, e.AccountId, e.UserId, e.Kind, e.DedupeKey, e.Payload, e.EventAt), ct);
        await Task.WhenAll(inbound, activity.WroteAsync(new PlatformId(e.Platform), e.UserId, e.EventAt, ct));
        statusAfterInbound.AddOrUpdate(e, await inbound);
    }

    public async Task<bool> IsPausedAsync(InboxEvent e, CancellationToken ct) =>
        (statusAfterInbound.TryGetValue(e, out var known) ? known : await conversations.GetAsync(e.ConversationKey, ct))?.PausedUntil is { } until
        && until > clock.GetUtcNow();

    /// <summary>Runs the activities in order, then sends all their replies (only after every turn succeeded).</summary>
    public async Task RunAsync(InboxEvent e, IEnumerable<Activity> activities,
        Func<IReadOnlyList<Activity>, IReadOnlyList<JsonObject>> toPlatform, CancellationToken ct)
    {
        var replies = new List<Activity>();
        foreach (var a in activities)
            replies.AddRange(await adapter.RunAsync(a, ct));
        await DeliverAsync(e, toPlatform(replies), ct);
    }

    /// <summary>Runs one activity and returns the bot's replies without sending them (a platform that sends them another
    /// way, or keeps something from them first).</summary>
    public Task<IReadOnlyList<Activity>> RepliesAsync(Activity a, CancellationToken ct) => adapter.RunAsync(a, ct);

    /// <param name="turn">Which reply of the event these messages are ("" the answer, "apology"): with the event's dedupe
    /// key it names each message, so handling the event again after a crash sends none of them twice.</param>
    public Task DeliverAsync(InboxEvent e, IReadOnlyList<JsonObject> messages, CancellationToken ct, string turn = "")
    {
        var platform = new PlatformId(e.Platform);
        var channel = FindChannel(platform, e.AccountId);
        var target = new ReplyTarget(platform, channel, channel?.Id ?? $"{e.Platform}:{e.AccountId}", e.UserId, e.ConversationKey, e.EventAt,
            ReplyKey: turn.Length == 0 ? e.DedupeKey : $"{e.DedupeKey}:{turn}",
            Status: statusAfterInbound.TryGetValue(e, out var known) ? known : null);
        return delivery.DeliverAsync(target, messages, ct);
    }
}
