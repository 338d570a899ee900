using System.Text.Json;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Channels.Zalo;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Messenger webhook bodies → inbox events, one per messaging item (platforms.md §2.2–2.3). Dedupe keys: message mid,
/// postback mid, referral sender + timestamp + ref. Delivery/read receipts and reactions are acknowledged, not stored.
/// </summary>
internal static class FacebookEvents
{
    public const string Platform = "facebook";
    public const string GetStarted = "GET_STARTED";

    static string F(JsonElement e, params string[] path) => ZaloEvents.Field(e, path);

    public static IReadOnlyList<NewInboxEvent> Parse(JsonElement root, DateTimeOffset now)
    {
        var events = new List<NewInboxEvent>();
        if (F(root, "object") != "page" || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            return events;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("messaging", out var items)
                || items.ValueKind != JsonValueKind.Array) continue;
            foreach (var m in items.EnumerateArray())
                if (ParseOne(m, now) is { } e) events.Add(e);
        }
        return events;
    }

    static NewInboxEvent? ParseOne(JsonElement m, DateTimeOffset now)
    {
        var sender = F(m, "sender", "id");
        var recipient = F(m, "recipient", "id");
        var timestamp = F(m, "timestamp");
        var at = long.TryParse(timestamp, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
        var payload = m.GetRawText();
        NewInboxEvent Event(string page, string user, string kind, string key) => new(Platform, page, user, kind, key, payload, at);

        NewInboxEvent? e;
        if (m.TryGetProperty("message", out var message))
        {
            var mid = F(message, "mid");
            e = message.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True
                ? Event(sender, recipient, "echo", $"facebook:echo:{mid}")
                : Event(recipient, sender, "message", $"facebook:mid:{mid}");
            if (mid.Length == 0) return null;
        }
        else if (m.TryGetProperty("postback", out var postback))
        {
            var mid = F(postback, "mid");
            e = Event(recipient, sender, "postback",
                mid.Length > 0 ? $"facebook:postback:{mid}" : $"facebook:postback:{sender}:{timestamp}:{F(postback, "payload")}");
        }
        else if (m.TryGetProperty("referral", out var referral))
            e = Event(recipient, sender, "referral", $"facebook:referral:{sender}:{timestamp}:{F(referral, "ref")}");
        else
            return null;
        return e.AccountId.Length > 0 && e.UserId.Length > 0 ? e : null;
    }
}
