using Chatbot.Web.Channels;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages;

public sealed class IndexModel(UnitDirectory units, ChannelDirectory channels, Platforms platforms, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Unit> Wards { get; private set; } = [];

    /// <summary>The platforms a citizen can open a chat on from a link (a column each).</summary>
    public IReadOnlyList<PlatformProfile> Chats { get; } = platforms.All.Where(p => p.ChatLink is not null).ToList();

    public IEnumerable<(WardChannel Channel, Uri Link)> ChatLinks(Unit ward, PlatformProfile platform) =>
        channels.ForWard(ward.Id).Where(c => c.Platform == platform.Id).Select(c => (c, platform.ChatLink!(c, "")));

    public void OnGet() => Wards = units.ActiveOn(VietnamTime.Today(clock));
}
