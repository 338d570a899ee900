using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages;

public sealed class IndexModel(UnitDirectory units, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Unit> Wards { get; private set; } = [];

    public void OnGet() => Wards = units.ActiveOn(VietnamTime.Today(clock));
}
