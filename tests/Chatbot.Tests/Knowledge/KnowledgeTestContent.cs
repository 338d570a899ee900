using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

/// <summary>The shipped dialogs/ (copied beside the test binary), loaded once for the pure search tests.</summary>
public static class KnowledgeTestContent
{
    public static string Dialogs => Path.Combine(AppContext.BaseDirectory, "dialogs");

    static readonly Lazy<KnowledgeSearch> search = new(() =>
        new KnowledgeSearch(ContentCatalog.Load(Dialogs, [new KnowledgeContentLoader()]).Get<KnowledgeBase>()));

    public static KnowledgeSearch Search => search.Value;
}
