using Chatbot.Web.Content;

namespace Chatbot.Web.Knowledge;

internal static class KnowledgeExtensions
{
    public static WebApplicationBuilder AddKnowledge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddContentPart<KnowledgeContentLoader, KnowledgeBase>();
        services.AddContentPart<KnowledgeTextsLoader, KnowledgeTexts>();
        services.AddSingleton<KnowledgeSearch>();
        return builder;
    }
}
