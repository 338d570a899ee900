using Chatbot.Web.Wards;

namespace Chatbot.Web.Pages.Admin.Wards;

/// <summary>«Thông tin phường» (/admin/wards): the details of the wards this staff member works on, each with a link to edit.</summary>
internal sealed class IndexModel(WardDetailsWorkflow details, WardRegistry registry) : ConsolePage
{
    public IReadOnlyList<(Unit Ward, WardDetails? Details)> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var book = await registry.CurrentAsync(ct);
        Rows = details.WardsFor(Staff).Select(u => (u, book.Details(u.Id))).ToList();
    }
}
