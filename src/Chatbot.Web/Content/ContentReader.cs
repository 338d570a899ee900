using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.NodeDeserializers;

namespace Chatbot.Web.Content;

/// <summary>
/// What a content part uses to read its files under dialogs/ and to report problems. Unknown keys are errors
/// (a typo must not silently drop a field), and every error names the file and line.
/// </summary>
public sealed class ContentReader(string root)
{
    readonly List<ContentError> errors = [];
    readonly Dictionary<Type, object> loaded = [];

    static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithNodeDeserializer(inner => new LineStampingDeserializer<ObjectNodeDeserializer>(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
        .WithNodeDeserializer(inner => new LineStampingDeserializer<DictionaryNodeDeserializer>(inner), s => s.InsteadOf<DictionaryNodeDeserializer>())
        .Build();

    public string Root { get; } = root;
    public IReadOnlyList<ContentError> Errors => errors;

    public void Error(string file, int line, string message) => errors.Add(new(file, line, message));

    /// <summary>Paths of the YAML files in a folder of dialogs/, relative to dialogs/ (e.g. "quizzes/cds-17.yaml").</summary>
    public IReadOnlyList<string> Files(string folder)
    {
        var dir = Path.Combine(Root, folder);
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateFiles(dir, "*.*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .ToList();
    }

    /// <summary>Reads one file into its model; on a syntax error or unknown key records it and returns null.</summary>
    public T? Read<T>(string relativePath) where T : class
    {
        var path = Path.Combine(Root, relativePath);
        if (!File.Exists(path))
        {
            Error(relativePath, 0, "tệp không tồn tại (file is missing)");
            return null;
        }
        return Parse<T>(relativePath, File.ReadAllText(path));
    }

    /// <summary>The lines of a text file under dialogs/ (NFC), or null (recorded) when it is missing.</summary>
    public IReadOnlyList<string>? ReadLines(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        if (File.Exists(path)) return File.ReadAllLines(path).Select(l => l.Normalize(System.Text.NormalizationForm.FormC)).ToList();
        Error(relativePath, 0, "tệp không tồn tại (file is missing)");
        return null;
    }

    /// <summary>Reads YAML text that is not (yet) a file under dialogs/ — an upload to import — with the same strict rules;
    /// errors are recorded under <paramref name="name"/>.</summary>
    public T? Parse<T>(string name, string text) where T : class
    {
        try
        {
            var model = Yaml.Deserialize<T?>(text.Normalize(System.Text.NormalizationForm.FormC));
            if (model is null) Error(name, 1, "tệp rỗng (file is empty)");
            return model;
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is YamlException ie ? ie : e;
            Error(name, (int)inner.Start.Line, Describe(inner));
            return null;
        }
    }

    static string Describe(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        // YamlDotNet prefixes messages with the position, which we already report.
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && paren > 0) message = message[(paren + 3)..];
        return message.Contains("not found on type", StringComparison.Ordinal)
            ? $"khoá không hợp lệ (unknown key): {message}"
            : message;
    }

    internal void Add(Type type, object part) => loaded[type] = part;

    /// <summary>A part loaded earlier (parts load in registration order), for cross-references such as quiz → difference.</summary>
    public T? Get<T>() where T : class => loaded.TryGetValue(typeof(T), out var p) ? (T)p : null;
}
