using Chatbot.Web.Storage;

namespace Chatbot.Web.Desk;

/// <summary>Whether the claimed event's conversation has a live thread (its id, or NULL), read with the claim: almost
/// always none, and then the turn asks nothing more (<see cref="DeskOwner.LookAhead"/>).</summary>
internal sealed class DeskReadAhead : IClaimReadAhead
{
    const string Prefix = "desk_live:";

    public IReadOnlyList<(string Key, string Value)> Reads { get; } =
    [
        ($"'{Prefix}' || inbox_events.platform || '/' || inbox_events.conversation_key",
            """
            (SELECT CAST(d.id AS TEXT) FROM desk_threads d
             WHERE d.channel = inbox_events.platform AND d.conversation_id = inbox_events.conversation_key AND d.state <> 'closed')
            """),
    ];

    /// <summary>True when the claim found the conversation without a live thread; false when it has one, or when the
    /// claim did not look (either way: read it).</summary>
    public static bool KnownNone(string channel, string conversationId) =>
        ClaimedReads.TryTake($"{Prefix}{channel}/{conversationId}", out var id) && id is null;
}
