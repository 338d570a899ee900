namespace Chatbot.Web.Channels;

/// <summary>
/// Names a messaging platform: the one identity every feature uses for it. Its value is the Bot Framework channel id of
/// the platform's activities, the <c>platform</c> column of the inbox, outbound log and deliveries, and the
/// <c>platform:</c> of a channel in dialogs/units/wards.yaml. Only the platform's own folder (Channels/&lt;Platform&gt;/)
/// spells it out; everything else gets it from a registered <see cref="PlatformProfile"/>.
/// </summary>
public readonly record struct PlatformId(string Value)
{
    public override string ToString() => Value;
}
