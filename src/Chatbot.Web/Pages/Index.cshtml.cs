using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Inbox;
using Chatbot.Web.Quiz;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Pages;

internal sealed class IndexModel(UnitDirectory units, ChannelDirectory channels, Platforms platforms, QuizCatalog quizzes,
    IOptions<InboxOptions> inbox, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Unit> Wards { get; private set; } = [];

    /// <summary>The platforms a citizen can open a chat on from a link (a column each).</summary>
    public IReadOnlyList<PlatformProfile> Chats { get; } = platforms.All.Where(p => p.ChatLink is not null).ToList();

    public string QuizId => quizzes.Default.Id;

    /// <summary>The privacy notice states the configured retention, not a figure that could drift from it.</summary>
    public int RawMessageDays => Math.Max(1, (int)Math.Ceiling(inbox.Value.Retention.TotalDays));

    public IEnumerable<(WardChannel Channel, Uri Link)> ChatLinks(Unit ward, PlatformProfile platform) =>
        channels.ForWard(ward.Id).Where(c => c.Platform == platform.Id).Select(c => (c, platform.ChatLink!(c, "")));

    public void OnGet() => Wards = units.ActiveOn(VietnamTime.Today(clock));
}
