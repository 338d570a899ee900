using System.Text;
using System.Text.RegularExpressions;
using Chatbot.Web.Content;

namespace Chatbot.Web.Wards;

/// <summary>What an import would change, one line per change, for the person to confirm before it is applied.</summary>
public sealed record ImportPlan(IReadOnlyList<Team> Teams, IReadOnlyList<WardDetails> Details, IReadOnlyList<string> Changes);

/// <summary>
/// Import and export of teams and ward details in the format of dialogs/units/ (teams.yaml: <c>teams:</c> rows of code,
/// name, ward and, for a deactivated team, <c>active: false</c>; wards.yaml: <c>units:</c> with id, name, office_hours,
/// address, hotline — the other keys of wards.yaml are accepted and left alone, since units and channels are not edited
/// here). An import is checked as a whole: every row's problems are reported with its line, and nothing is applied while
/// any remain.
/// </summary>
public sealed partial class UnitsTransfer(UnitDirectory units, TimeProvider clock)
{
    const string Upload = "tệp tải lên";

    [GeneratedRegex("^(?=.*[0-9])[A-Z0-9]{4,8}$")] private static partial Regex TeamCodePattern();
    [GeneratedRegex(@"^(teams|units)\s*:", RegexOptions.Multiline)] private static partial Regex TopKey();

