using Chatbot.Web.Broadcasting;
using Chatbot.Web.Channels;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Posts;

/// <summary>Posts with search, filters (ward, state, channel, date range) and pages of <see cref="PageSize"/>; the ward
/// scoping is GET /api/posts's. Search is case- and accent-insensitive («tiem chung» finds «tiêm chủng»).</summary>
internal sealed class IndexModel(PostWorkflow workflow, UnitDirectory units, ChannelDirectory channels, Platforms platforms, TimeProvider clock) : ConsolePage
{
    public const int PageSize = 20;

    [FromQuery] public string? Q { get; set; }
    [FromQuery] public string? Ward { get; set; }
    [FromQuery] public string? State { get; set; }
    [FromQuery] public string? Channel { get; set; }
    [FromQuery] public string? From { get; set; }
    [FromQuery] public string? To { get; set; }
    [FromQuery(Name = "trang")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Unit> AllowedWards { get; private set; } = [];
    public IReadOnlyList<WardChannel> AllowedChannels { get; private set; } = [];
    public string? Error { get; private set; }

    /// <summary>This list at another page, with the same search and filters (submitting the filter form starts at page 1).</summary>
    public string Link(int page) => ListUrl(new Dictionary<string, string?>
    {
        ["q"] = Q, ["ward"] = Ward, ["state"] = State, ["channel"] = Channel, ["from"] = From, ["to"] = To, ["trang"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    });

    static string ListUrl(Dictionary<string, string?> values) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/posts", values.Where(v => !string.IsNullOrEmpty(v.Value)));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        AllowedWards = WardsFor(Staff, units, clock);
        AllowedChannels = AllowedWards.SelectMany(w => channels.ForWard(w.Id)).Where(c => platforms.Find(c.Platform)?.Posts is not null).ToList(); // channels posts go to
        var to = To is { Length: > 0 } ? To + "T23:59:59" : null;
        var result = await workflow.ListAsync(Ward is { Length: > 0 } ? Ward : null, From is { Length: > 0 } ? From : null, to, Staff, ct);
        switch (result.Problem)
        {
            case null:
                var channel = Channel is { Length: > 0 } ? channels.Find(Channel) : null;
                if (Channel is { Length: > 0 } && (channel is null || !Staff.MayWorkOn(channel.WardId))) return NotFound();
                var words = Fold(Q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var matching = result.Value!
                    .Where(p => State is not { Length: > 0 } || p.State == State)
                    .Where(p => channel is null || p.Platforms.Contains(channel.Platform.Value) && (p.AllWards || p.Wards.Contains(channel.WardId)))
                    .Where(p => words.Length == 0 || words.All(w => Fold(p.Text).Contains(w, StringComparison.Ordinal) || Fold($"#{p.Id}") == w))
                    .Reverse().ToList();
                Total = matching.Count;
                PageNumber = Math.Clamp(PageNumber, 1, Pages);
                Posts = matching.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
                return Page();
            case { Kind: PostProblemKind.Invalid } invalid:
                Error = invalid.Detail;
                return Page();
            case var other:
                return Answer(other, "/admin/posts", "");
        }
    }

    /// <summary>Lower case without diacritics (đ → d), so a search typed without accents still finds the post.</summary>
    public static string Fold(string s)
    {
        var decomposed = s.ToLowerInvariant().Replace('đ', 'd').Normalize(System.Text.NormalizationForm.FormD);
        var kept = decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark);
        return new string(kept.ToArray()).Normalize(System.Text.NormalizationForm.FormC);
    }
}
