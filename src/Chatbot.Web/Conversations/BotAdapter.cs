using Chatbot.Web.Content;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using System.Security.Claims;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace Chatbot.Web.Conversations;

/// <summary>
/// CloudAdapter with <see cref="ConversationTurns"/> around every turn and the turn-error policy: a turn that failed
/// without replying gets a short Vietnamese apology (bounded by <see cref="BotTurnOptions.ApologyTimeout"/>) and the
/// error is logged with the conversation id. The conversation state is kept: a quiz in progress survives a failed turn.
/// </summary>
public sealed class BotAdapter : CloudAdapter
{
    readonly BotFrameworkAuthentication auth;

    internal BotAdapter(BotFrameworkAuthentication auth, ILogger<BotAdapter> logger, MenuContent content, ConversationTurns turns,
        Microsoft.Extensions.Options.IOptions<BotTurnOptions> options)
        : base(auth, logger)
    {
        this.auth = auth;
        Use(turns);
        Use(new MarkdownLineBreaks());
        OnTurnError = async (turn, exception) =>
        {
            logger.LogError(exception, "Turn failed in conversation {ConversationId} on {Channel}",
                turn.Activity.Conversation?.Id, turn.Activity.ChannelId);
            try
            {
                using var bound = new CancellationTokenSource(options.Value.ApologyTimeout);
                await turn.SendActivityAsync(content.Text("apology"), cancellationToken: bound.Token);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not apologise in conversation {ConversationId}", turn.Activity.Conversation?.Id);
            }
        };
    }

    /// <summary>
    /// Runs an activity this server built itself from a request it already trusts (the web chat, a verified platform
    /// webhook) through the bot; with deliveryMode expectReplies the replies come back in the result instead of being
    /// posted to a connector.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> ProcessTrustedActivityAsync(Activity activity, BotCallbackHandler logic, CancellationToken ct)
    {
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        var identity = new ClaimsIdentity();
        var request = new AuthenticateRequestResult
        {
            ClaimsIdentity = identity,
            ConnectorFactory = auth.CreateConnectorFactory(identity),
        };
        var response = await ProcessActivityAsync(request, activity, logic, ct);
        return (response?.Body as ExpectedReplies)?.Activities?.ToList() ?? [];
    }
}
