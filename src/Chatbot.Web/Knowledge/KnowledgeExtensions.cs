using Chatbot.Web.Content;
using Chatbot.Web.Storage;

namespace Chatbot.Web.Knowledge;

internal static class KnowledgeExtensions
{
    /// <summary>The knowledge base, its search index and the unanswered-question queue. The dialogs that answer from it
    /// live with the other dialogs (Conversations/Browse, AddBrowse()), so Knowledge depends on no feature that uses it.</summary>
    public static WebApplicationBuilder AddKnowledge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddContentPart<KnowledgeContentLoader, KnowledgeBase>();
        services.AddContentPart<KnowledgeTextsLoader, KnowledgeTexts>();
        services.AddContentPart<QuestionLanguageLoader, QuestionLanguage>();
        services.AddSingleton<StaffExamples>();
        services.AddSingleton<FaqStore>();
        services.AddSingleton<FaqEditor>();
        services.AddSingleton<KnowledgeIndex>();
        services.AddSingleton<UnansweredQuestions>();
        services.AddSingleton<IPersonalDataEraser>(sp => sp.GetRequiredService<UnansweredQuestions>());
        return builder;
    }
}
