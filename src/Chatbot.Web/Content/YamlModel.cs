using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Chatbot.Web.Content;

/// <summary>A file model that remembers the line it started on, so validation errors can point there.</summary>
public interface ILined
{
    int Line { get; set; }
}

/// <summary>Base of every file model with fixed keys (unknown keys are errors).</summary>
public abstract class YamlModel : ILined
{
    [YamlIgnore] public int Line { get; set; }
}

/// <summary>A mapping whose keys a later part interprets (a channel's platform-specific keys in units/wards.yaml).</summary>
public class YamlMap : Dictionary<string, string>, ILined
{
    public int Line { get; set; }
}

/// <summary>Wraps a deserializer (<typeparamref name="TInner"/>: the object one, the dictionary one) to stamp
/// <see cref="ILined.Line"/> on each mapping it builds. Generic because YamlDotNet keys its components by type.</summary>
internal sealed class LineStampingDeserializer<TInner>(INodeDeserializer inner) : INodeDeserializer where TInner : INodeDeserializer
{
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value, ObjectDeserializer rootDeserializer)
    {
        var line = reader.Current is MappingStart m ? (int)m.Start.Line : 0;
        if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer)) return false;
        if (value is ILined model) model.Line = line;
        return true;
    }
}