    /// <summary>The plan, or the errors ("dòng 4: …"), for a teams.yaml or wards.yaml text against the current book.</summary>
    public (ImportPlan? Plan, IReadOnlyList<string> Errors) Check(string text, WardBook book, string actor)
    {
        var reader = new ContentReader("");
        var errors = new List<string>();
        var kind = TopKey().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
        if (kind is null) return (null, ["Tệp phải bắt đầu bằng «teams:» (như units/teams.yaml) hoặc «units:» (như units/wards.yaml)."]);
        var teams = new List<Team>();
        var details = new List<WardDetails>();
        var changes = new List<string>();
        var today = VietnamTime.Today(clock);
        if (kind == "teams" && reader.Parse<TeamsFile>(Upload, text) is { } teamsFile)
        {
            var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in teamsFile.Teams ?? [])
            {
                void Error(string message) => errors.Add($"dòng {t.Line}: {message}");
                var code = t.Code?.Trim() ?? "";
                var name = Knowledge.VietnameseText.Nfc(t.Name);
                if (!TeamCodePattern().IsMatch(code)) { Error($"mã tổ «{code}» phải gồm 4–8 chữ in hoa hoặc chữ số, có ít nhất một chữ số."); continue; }
                if (!codes.Add(code)) Error($"mã tổ «{code}» bị trùng trong tệp.");
                if (name.Length == 0) Error($"tổ «{code}» thiếu tên (name).");
                else if (name.Length > TeamCodes.MaxName) Error($"tên tổ «{code}» dài quá {TeamCodes.MaxName} ký tự.");
                if (t.Ward is null || units.Find(t.Ward) is not { } ward || !ward.IsActiveOn(today))
                {
                    Error($"tổ «{code}»: phường «{t.Ward}» không có hoặc không còn hiệu lực.");
                    continue;
                }
                var team = new Team(code, name, ward.Id) { Active = t.Active ?? true };
                teams.Add(team);
                changes.Add(Describe(book.FindTeam(code), team, ward));
            }
        }
        else if (kind == "units" && reader.Parse<UnitsFile>(Upload, text) is { } unitsFile)
        {
            var ids = new HashSet<string>();
            foreach (var u in unitsFile.Units ?? [])
            {
                if (u.Id is null || units.Find(u.Id) is not { } ward) { errors.Add($"dòng {u.Line}: phường «{u.Id}» không có trong danh sách đơn vị."); continue; }
                if (!ids.Add(ward.Id)) errors.Add($"dòng {u.Line}: phường «{ward.Id}» xuất hiện hai lần.");
                var fieldErrors = new Dictionary<string, string[]>();
                var input = new WardDetailsInput(u.Name, string.Join("\n", u.OfficeHours ?? []), u.Address, u.Hotline);
                if (WardDetailsWorkflow.Validate(ward.Id, input, actor, clock.GetUtcNow(), fieldErrors) is { } d)
                {
                    details.Add(d);
                    var change = WardDetailsWorkflow.Changes(book.Details(ward.Id), d);
                    changes.Add($"{ward.Name}: {change}");
                }
                else errors.AddRange(fieldErrors.Values.SelectMany(e => e).Select(e => $"dòng {u.Line}: {ward.Name}: {e}"));
            }
        }
        errors.InsertRange(0, reader.Errors.Select(e => $"dòng {e.Line}: {e.Message}"));
        if (errors.Count == 0 && teams.Count == 0 && details.Count == 0) errors.Add("Tệp không có dòng nào để nhập.");
        return errors.Count > 0 ? (null, errors) : (new ImportPlan(teams, details, changes), []);
    }

    static string Describe(Team? before, Team after, Unit ward)
    {
        if (before is null) return $"thêm tổ {after.Code} «{after.Name}» ({ward.Name}){(after.Active ? "" : ", ngừng hoạt động")}";
        var parts = new List<string>();
        if (before.Name != after.Name) parts.Add($"đổi tên «{before.Name}» → «{after.Name}»");
        if (before.WardId != after.WardId) parts.Add($"chuyển sang {ward.Name}");
        if (before.Active != after.Active) parts.Add(after.Active ? "cho hoạt động lại" : "ngừng hoạt động");
        return $"tổ {after.Code}: {(parts.Count == 0 ? "không có thay đổi" : string.Join(", ", parts))}";
    }

    /// <summary>Every team, as units/teams.yaml writes them.</summary>
    public static string ExportTeams(WardBook book)
    {
        var yaml = new StringBuilder("# Tổ công nghệ số cộng đồng — xuất từ bảng điều khiển; nhập lại được ở «Nhập / xuất».\n")
            .Append("# code: đúng 6 ký tự, chữ in hoa và chữ số, có ít nhất một chữ số, không trùng.\nteams:\n");
        foreach (var t in book.Teams.OrderBy(t => t.WardId, StringComparer.Ordinal).ThenBy(t => t.Code, StringComparer.Ordinal))
            yaml.Append($"  - {{ code: {t.Code}, name: {Quote(t.Name)}, ward: {t.WardId}{(t.Active ? "" : ", active: false")} }}\n");
        return yaml.ToString();
    }

    /// <summary>The units in force with the details staff keep (name, office hours, address, hotline) in the keys of
    /// units/wards.yaml; dates and aliases as the file had them; channels are not part of it.</summary>
    public string ExportWards(WardBook book)
    {
        var yaml = new StringBuilder("# Thông tin phường — xuất từ bảng điều khiển; khi nhập chỉ áp dụng name, office_hours, address, hotline.\nunits:\n");
        foreach (var u in units.ActiveOn(VietnamTime.Today(clock)))
        {
            var d = book.Details(u.Id);
            yaml.Append($"  - id: {u.Id}\n    name: {Quote(d?.DisplayName ?? u.Name)}\n    short_name: {Quote(u.ShortName)}\n")
                .Append($"    valid_from: {u.ValidFrom:yyyy-MM-dd}\n");
            if (u.ValidTo is { } to) yaml.Append($"    valid_to: {to:yyyy-MM-dd}\n");
            var hours = d?.OfficeHourLines ?? u.OfficeHourLines;
            if (hours.Count > 0) yaml.Append($"    office_hours: [{string.Join(", ", hours.Select(Quote))}]\n");
            if (d?.Address is { } address) yaml.Append($"    address: {Quote(address)}\n");
            if (d?.Hotline is { } hotline) yaml.Append($"    hotline: {Quote(hotline)}\n");
            if (u.Aliases.Count > 0) yaml.Append($"    aliases: [{string.Join(", ", u.Aliases.Select(Quote))}]\n");
        }
        return yaml.ToString();
    }

    static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
