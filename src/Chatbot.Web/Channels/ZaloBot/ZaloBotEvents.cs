using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatbot.Web.Channels.Inbox;

namespace Chatbot.Web.Channels.ZaloBot;

/// <summary>
/// A Bot Platform update (one per webhook call) → an inbox event: <c>{"ok":true,"result":{"event_name":…,"message":{…}}}</c>,
/// or the bare result, which some integrations show [S]. The message's chat id is whom replies go to (private chats only);
/// its message_id names it, so a resent update is stored once. Text messages are "text"; images, stickers and the rest
/// "attachment" (the bot answers "text only for now"); other updates are acknowledged and not stored.
/// </summary>
internal static class ZaloBotEvents
{
    static readonly string Platform = ZaloBotProfile.Id.Value;

    public static NewInboxEvent? Parse(string channelId, JsonElement root, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        try
        {
            return ParseReadable(channelId, JsonFields.IsObject(root, "result", out var result) ? result : root, body, now);
        }
        catch (Exception x) when (x is EventProblem or InvalidOperationException or FormatException)
        {
            return new NewInboxEvent(Platform, channelId, "", "invalid", EventProblem.Key(Platform, body), Encoding.UTF8.GetString(body), now,
                EventProblem.Describe(x));
        }
    }

    static NewInboxEvent? ParseReadable(string channelId, JsonElement update, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var name = JsonFields.Text(update, "event_name");
        if (!name.StartsWith("message.", StringComparison.Ordinal)) return null; // nothing else is a citizen writing
        if (!JsonFields.IsObject(update, "message", out var message)) throw new EventProblem("sự kiện thiếu «message»");
        var chat = JsonFields.Text(message, "chat", "id");
        if (chat.Length == 0) throw new EventProblem("tin nhắn thiếu «chat.id»");
        _ = JsonFields.Text(message, "text"); // read now: text that is not UTF-8 is found before the event is stored
        var id = JsonFields.Text(message, "message_id") is { Length: > 0 } m ? m : Convert.ToHexStringLower(SHA256.HashData(body));
        var kind = name == "message.text.received" ? "text" : "attachment";
        return new NewInboxEvent(Platform, channelId, chat, kind, $"{Platform}:{channelId}:{id}", update.GetRawText(),
            EventProblem.Timestamp(JsonFields.Text(message, "date"), now));
    }
}
