using Chatbot.Web.Channels.Connect;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Where the platform's consent dialog sends staff back (/admin/channels/callback?code=…&amp;state=…). The state is taken
/// once: a replayed or expired one, a refused permission, or a Page the person no longer manages is explained here and
/// nothing is stored. With several Pages, staff pick one here (the pick is single-use too).
/// </summary>
internal sealed class ChannelCallbackModel(ConnectFlow flow) : ConsolePage
{
    public ConnectOutcome? Outcome { get; private set; }

    /// <summary>What one account is called on the channel's platform ("Trang", "OA").</summary>
    public string Noun => Outcome?.Channel is { } c ? flow.ConnectorOf(c.Platform)?.AccountNoun ?? "" : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => Show(await flow.CallbackAsync(Staff, Request.Query, ChannelsModel.CallbackUrl(this), ct));

    /// <summary>Staff picked a Page among those the dialog granted.</summary>
    public async Task<IActionResult> OnPostPickAsync(string? state, string? account, CancellationToken ct) =>
        Show(await flow.PickAsync(Staff, state, account, ct));

    IActionResult Show(ConnectOutcome outcome)
    {
        if (outcome.NotFound) return NotFound();
        if (outcome.Done is { } done)
        {
            TempData["Message"] = done;
            return Redirect("/admin/channels");
        }
        Outcome = outcome;
        return Page();
    }
}
