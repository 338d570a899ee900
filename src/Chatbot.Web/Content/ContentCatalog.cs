namespace Chatbot.Web.Content;

/// <summary>A loader for one part of dialogs/ (knowledge, quizzes, units, menus), registered with AddContentPart.</summary>
public interface IContentPart
{
    Type PartType { get; }

    /// <summary>Reads and validates the part's files; returns null only when errors were recorded.</summary>
    object? Load(ContentReader reader);
}

public abstract class ContentPart<T> : IContentPart where T : class
{
    public Type PartType => typeof(T);
    object? IContentPart.Load(ContentReader reader) => Load(reader);
    public abstract T? Load(ContentReader reader);
}

/// <summary>All content, loaded once at start-up; immutable afterwards.</summary>
public sealed class ContentCatalog
{
    readonly Dictionary<Type, object> parts;

    ContentCatalog(Dictionary<Type, object> parts) => this.parts = parts;

    public T Get<T>() where T : class => (T)parts[typeof(T)];

    /// <summary>Loads every part; throws <see cref="ContentException"/> listing all problems if any.</summary>
    public static ContentCatalog Load(string root, IEnumerable<IContentPart> loaders)
    {
        var reader = new ContentReader(root);
        var parts = new Dictionary<Type, object>();
        foreach (var loader in loaders)
        {
            var part = loader.Load(reader);
            if (part is null) continue;
            parts[loader.PartType] = part;
            reader.Add(loader.PartType, part);
        }
        if (reader.Errors.Count > 0) throw new ContentException(reader.Errors);
        return new ContentCatalog(parts);
    }
}
