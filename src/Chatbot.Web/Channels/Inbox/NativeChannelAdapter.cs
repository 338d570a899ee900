using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>
/// Runs a turn for a native channel (any registered platform) through the same <see cref="IBot"/> as /api/messages and collects
/// the replies instead of sending them: they go out after the turn succeeded, so a failed turn that is retried never
/// leaves half an answer behind. No OnTurnError here: the worker retries, then parks and apologises.
/// </summary>
internal sealed class NativeChannelAdapter(IServiceProvider services) : BotAdapter
{
    const string RepliesKey = "Chatbot.NativeReplies";

    public async Task<IReadOnlyList<Activity>> RunAsync(Activity activity, CancellationToken ct)
    {
        var replies = new List<Activity>();
        using var scope = services.CreateScope();
        var bot = scope.ServiceProvider.GetRequiredService<IBot>();
        using var turn = new TurnContext(this, activity);
        turn.TurnState.Add(RepliesKey, replies);
        await RunPipelineAsync(turn, bot.OnTurnAsync, ct);
        return replies;
    }

    public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities,
        CancellationToken cancellationToken)
    {
        var replies = turnContext.TurnState.Get<List<Activity>>(RepliesKey);
        replies.AddRange(activities.Where(a => a.Type == ActivityTypes.Message));
        return Task.FromResult(activities.Select(_ => new ResourceResponse(Guid.NewGuid().ToString("N"))).ToArray());
    }

    public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity,
        CancellationToken cancellationToken) => throw new NotSupportedException("A sent platform message cannot be edited.");

    public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference,
        CancellationToken cancellationToken) => throw new NotSupportedException("A sent platform message cannot be deleted.");
}

/// <summary>Handles one stored event of a platform: maps it to activities, runs the bot, sends the replies.</summary>
internal interface IChannelEventHandler
{
    PlatformId Platform { get; }

    /// <summary>Returns a note for the inbox row ("paused", "own echo"...), or null. Throws when handling failed.</summary>
    Task<string?> HandleAsync(InboxEvent e, CancellationToken ct);

    /// <summary>The event was parked: tell the citizen something went wrong (best effort).</summary>
    Task ApologizeAsync(InboxEvent e, CancellationToken ct);
}
