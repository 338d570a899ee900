using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Web.Channels.Inbox;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>Zalo OA webhook bodies (one event each, platforms.md §1.3) → inbox events; kinds the bot ignores are not stored.</summary>
internal static class ZaloEvents
{
    public const string Platform = "zalo";

    public static string Field(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e)) return "";
        }
        // Ids are 18-19 digit numbers, sometimes sent as strings, sometimes not: keep them as text either way.
        return e.ValueKind switch
        {
            JsonValueKind.String => e.GetString() ?? "",
            JsonValueKind.Number => e.GetRawText(),
            _ => "",
        };
    }

    public static NewInboxEvent? Parse(JsonElement root, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var name = Field(root, "event_name");
        var timestamp = Field(root, "timestamp");
        var at = long.TryParse(timestamp, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        var msgId = Field(root, "message", "msg_id");
        var fallbackId = msgId.Length > 0 ? msgId : Convert.ToHexStringLower(SHA256.HashData(body));
        var json = Encoding.UTF8.GetString(body);
        NewInboxEvent Event(string oa, string user, string kind, string key) =>
            new(Platform, oa, user, kind, $"zalo:{name}:{key}", json, at);

        return name switch
        {
            "follow" or "unfollow" => Event(Field(root, "oa_id"), Field(root, "follower", "id"), name,
                $"{Field(root, "follower", "id")}:{timestamp}"),
            "user_send_text" => Event(Field(root, "recipient", "id"), Field(root, "sender", "id"), "text", fallbackId),
            _ when name.StartsWith("user_send_", StringComparison.Ordinal) =>
                Event(Field(root, "recipient", "id"), Field(root, "sender", "id"), "attachment", fallbackId),
            // Echoes of what the OA sent, by us or by staff in the OA chat (human takeover, §1.3).
            _ when name.StartsWith("oa_send_", StringComparison.Ordinal) =>
                Event(Field(root, "sender", "id"), Field(root, "recipient", "id"), "echo", fallbackId),
            _ => null, // seen/received receipts, consent, tags...: acknowledged, nothing to do
        } is { AccountId.Length: > 0, UserId.Length: > 0 } e ? e : null;
    }
}
