using Chatbot.Web.Knowledge;
using Chatbot.Web.Staff;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Quiz;

/// <summary>A team as staff and the API see it: the ward by name, whether it is active, its web quiz link.</summary>
public sealed record TeamView(string Code, string Name, string Ward, string WardName, bool Active, string QuizLink);

/// <summary>
/// The rules for community tech teams, shared by /api/teams and the console (/admin/teams): ward staff list and change
/// their own ward's teams only (another ward's is 404), a DistrictAdmin every ward's; a new team gets the next code by
/// <see cref="TeamCodes"/>; names are required, NFC, at most <see cref="MaxName"/> characters and unique among the ward's
/// active teams; deactivating keeps the code and the results. Every change is audited.
/// </summary>
public sealed class TeamWorkflow(WardRegistry registry, UnitDirectory units, QuizLinks links, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = TeamCodes.MaxName;

    public async Task<WardsResult<IReadOnlyList<TeamView>>> ListAsync(string? ward, CurrentStaff staff, CancellationToken ct)
    {
        if (ward is not null && WardFor(ward, staff) is null) return WardsProblem.NoWard(ward);
        var book = await registry.CurrentAsync(ct);
        return WardsResult<IReadOnlyList<TeamView>>.Ok(book.Teams
            .Where(t => staff.MayWorkOn(t.WardId) && (ward is null || t.WardId == ward))
            .Select(t => View(t, book)).ToList());
    }

    public async Task<WardsResult<TeamView>> GetAsync(string code, CurrentStaff staff, CancellationToken ct)
    {
        var book = await registry.CurrentAsync(ct);
        return book.FindTeam(code) is { } team && staff.MayWorkOn(team.WardId) ? WardsResult<TeamView>.Ok(View(team, book)) : WardsProblem.NoTeam(code);
    }

    public async Task<WardsResult<TeamView>> AddAsync(string? ward, string? name, CurrentStaff staff, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(ward)) errors["ward"] = ["Chưa chọn phường của tổ."];
        var book = await registry.CurrentAsync(ct);
        var clean = CheckName(name, ward, null, book, errors);
        if (errors.Count > 0) return WardsProblem.Invalid(errors, "Chưa thêm được tổ");
        if (WardFor(ward!, staff) is not { } unit) return WardsProblem.NoWard(ward);
        var team = await registry.AddTeamAsync(unit, clean, staff.Name, ct);
        await audit.WriteAsync(staff.Name, "team.add", $"team:{team.Code}", unit.Id, $"thêm «{team.Name}» (mã {team.Code})", ct);
        return WardsResult<TeamView>.Ok(View(team, await registry.CurrentAsync(ct)));
    }

    /// <summary>Renames (<paramref name="name"/> given) and/or deactivates or reactivates (<paramref name="active"/> given).</summary>
    public async Task<WardsResult<TeamView>> UpdateAsync(string code, string? name, bool? active, CurrentStaff staff, CancellationToken ct)
    {
        var book = await registry.CurrentAsync(ct);
        if (book.FindTeam(code) is not { } team || !staff.MayWorkOn(team.WardId)) return WardsProblem.NoTeam(code);
        var errors = new Dictionary<string, string[]>();
        var clean = name is null ? null : CheckName(name, team.WardId, team.Code, book, errors);
        if (active is null && name is null) errors["name"] = ["Chưa có gì để đổi: gửi tên mới (name) hoặc trạng thái (active)."];
        if (errors.Count > 0) return WardsProblem.Invalid(errors, "Chưa đổi được tổ");
        var renamed = clean is not null && clean != team.Name;
        var toggled = active is { } a && a != team.Active;
        if (renamed || toggled)
        {
            await registry.UpdateTeamAsync(team.Code, renamed ? clean : null, toggled ? active : null, staff.Name, ct);
            if (renamed)
                await audit.WriteAsync(staff.Name, "team.rename", $"team:{team.Code}", team.WardId, $"«{team.Name}» → «{clean}»", ct);
            if (toggled)
                await audit.WriteAsync(staff.Name, active!.Value ? "team.reactivate" : "team.deactivate", $"team:{team.Code}", team.WardId,
                    $"{(active.Value ? "hoạt động lại" : "ngừng hoạt động")}: «{clean ?? team.Name}» (mã {team.Code})", ct);
        }
        var after = await registry.CurrentAsync(ct);
        return WardsResult<TeamView>.Ok(View(after.FindTeam(team.Code)!, after));
    }

    /// <summary>Wards this staff member may add teams to: their own, or every ward in force for a DistrictAdmin.</summary>
    public IReadOnlyList<Unit> WardsFor(CurrentStaff staff) =>
        units.ActiveOn(VietnamTime.Today(clock)).Where(u => staff.MayWorkOn(u.Id)).ToList();

    Unit? WardFor(string ward, CurrentStaff staff) =>
        units.Find(ward) is { } u && u.IsActiveOn(VietnamTime.Today(clock)) && staff.MayWorkOn(u.Id) ? u : null;

    static string CheckName(string? name, string? ward, string? exceptCode, WardBook book, Dictionary<string, string[]> errors)
    {
        var clean = VietnameseText.Nfc(name);
        if (clean.Length == 0) errors["name"] = ["Chưa nhập tên tổ."];
        else if (clean.Length > MaxName) errors["name"] = [$"Tên tổ dài tối đa {MaxName} ký tự (hiện {clean.Length})."];
        else if (ward is not null && book.TeamsOf(ward).Any(t => t.Active && t.Code != exceptCode
                     && string.Equals(VietnameseText.Fold(t.Name), VietnameseText.Fold(clean), StringComparison.Ordinal)))
            errors["name"] = [$"Phường đã có tổ tên «{clean}»; đặt tên khác để người dân phân biệt."];
        return clean;
    }

    TeamView View(Team t, WardBook book) =>
        new(t.Code, t.Name, t.WardId, units.Find(t.WardId) is { } u ? book.NameOf(u) : t.WardId, t.Active, links.WebUrl(t.Code).ToString());
}
