namespace Chatbot.Web.Storage;

/// <summary>The bot state documents of the claimed event's conversation and user (the keys Bot Framework's
/// ConversationState and UserState use, as <see cref="SqlBotStorage.LoadTogetherAsync"/> does), read with the claim:
/// "&lt;etag&gt; &lt;document&gt;" (an ETag is 32 hex digits, no space), or NULL for none.</summary>
internal sealed class BotStateReadAhead : IClaimReadAhead
{
    public const string Prefix = "bot_state:";

    public IReadOnlyList<(string Key, string Value)> Reads { get; } =
    [
        Read("inbox_events.platform || '/conversations/' || inbox_events.conversation_key"),
        Read("inbox_events.platform || '/users/' || inbox_events.user_id"),
    ];

    static (string, string) Read(string key) =>
        ($"'{Prefix}' || {key}", $"(SELECT s.etag || ' ' || s.document FROM bot_state s WHERE s.key = {key})");

    /// <summary>The read-ahead document of <paramref name="key"/>: true with (etag, document), or with null for none;
    /// false when the claim did not read it.</summary>
    public static bool TryTake(string key, out (string Etag, string Document)? state)
    {
        state = null;
        if (!ClaimedReads.TryTake(Prefix + key, out var value)) return false;
        if (value is not null)
        {
            var space = value.IndexOf(' ');
            state = (value[..space], value[(space + 1)..]);
        }
        return true;
    }
}
