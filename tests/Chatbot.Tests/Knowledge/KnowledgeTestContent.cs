using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

/// <summary>The shipped dialogs/ (copied beside the test binary), loaded once for the pure search tests.</summary>
public static class KnowledgeTestContent
{
    public static string Dialogs => Path.Combine(AppContext.BaseDirectory, "dialogs");

    static readonly Lazy<ContentCatalog> catalog = new(() =>
        ContentCatalog.Load(Dialogs, [new KnowledgeContentLoader(), new QuestionLanguageLoader()]));

    static readonly Lazy<KnowledgeSearch> search = new(() => With([]));

    public static KnowledgeBase Knowledge => catalog.Value.Get<KnowledgeBase>();
    public static QuestionLanguage Language => catalog.Value.Get<QuestionLanguage>();
    public static KnowledgeSearch Search => search.Value;

    /// <summary>An index with staff example questions added, as <see cref="KnowledgeIndex"/> builds it from the database.</summary>
    public static KnowledgeSearch With(IEnumerable<ExampleQuestion> staff) => new(Knowledge, Language, staff);
}
