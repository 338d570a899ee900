using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Desk;

/// <summary>"Gặp cán bộ" (issue 14): the hand-off dialog, the bot's silence while staff own a conversation, the ward inbox.</summary>
internal static class DeskExtensions
{
    public static WebApplicationBuilder AddDesk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DeskThreads>();
        services.AddSingleton<DeskOwner>();
        services.AddSingleton<IClaimReadAhead, DeskReadAhead>();
        services.AddSingleton<ReplyWindow>();
        services.AddSingleton<DeskWorkflow>();
        services.AddSingleton<DeskNames>();
        services.AddSingleton<DeskViews>();
        services.AddSingleton<FaqDrafts>();
        services.AddSingleton<DeskInsight>();
        services.AddSingleton<IPersonalDataEraser, DeskEraser>();
        services.AddSingleton<Channels.IStaffTakeover, EchoTakeover>();
        services.AddSingleton<IHumanOwner>(sp => sp.GetRequiredService<DeskOwner>());
        services.AddSingleton<Channels.Outbound.IPersonOwnership>(sp => sp.GetRequiredService<DeskOwner>());
        services.AddSingleton<IDialog, HandoffDialog>();
        services.AddSingleton<ITopicTrigger, HandoffTrigger>();
        return builder;
    }
}
