using Chatbot.Web.Content;
using Chatbot.Web.Conversations.Browse;
using Chatbot.Web.Conversations.Dialogs;

namespace Chatbot.Web.Knowledge;

internal static class KnowledgeExtensions
{
    public static WebApplicationBuilder AddKnowledge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddContentPart<KnowledgeContentLoader, KnowledgeBase>();
        services.AddContentPart<KnowledgeTextsLoader, KnowledgeTexts>();
        services.AddSingleton<KnowledgeSearch>();
        services.AddSingleton<UnansweredQuestions>();
        services.AddSingleton<DifferenceView>();
        services.AddSingleton<IDialog, BrowseDialog>();
        services.AddSingleton<IDialog, AskDialog>();
        services.AddSingleton<ITopicTrigger, DifferenceTrigger>();
        services.AddSingleton<IQuestionAnswerer, KnowledgeAnswerer>();
        services.AddSingleton<IFallbackAnswerer, UnsureAnswerer>();
        return builder;
    }
}
