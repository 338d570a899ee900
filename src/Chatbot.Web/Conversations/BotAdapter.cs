using Chatbot.Web.Content;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace Chatbot.Web.Conversations;

/// <summary>
/// CloudAdapter with the turn-error policy: the citizen gets a short Vietnamese apology, the error is logged with the
/// conversation id, and the conversation state is dropped so a bad state cannot make every next message fail too.
/// </summary>
public sealed class BotAdapter : CloudAdapter
{
    public BotAdapter(BotFrameworkAuthentication auth, ILogger<BotAdapter> logger, MenuContent content, ConversationState conversationState)
        : base(auth, logger)
    {
        OnTurnError = async (turn, exception) =>
        {
            logger.LogError(exception, "Turn failed in conversation {ConversationId} on {Channel}",
                turn.Activity.Conversation?.Id, turn.Activity.ChannelId);
            try
            {
                await turn.SendActivityAsync(content.Text("apology"));
                await conversationState.DeleteAsync(turn);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not apologise in conversation {ConversationId}", turn.Activity.Conversation?.Id);
            }
        };
    }
}
