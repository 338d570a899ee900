using System.Text.Json;
using Chatbot.Web.Channels.Inbox;

namespace Chatbot.Web.Channels.Facebook;

/// <summary>
/// Messenger webhook bodies → inbox events, one per messaging item (platforms.md §2.2–2.3). Dedupe keys: message mid,
/// postback mid, referral sender + timestamp + ref. Delivery/read receipts and reactions are acknowledged, not stored.
/// Page comments (the <c>feed</c> field's <c>changes</c>) are read by <see cref="FacebookComments"/>.
/// An item that cannot be read is returned parked with its reason (<see cref="EventProblem"/>); the others still count.
/// </summary>
internal static class FacebookEvents
{
    static readonly string Platform = FacebookProfile.Id.Value;
    public const string GetStarted = "GET_STARTED";

    static string F(JsonElement e, params string[] path) => JsonFields.Text(e, path);

    public static IReadOnlyList<NewInboxEvent> Parse(JsonElement root, DateTimeOffset now)
    {
        var events = new List<NewInboxEvent>();
        if (root.ValueKind != JsonValueKind.Object || F(root, "object") != "page"
            || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            return events;
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array)
                events.AddRange(FacebookComments.Parse(Safe(() => F(entry, "id")), changes, now));
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("messaging", out var items)
                || items.ValueKind != JsonValueKind.Array) continue;
            foreach (var m in items.EnumerateArray())
            {
                try
                {
                    if (ParseOne(m, now) is { } e) events.Add(e);
                }
                catch (Exception x) when (x is EventProblem or InvalidOperationException or FormatException)
                {
                    events.Add(EventProblem.Parked(Platform, Safe(() => F(entry, "id")), Safe(() => F(m, "sender", "id")), m, now,
                        EventProblem.Describe(x)));
                }
            }
        }
        return events;
    }

    static NewInboxEvent? ParseOne(JsonElement m, DateTimeOffset now)
    {
        if (m.ValueKind != JsonValueKind.Object) throw new EventProblem($"mục «messaging» là {JsonFields.Kind(m)}, không phải đối tượng JSON");
        var sender = F(m, "sender", "id");
        var recipient = F(m, "recipient", "id");
        var timestamp = F(m, "timestamp");
        var at = EventProblem.Timestamp(timestamp, now);
        var payload = m.GetRawText();
        NewInboxEvent Event(string page, string user, string kind, string key) => new(Platform, page, user, kind, key, payload, at);

        NewInboxEvent? e;
        if (m.TryGetProperty("message", out var message))
        {
            RequireObject(message, "message");
            var mid = F(message, "mid");
            if (mid.Length == 0) throw new EventProblem("tin nhắn thiếu «message.mid»");
            e = message.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True
                ? Event(sender, recipient, "echo", $"facebook:echo:{mid}")
                : Event(recipient, sender, "message", $"facebook:mid:{mid}");
            _ = F(message, "text"); // read now: a text that is not UTF-8 is this item's problem, found before it is stored
        }
        else if (m.TryGetProperty("postback", out var postback))
        {
            RequireObject(postback, "postback");
            if (postback.TryGetProperty("referral", out var inner)) RequireObject(inner, "postback.referral");
            var mid = F(postback, "mid");
            e = Event(recipient, sender, "postback",
                mid.Length > 0 ? $"facebook:postback:{mid}" : $"facebook:postback:{sender}:{timestamp}:{F(postback, "payload")}");
        }
        else if (m.TryGetProperty("referral", out var referral))
        {
            RequireObject(referral, "referral");
            e = Event(recipient, sender, "referral", $"facebook:referral:{sender}:{timestamp}:{F(referral, "ref")}");
        }
        else
            return null;
        return e.AccountId.Length > 0 && e.UserId.Length > 0 ? e : throw new EventProblem("thiếu «sender.id» hoặc «recipient.id»");
    }

    static void RequireObject(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new EventProblem($"«{name}» là {JsonFields.Kind(e)}, không phải đối tượng JSON");
    }

    internal static string Safe(Func<string> read)
    {
        try { return read(); }
        catch (InvalidOperationException) { return ""; }
    }
}
