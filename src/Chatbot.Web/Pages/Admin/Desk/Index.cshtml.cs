using Chatbot.Web.Desk;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Desk;

/// <summary>
/// The ward inbox (issue 14): conversations citizens handed to a person — waiting (the longest wait first, with how
/// long), open, closed — with the channel and the reply window left. A ward's staff see their ward's only; a district
/// admin sees all and may narrow to one ward.
/// </summary>
internal sealed class IndexModel(DeskThreads threads, ReplyWindow windows, DeskNames names, UnitDirectory units, DeskInsight insight,
    FaqDrafts drafts, Channels.Platforms platforms, TimeProvider clock) : ConsolePage
{
    /// <summary>"Messenger: 24 giờ; Zalo: 48 giờ miễn phí, tối đa 8 tin" from the registered platforms.</summary>
    public string WindowRules => string.Join("; ", platforms.All.Select(p => $"{p.ChatName}: {ReplyWindow.Rule(p)}"));

    public IReadOnlyList<WardDeskCounts> Counts { get; private set; } = [];

    /// <summary>Answers staff proposed as FAQ entries, for a district admin (adopted in the FAQ editor).</summary>
    public IReadOnlyList<FaqDraft> Drafts { get; private set; } = [];

    [FromQuery] public string? State { get; set; }
    [FromQuery] public string? Ward { get; set; }

    public sealed record Row(DeskThread Thread, string Channel, string Ward, string Waiting, string Window, bool WindowOpen);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string CurrentState => ThreadStates.IsKnown(State) ? State! : ThreadStates.Waiting;
    public IReadOnlyList<Unit> Wards => WardsFor(Staff, units, clock);
    public DeskNames Names => names;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Ward is { Length: > 0 } w && (!Staff.MayWorkOn(w) || units.Find(w) is null)) return NotFound();
        var now = clock.GetUtcNow();
        var rows = new List<Row>();
        foreach (var t in await threads.ListAsync(WardScope.Of(Staff), Ward is { Length: > 0 } ? Ward : null, CurrentState, 200, ct))
        {
            var window = t.State == ThreadStates.Closed ? null : await windows.ForAsync(t, ct);
            rows.Add(new Row(t, names.Channel(t), names.Ward(t.WardId), DeskNames.Elapsed(now - t.RequestedAt),
                window?.Summary ?? "", window?.Open ?? false));
        }
        Rows = rows;
        Counts = await insight.CountsAsync(WardScope.Of(Staff), ct);
        if (Staff.IsDistrictAdmin) Drafts = await drafts.ListAsync(WardScope.All, "draft", ct);
        return Page();
    }
}
