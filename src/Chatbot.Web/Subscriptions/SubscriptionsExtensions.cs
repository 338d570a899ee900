using Chatbot.Web.Channels;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Subscriptions;

internal static class SubscriptionsExtensions
{
    /// <summary>Subscriptions to a ward's news: the store (touched whenever a citizen writes), the chat dialog and trigger.</summary>
    public static WebApplicationBuilder AddSubscriptions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<IPersonalDataEraser>(sp => sp.GetRequiredService<SubscriptionStore>());
        services.AddSingleton<ICitizenWrote>(sp => sp.GetRequiredService<SubscriptionStore>());
        services.AddSingleton<IDialog, SubscribeDialog>();
        services.AddSingleton<ITopicTrigger, UnsubscribeTrigger>();
        return builder;
    }
}
