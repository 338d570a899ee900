namespace Chatbot.Web.Wards;

/// <summary>What staff keep current about a ward (issue 16): the name citizens see, office hours, address, hotline.</summary>
public sealed record WardDetails(string WardId, string DisplayName, IReadOnlyList<string> OfficeHourLines, string? Address,
    string? Hotline, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    /// <summary>The lines parsed (they were validated when saved); null when the ward lists none.</summary>
    public OfficeHours? OfficeHours { get; } = OfficeHourLines.Count == 0 ? null : OfficeHours.Parse(OfficeHourLines).Hours;
}

/// <summary>
/// One revision of the teams and ward details as the database holds them (<see cref="WardRegistry"/>): every team,
/// active or not (a deactivated team's code still finds it, so its link can say it is no longer active and its past
/// results keep their name), and each ward's details.
/// </summary>
public sealed class WardBook(long revision, IReadOnlyList<Team> teams, IReadOnlyList<WardDetails> details)
{
    readonly Dictionary<string, Team> byCode = teams.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, WardDetails> detailsOf = details.ToDictionary(d => d.WardId, StringComparer.Ordinal);

    public long Revision => revision;
    public IReadOnlyList<Team> Teams => teams;

    public Team? FindTeam(string code) => byCode.GetValueOrDefault(code.Trim());
    public IEnumerable<Team> TeamsOf(string wardId) => teams.Where(t => t.WardId == wardId);
    public Team? FirstActiveTeamOf(string wardId) => teams.FirstOrDefault(t => t.WardId == wardId && t.Active);

    public WardDetails? Details(string? wardId) => wardId is null ? null : detailsOf.GetValueOrDefault(wardId);

    /// <summary>The ward's name as staff keep it, else as wards.yaml writes it.</summary>
    public string NameOf(Unit unit) => Details(unit.Id)?.DisplayName ?? unit.Name;
}
