using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Web.Channels.Inbox;

namespace Chatbot.Web.Channels.Zalo;

/// <summary>Zalo OA webhook bodies (one event each, platforms.md §1.3) → inbox events; kinds the bot ignores are not stored.</summary>
internal static class ZaloEvents
{
    static readonly string Platform = ZaloProfile.Id.Value;

    static string Field(JsonElement e, params string[] path) => JsonFields.Text(e, path);

    /// <summary>The event, or null for kinds the bot ignores; an event that cannot be read comes back parked with its
    /// reason (<see cref="EventProblem"/>), so Zalo is answered 200 and does not send it again and again.</summary>
    public static NewInboxEvent? Parse(JsonElement root, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        try
        {
            return ParseReadable(root, body, now);
        }
        catch (Exception x) when (x is EventProblem or InvalidOperationException or FormatException)
        {
            return new NewInboxEvent(Platform, "", "", "invalid", EventProblem.Key(Platform, body), Encoding.UTF8.GetString(body), now,
                EventProblem.Describe(x));
        }
    }

    static NewInboxEvent? ParseReadable(JsonElement root, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var name = Field(root, "event_name");
        var timestamp = Field(root, "timestamp");
        var at = EventProblem.Timestamp(timestamp, now);
        var msgId = Field(root, "message", "msg_id");
        _ = Field(root, "message", "text"); // read now: text that is not UTF-8 is found before the event is stored
        var fallbackId = msgId.Length > 0 ? msgId : Convert.ToHexStringLower(SHA256.HashData(body));
        var json = Encoding.UTF8.GetString(body);
        NewInboxEvent Event(string oa, string user, string kind, string key) =>
            new(Platform, oa, user, kind, $"zalo:{name}:{key}", json, at);

        var e = name switch
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
        };
        if (e is null) return null;
        return e is { AccountId.Length: > 0, UserId.Length: > 0 } ? e : throw new EventProblem($"sự kiện «{name}» thiếu mã OA hoặc mã người dùng");
    }
}
