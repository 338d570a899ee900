using Chatbot.Web.Channels;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Conversations.Browse;

/// <summary>The ward a conversation belongs to: the ward of the Page or OA the citizen wrote to, else the ward they chose
/// in chat (web chat, emulator), else unknown (null). Unanswered questions carry it, so each ward's staff see theirs.</summary>
public sealed class ConversationWards(UnitDirectory units, ChannelDirectory channels)
{
    public string? Of(DialogContext dc) =>
        dc.Turn.Activity.Recipient?.Id is { } account && channels.ByAccount(new PlatformId(dc.Channel), account) is { } channel
            ? channel.WardId
            : dc.User.WardId;

    /// <summary>"phường Sài Gòn", or "phường" when the ward is unknown.</summary>
    public string Name(DialogContext dc) => Of(dc) is { } id && units.Find(id) is { } unit ? "phường " + unit.ShortName : "phường";
}
