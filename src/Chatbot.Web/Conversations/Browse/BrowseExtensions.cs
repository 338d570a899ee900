using Chatbot.Web.Conversations.Dialogs;

namespace Chatbot.Web.Conversations.Browse;

internal static class BrowseExtensions
{
    /// <summary>Browsing the 17 differences and answering questions from the knowledge base (AddKnowledge()): the dialogs,
    /// the answerer, small talk and the no-answer replies.</summary>
    public static WebApplicationBuilder AddBrowse(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DifferenceView>();
        services.AddSingleton<ConversationWards>();
        services.AddSingleton<SmallTalkReplies>();
        services.AddSingleton<NoAnswerReplies>();
        services.AddSingleton<IFallbackAnswerer>(sp => sp.GetRequiredService<NoAnswerReplies>());
        services.AddSingleton<IDialog, BrowseDialog>();
        services.AddSingleton<IDialog, AskDialog>();
        services.AddSingleton<IDialog, ClarifyDialog>();
        services.AddSingleton<ITopicTrigger, DifferenceTrigger>();
        services.AddSingleton<IQuestionAnswerer, KnowledgeAnswerer>();
        return builder;
    }
}
