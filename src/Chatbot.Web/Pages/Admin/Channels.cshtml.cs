using Chatbot.Web.Channels;
using Chatbot.Web.Channels.Connect;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Kênh: the health board of the wards' channels (connected / cần kết nối lại / sandbox, token expiry, OA tier, last send
/// and publish, last error in plain Vietnamese, the daily check's warnings) and the buttons that connect, reconnect,
/// replace or disconnect one. A district admin sees every ward, ward staff their own; another ward's channel is 404.
/// </summary>
internal sealed class ChannelsModel(UnitDirectory units, ChannelHealth health, ConnectFlow flow,
    Channels.Inbox.ParkedEvents parked, TimeProvider clock) : ConsolePage
{
    public IReadOnlyList<ChannelHealthLine> Lines { get; private set; } = [];

    /// <summary>Citizen messages the bot will not answer (unreadable, or failed every attempt), newest first, with the
    /// channel they came to; a ward's staff see their channels' ones, a district admin every one.</summary>
    public IReadOnlyList<(Channels.Inbox.ParkedEvent Event, string Channel)> Parked { get; private set; } = [];

    public IChannelConnector? ConnectorOf(WardChannel channel) => flow.ConnectorOf(channel.Platform);

    /// <summary>Set after «Kết nối …»: the platform's dialog, which the page moves on to (see _ContinueToPlatform).</summary>
    public Uri? ContinueTo { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var wards = WardsFor(Staff, units, clock).Select(u => u.Id).ToList();
        Lines = await health.ListAsync(wards, ct);
        var names = Lines.GroupBy(l => l.Channel.AccountId).ToDictionary(g => g.Key, g => $"{g.First().Ward.ShortName} · {g.First().Channel.DisplayName}");
        Parked = (await parked.LatestAsync(Staff.IsDistrictAdmin ? null : names.Keys, 50, ct))
            .Select(e => (e, names.GetValueOrDefault(e.AccountId) ?? (e.AccountId.Length > 0 ? $"{e.Platform} {e.AccountId}" : e.Platform)))
            .ToList();
    }

    /// <summary>«Kết nối …» / «Kết nối lại»: off to the platform's consent dialog with a fresh single-use state.</summary>
    public async Task<IActionResult> OnPostConnectAsync(string? channel, string? mode, CancellationToken ct)
    {
        var outcome = await flow.StartAsync(Staff, channel, mode, CallbackUrl(this), ct);
        if (outcome.Redirect is not { } to) return NotFound();
        ContinueTo = to;
        return Page();
    }

    public static string Css(string state) => state switch
    {
        HealthStates.Connected => "published",
        HealthStates.NeedsReauth => "failed",
        _ => "draft",
    };

    /// <summary>Where the platforms send staff back: this host, as the browser reached it (forwarded headers applied).</summary>
    public static Uri CallbackUrl(Microsoft.AspNetCore.Mvc.RazorPages.PageModel page) =>
        new($"{page.Request.Scheme}://{page.Request.Host}{page.Request.PathBase}/admin/channels/callback");
}
