using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Conversations;

public sealed class BotTurnOptions
{
    public const string Section = "Bot";

    /// <summary>How long the replies of one turn may take to reach a Bot Framework connector (the SDK's own client waits
    /// 100 s, and a connector that never answers held the request that long twice: reply, then apology).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The apology after a failed turn gets less: it is a courtesy, not worth holding the request for.</summary>
    public TimeSpan ApologyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs of one turn when another instance saved the conversation meanwhile (ETag conflict).</summary>
    public int ConflictAttempts { get; init; } = 10;
}

/// <summary>
/// How a turn on /api/messages (and the site's web chat) runs, around the bot:
/// <list type="bullet">
/// <item>Turns of one conversation run one at a time in this process (a double tap, a slow connector): the second waits
/// for the first instead of racing it to the conversation state.</item>
/// <item>Replies are held until the turn's state is saved. When another instance saved the conversation meanwhile (ETag
/// conflict), the turn runs again on the fresh state and only that run's replies go out.</item>
/// <item>A turn that failed after producing its replies still sends them (the citizen got an answer, no apology); one
/// that produced none is left to the adapter's apology. Nothing here deletes state.</item>
/// <item>Replies to a connector are bounded by <see cref="BotTurnOptions.SendTimeout"/>; replies that did not arrive mark
/// the conversation, so the next message re-shows the open dialog's prompt (a quiz question not seen is asked again).</item>
/// </list>
/// </summary>
internal sealed class ConversationTurns(ConversationState conversationState, UserState userState, IOptions<BotTurnOptions> options,
    ILogger<ConversationTurns> logger) : Microsoft.Bot.Builder.IMiddleware
{
    readonly KeyedGate gates = new();
    readonly IStatePropertyAccessor<DialogState> dialogState = conversationState.CreateProperty<DialogState>(DialogState.PropertyName);

    public async Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken ct)
    {
        using var _ = await gates.EnterAsync($"{turn.Activity.ChannelId}\n{turn.Activity.Conversation?.Id}", ct);
        var held = new List<Activity>();
        var releasing = false;
        turn.OnSendActivities(async (_, activities, send) =>
        {
            if (releasing) return await send();
            held.AddRange(activities);
            return activities.Select(_ => new ResourceResponse(Guid.NewGuid().ToString("N"))).ToArray();
        });

        try
        {
            await RunAsync(turn, next, held, ct);
        }
        catch (Exception e) when (held.Any(a => a.Type == ActivityTypes.Message) && e is not OperationCanceledException)
        {
            // The citizen has a real answer; an apology on top would only confuse. The state of this turn is not saved.
            logger.LogError(e, "Turn failed after replying in conversation {ConversationId}; replies sent, no apology",
                turn.Activity.Conversation?.Id);
        }
        finally
        {
            releasing = true; // from here on sends go straight out, the adapter's apology after a failure included
        }
        if (held.Count > 0) await ReleaseAsync(turn, held, ct);
    }

    async Task RunAsync(ITurnContext turn, NextDelegate next, List<Activity> held, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await next(ct);
                return;
            }
            catch (EtagConflictException) when (attempt >= options.Value.ConflictAttempts)
            {
                held.Clear(); // these replies belong to a state that was never saved: apologise instead
                throw;
            }
            catch (EtagConflictException e)
            {
                logger.LogInformation("Conversation {ConversationId} was saved elsewhere meanwhile ({Key}); running the turn again",
                    turn.Activity.Conversation?.Id, e.Message);
                held.Clear();
                await conversationState.LoadAsync(turn, true, ct);
                await userState.LoadAsync(turn, true, ct);
            }
        }
    }

    async Task ReleaseAsync(ITurnContext turn, List<Activity> held, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(options.Value.SendTimeout);
        try
        {
            await turn.SendActivitiesAsync(held.ToArray(), bound.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Lost or unknown (a timeout may still arrive): the next message shows the open dialog's prompt again rather
            // than taking it as the answer to a question the citizen never saw. No apology: it would go the same way.
            logger.LogWarning(e, "Replies to conversation {ConversationId} not delivered within {Timeout}", turn.Activity.Conversation?.Id,
                options.Value.SendTimeout);
            await MarkRepliesLostAsync(turn);
        }
    }

    async Task MarkRepliesLostAsync(ITurnContext turn)
    {
        try
        {
            var state = await dialogState.GetAsync(turn, () => new DialogState(), CancellationToken.None);
            state.RepliesLost = true;
            await conversationState.SaveChangesAsync(turn, false, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not mark lost replies in conversation {ConversationId}", turn.Activity.Conversation?.Id);
        }
    }
}

/// <summary>One async lock per key, kept only while someone holds or waits for it.</summary>
internal sealed class KeyedGate
{
    sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    readonly Dictionary<string, Gate> gates = new();

    public async Task<IDisposable> EnterAsync(string key, CancellationToken ct)
    {
        Gate gate;
        lock (gates)
        {
            if (!gates.TryGetValue(key, out gate!)) gates[key] = gate = new Gate();
            gate.Users++;
        }
        try
        {
            await gate.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Leave(key, gate, release: false);
            throw;
        }
        return new Held(() => Leave(key, gate, release: true));
    }

    void Leave(string key, Gate gate, bool release)
    {
        if (release) gate.Semaphore.Release();
        lock (gates)
        {
            if (--gate.Users == 0) gates.Remove(key);
        }
    }

    sealed class Held(Action leave) : IDisposable
    {
        int left;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0) leave();
        }
    }
}
