using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Outbound;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Channels;

/// <summary>Staff answered a citizen in the platform's own inbox (Page inbox, OA chat).</summary>
/// <param name="Channel">The platform id (the conversation's Bot Framework channel id).</param>
/// <param name="ConversationKey">The conversation id the bot uses for it.</param>
public sealed record StaffTakeover(string Channel, string ConversationKey, string UserId, string AccountId, string? WardId, string Text,
    DateTimeOffset At);

/// <summary>Told when staff answer a citizen outside the service (echo events): the staff desk opens a thread.</summary>
public interface IStaffTakeover
{
    Task TakeOverAsync(StaffTakeover takeover, CancellationToken ct);
}

/// <summary>What every platform's event handler does with an event: find the ward channel, run the bot, deliver the replies.</summary>
internal sealed class ChannelTurns(
    NativeChannelAdapter adapter,
    ReplyDelivery delivery,
    ChannelConversations conversations,
    CitizenActivity activity,
    ChannelDirectory channels,
    TimeProvider clock,
    IOptions<InboxOptions> inbox,
    IEnumerable<IStaffTakeover> takeovers)
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
        // Both at once: inside an inbox turn both ride on its next write; elsewhere they share one group COMMIT.
        var inbound = conversations.InboundAsync(e, ct);
        await Task.WhenAll(inbound, activity.WroteAsync(new PlatformId(e.Platform), e.UserId, e.EventAt, ct));
        statusAfterInbound.AddOrUpdate(e, await inbound);
    }

    /// <summary>Staff wrote to the citizen in the platform's own inbox (an echo we did not send): a person owns the
    /// conversation. With a staff desk registered the desk takes it (the bot stays silent until the thread closes);
    /// without one the bot pauses for Inbox:HumanTakeoverPause. Returns the note for the inbox row.</summary>
    public async Task<string> StaffRepliedElsewhereAsync(InboxEvent e, string text, CancellationToken ct)
    {
        var list = takeovers.ToList();
        if (list.Count == 0)
        {
            await conversations.PauseAsync(e.ConversationKey, e.Platform, e.UserId, clock.GetUtcNow() + inbox.Value.HumanTakeoverPause, ct);
            return "staff replied: bot paused";
        }
        var channel = FindChannel(new PlatformId(e.Platform), e.AccountId);
        foreach (var takeover in list)
            await takeover.TakeOverAsync(new StaffTakeover(e.Platform, e.ConversationKey, e.UserId, e.AccountId, channel?.WardId, text, e.EventAt), ct);
        return "staff replied: a person owns the conversation";
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
