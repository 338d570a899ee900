using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Chatbot.Web.Channels.Inbox;

/// <summary>
/// A verified webhook item the bot cannot read (a null or non-object message, a timestamp no clock can hold, text that
/// is not UTF-8...). It is stored parked with its reason instead of failing the whole body: Meta and Zalo retry a body
/// answered 5xx again and again, so one bad item would keep the good ones beside it from ever being stored.
/// </summary>
internal sealed class EventProblem(string reason) : Exception(reason)
{
    /// <summary>Events happen between these instants; anything else is a broken timestamp, not a very old or new message.</summary>
    static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The event's time from a Unix-milliseconds field; the arrival time when the field is absent.</summary>
    public static DateTimeOffset Timestamp(string raw, DateTimeOffset now)
    {
        if (raw.Length == 0) return now;
        if (!long.TryParse(raw, out var ms)
            || ms < Earliest.ToUnixTimeMilliseconds() || ms >= Latest.ToUnixTimeMilliseconds())
            throw new EventProblem($"timestamp «{Short(raw)}» không phải thời điểm hợp lệ (mili giây Unix, năm 2000–2099)");
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    /// <summary>The part of the body that failed, as stored text: invalid UTF-8 becomes U+FFFD, so it can still be read.</summary>
    public static string RawText(JsonElement item) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(item));

    /// <summary>Parked items are deduplicated on their own bytes, so a platform's retry of the same body adds nothing.</summary>
    public static string Key(string platform, ReadOnlySpan<byte> raw) => $"{platform}:invalid:{Convert.ToHexStringLower(SHA256.HashData(raw))}";

    /// <summary>What went wrong, in words for staff, whatever was thrown while reading the item.</summary>
    public static string Describe(Exception e) => e switch
    {
        EventProblem p => p.Message,
        // System.Text.Json reads strings lazily: invalid UTF-8 inside one surfaces only when it is read.
        InvalidOperationException when e.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) => "có chuỗi không phải UTF-8 hợp lệ",
        _ => $"không đọc được sự kiện ({e.GetType().Name}: {e.Message})",
    };

    public static NewInboxEvent Parked(string platform, string accountId, string userId, JsonElement item, DateTimeOffset now, string reason) =>
        new(platform, accountId, userId, "invalid", Key(platform, JsonMarshal.GetRawUtf8Value(item)), RawText(item), now, reason);

    static string Short(string s) => s.Length <= 24 ? s : s[..24] + "…";
}
