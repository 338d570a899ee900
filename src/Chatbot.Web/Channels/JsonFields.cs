using System.Text.Json;

namespace Chatbot.Web.Channels;

/// <summary>Reading platform JSON (webhook events, API answers) the same way on every platform.</summary>
public static class JsonFields
{
    /// <summary>The text at <paramref name="path"/>, or "" when absent. Ids are long numbers that platforms send sometimes
    /// as strings, sometimes not (platforms.md §1.1): both come back as text.</summary>
    public static string Text(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return "";
        }
        return e.ValueKind switch
        {
            JsonValueKind.String => e.GetString() ?? "",
            JsonValueKind.Number => e.GetRawText(),
            _ => "",
        };
    }

    /// <summary>The text at <paramref name="path"/> of a JSON document, or "" when absent or not JSON at all.</summary>
    public static string Text(string json, params string[] path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Text(doc.RootElement, path);
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>What a value is, in words for a parked event's reason.</summary>
    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => "một chuỗi",
        JsonValueKind.Array => "một mảng",
        JsonValueKind.Number => "một số",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => e.ValueKind.ToString(),
    };

    public static bool IsObject(JsonElement e, string name, out JsonElement value) =>
        e.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;
}
