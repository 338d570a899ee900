using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Chatbot.Web.Content;

/// <summary>Base of every file model: remembers the line it started on, so validation errors can point there.</summary>
public abstract class YamlModel
{
    [YamlIgnore] public int Line { get; set; }
}

/// <summary>Wraps the object deserializer to stamp <see cref="YamlModel.Line"/> on each mapping it builds.</summary>
internal sealed class LineStampingDeserializer(INodeDeserializer inner) : INodeDeserializer
{
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value, ObjectDeserializer rootDeserializer)
    {
        var line = reader.Current is MappingStart m ? (int)m.Start.Line : 0;
        if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer)) return false;
        if (value is YamlModel model) model.Line = line;
        return true;
    }
}
