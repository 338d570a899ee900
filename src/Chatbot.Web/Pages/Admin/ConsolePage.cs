using System.Globalization;
using Chatbot.Web.Staff;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// What every console page shares: the signed-in staff member (the folder convention already required one), the wards
/// they may work on, and turning a refusal of the post rules into a page answer — the pages call the same
/// <see cref="Broadcasting.PostWorkflow"/> as /api/posts, so the rules (validation, ward access, approval) live in one place.
/// </summary>
public abstract class ConsolePage : PageModel
{
    public CurrentStaff Staff => CurrentStaff.From(User) ?? throw new InvalidOperationException("the /Admin folder requires a signed-in user");

    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string RoleName(string role) => role switch
    {
        Roles.DistrictAdmin => "Quản trị quận",
        Roles.WardEditor => "Biên tập viên phường",
        Roles.WardApprover => "Lãnh đạo phường (duyệt bài)",
        _ => role,
    };

    public static string StateName(string state) => Broadcasting.PostStates.Name(state);

    public static string Snippet(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";

    public static string Local(DateTimeOffset? utc) => utc is { } t ? VietnamTime.Format(t) : "—";

    /// <summary>Wards this user may choose: their own, or every ward in force for a district admin.</summary>
    public static IReadOnlyList<Unit> WardsFor(CurrentStaff staff, UnitDirectory units, TimeProvider clock) =>
        units.ActiveOn(VietnamTime.Today(clock)).Where(u => staff.MayWorkOn(u.Id)).ToList();

    /// <summary>What a post rule came to, as a page answer: not found and forbidden stay so (URL tampering gets nothing); a
    /// refused change (a conflict, a missing reason) comes back to <paramref name="back"/> with its Vietnamese reason;
    /// success with <paramref name="done"/>.</summary>
    protected IActionResult Answer(Broadcasting.PostProblem? problem, string back, string done)
    {
        switch (problem?.Kind)
        {
            case Broadcasting.PostProblemKind.NotFound: return NotFound();
            case Broadcasting.PostProblemKind.Forbidden: return new StatusCodeResult(StatusCodes.Status403Forbidden);
            case not null: TempData["Message"] = problem.Detail; return Redirect(back);
            default: TempData["Message"] = done; return Redirect(back);
        }
    }
}
