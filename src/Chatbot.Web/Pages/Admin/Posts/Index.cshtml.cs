using Chatbot.Web.Broadcasting;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin.Posts;

/// <summary>Posts with filters (ward, state, date range); the ward scoping is GET /api/posts's.</summary>
internal sealed class IndexModel(PostWorkflow workflow, UnitDirectory units, TimeProvider clock) : ConsolePage
{
    [FromQuery] public string? Ward { get; set; }
    [FromQuery] public string? State { get; set; }
    [FromQuery] public string? From { get; set; }
    [FromQuery] public string? To { get; set; }

    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public IReadOnlyList<Unit> AllowedWards { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        AllowedWards = WardsFor(Staff, units, clock);
        var to = To is { Length: > 0 } ? To + "T23:59:59" : null;
        var result = await workflow.ListAsync(Ward is { Length: > 0 } ? Ward : null, From is { Length: > 0 } ? From : null, to, Staff, ct);
        switch (result.Problem)
        {
            case null:
                Posts = result.Value!.Where(p => State is not { Length: > 0 } || p.State == State).Reverse().ToList();
                return Page();
            case { Kind: PostProblemKind.Invalid } invalid:
                Error = invalid.Detail;
                return Page();
            case var other:
                return Answer(other, "/admin/posts", "");
        }
    }
}
