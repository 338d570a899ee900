using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Wards;

/// <summary>An administrative unit (phường) with the dates it was in force; former units name their successors.</summary>
public sealed record Unit(string Id, string Name, string ShortName, DateOnly ValidFrom, DateOnly? ValidTo,
    IReadOnlyList<string> Successors, IReadOnlyList<string> Aliases)
{
    public bool IsActiveOn(DateOnly day) => ValidFrom <= day && (ValidTo is null || day <= ValidTo);

    /// <summary>When its office answers citizens as wards.yaml writes it: only the seed of the ward's details; read the
    /// hours in force through <see cref="WardRegistry"/> (<see cref="WardDetails.OfficeHours"/>). Null when not listed.</summary>
    public OfficeHours? OfficeHours { get; init; }

    /// <summary>The office hours as written, the address and the hotline: the seed of the ward's details
    /// (<see cref="WardDetails"/>, kept current by staff in the database).</summary>
    public IReadOnlyList<string> OfficeHourLines { get; init; } = [];
    public string? Address { get; init; }
    public string? Hotline { get; init; }
}

/// <summary>
/// A channel as units/wards.yaml lists it under a unit: its id, platform and the platform's own keys (page_id, oa_id…),
/// with the line it is on. Which platforms exist and what their keys mean is the channels' business
/// (Channels/ChannelDirectory.cs reads these through the registered platform profiles).
/// </summary>
public sealed record ChannelEntry(string WardId, string WardName, string Id, string Platform, IReadOnlyDictionary<string, string> Fields, int Line);

/// <summary>A community digital tech team (tổ công nghệ số cộng đồng) of a ward, with the code its quiz links carry.
/// A deactivated team (<see cref="Active"/> false) keeps its code and its past results.</summary>
public sealed record Team(string Code, string Name, string WardId)
{
    public bool Active { get; init; } = true;
}

/// <summary>
/// Units and teams from dialogs/units/ (the teams and ward details here are only the seed of the database on first use;
/// read them live through <see cref="WardRegistry"/>). Wards.md: units are data with effective dates and aliases, never a
/// hard-coded list. Lookups by id or by any name a citizen or officer types ("p. Bến Nghé", "ben nghe", "P.BN").
/// </summary>
public sealed class UnitDirectory
{
    readonly Dictionary<string, Unit> byId;
    readonly Dictionary<string, List<Unit>> byName;
    readonly Dictionary<string, Team> teamsByCode;
    public UnitDirectory(IReadOnlyList<Unit> units, IReadOnlyList<Team> teams, IReadOnlyList<ChannelEntry>? channelEntries = null)
    {
        Units = units;
        Teams = teams;
        byId = units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        byName = [];
        foreach (var u in units)
            foreach (var name in u.Aliases.Append(u.Name).Append(u.ShortName).Append(u.Id.Replace('-', ' ')).Select(NameKey).Distinct())
            {
                if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
                list.Add(u);
            }
        teamsByCode = teams.ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);
        ChannelEntries = channelEntries ?? [];
    }

    public IReadOnlyList<Unit> Units { get; }
    public IReadOnlyList<Team> Teams { get; }

    /// <summary>The units' channels as written; the channels feature turns them into ward channels.</summary>
    public IReadOnlyList<ChannelEntry> ChannelEntries { get; }

    public Unit? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>What staff read for a ward id: its name («Phường Tân Định»); an id nobody lists any more (a unit since
    /// removed) as is, so nothing disappears; <paramref name="none"/> when there is no id.</summary>
    public string NameOf(string? id, string none = "Chưa rõ phường") => id is null ? none : Find(id)?.Name ?? id;
    public Team? FindTeam(string code) => teamsByCode.GetValueOrDefault(code.Trim());

    public IReadOnlyList<Unit> ActiveOn(DateOnly day) => Units.Where(u => u.IsActiveOn(day)).ToList();

    /// <summary>Units a typed name may mean ("Tân Định" is both a former and a current ward, hence a list).</summary>
    public IReadOnlyList<Unit> Match(string typed) => byName.GetValueOrDefault(NameKey(typed)) ?? [];

    /// <summary>Units a citizen's message names, as <see cref="Match"/> or inside a sentence after the word «phường»
    /// («nhà tôi ở phường Sài Gòn, …»): the longest name there. Only after that word, so a number or a short word in a
    /// sentence is never taken for a ward.</summary>
    public IReadOnlyList<Unit> MatchIn(string message)
    {
        if (Match(message) is { Count: > 0 } whole) return whole;
        var folded = $" {VietnameseText.Fold(message)} ";
        var named = byName.Keys
            .Where(key => key.Length > 0 && (folded.Contains($" phuong {key} ", StringComparison.Ordinal)
                                             || folded.Contains($" p {key} ", StringComparison.Ordinal)))
            .MaxBy(key => key.Length);
        return named is null ? [] : byName[named];
    }

    /// <summary>The units in force on <paramref name="day"/> that a unit's history leads to: itself if active, else its
    /// successors (recursively). A split ward gives several, and the caller asks which one rather than guessing.</summary>
    public IReadOnlyList<Unit> Current(string id, DateOnly day)
    {
        var result = new List<Unit>();
        var seen = new HashSet<string>();
        void Walk(string unitId)
        {
            if (!seen.Add(unitId) || Find(unitId) is not { } unit) return;
            if (unit.IsActiveOn(day)) result.Add(unit);
            else foreach (var s in unit.Successors) Walk(s);
        }
        Walk(id);
        return result;
    }

    /// <summary>Folded, with the "phường"/"p." prefix dropped: "P. Bến Nghé" and "ben nghe" are the same name.</summary>
    public static string NameKey(string name)
    {
        var folded = VietnameseText.Fold(name);
        foreach (var prefix in new[] { "phuong ", "p " })
            if (folded.StartsWith(prefix, StringComparison.Ordinal)) return folded[prefix.Length..];
        return folded;
    }
}
