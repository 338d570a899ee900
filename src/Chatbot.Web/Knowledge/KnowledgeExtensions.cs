using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Browse;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Knowledge;

internal static class KnowledgeExtensions
{
    public static WebApplicationBuilder AddKnowledge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddContentPart<KnowledgeContentLoader, KnowledgeBase>();
        services.AddContentPart<KnowledgeTextsLoader, KnowledgeTexts>();
        services.AddContentPart<QuestionLanguageLoader, QuestionLanguage>();
        services.AddSingleton<StaffExamples>();
        services.AddSingleton<KnowledgeIndex>();
        services.AddSingleton<UnansweredQuestions>();
        services.AddSingleton<IPersonalDataEraser>(sp => sp.GetRequiredService<UnansweredQuestions>());
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
