using System.Text.RegularExpressions;
using Chatbot.Web.Content;

namespace Chatbot.Web.Wards;

public sealed class UnitsFile : YamlModel
{
    public List<UnitFile>? Units { get; init; }
}

public sealed class UnitFile : YamlModel
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ShortName { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public List<string>? Successors { get; init; }
    public List<string>? Aliases { get; init; }
    public List<ChannelFile>? Channels { get; init; }
    public List<string>? OfficeHours { get; init; }
    public string? Address { get; init; }
    public string? Hotline { get; init; }
}

/// <summary>A channel of a unit: <c>id</c> and <c>platform</c>, plus the keys its platform reads (Channels/ChannelDirectory.cs).</summary>
public sealed class ChannelFile : YamlMap;

public sealed class TeamsFile : YamlModel
{
    public List<TeamFile>? Teams { get; init; }
}

public sealed class TeamFile : YamlModel
{
    public string? Code { get; init; }
    public string? Name { get; init; }
    public string? Ward { get; init; }
    /// <summary>False for a deactivated team (an export writes it; absent means active).</summary>
    public bool? Active { get; init; }
}

/// <summary>Reads dialogs/units/wards.yaml and teams.yaml and checks them as a whole.</summary>
internal sealed partial class UnitContentLoader : ContentPart<UnitDirectory>
{
    const string WardsFile = "units/wards.yaml";
    const string TeamsFileName = "units/teams.yaml";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")] private static partial Regex IdPattern();
    [GeneratedRegex("^(?=.*[0-9])[A-Z0-9]{4,8}$")] private static partial Regex TeamCodePattern();

    public override UnitDirectory? Load(ContentReader reader)
    {
        var wards = reader.Read<UnitsFile>(WardsFile);
        var teamsFile = reader.Read<TeamsFile>(TeamsFileName);
        if (wards is null || teamsFile is null) return null;
        var before = reader.Errors.Count;
        void Error(string file, int line, string message) => reader.Error(file, line, message);

        var units = new List<Unit>();
        var ids = new HashSet<string>();
        var channelIds = new HashSet<string>();
        var channelEntries = new List<ChannelEntry>();
        foreach (var u in wards.Units ?? [])
        {
            if (string.IsNullOrWhiteSpace(u.Id) || !IdPattern().IsMatch(u.Id)) { Error(WardsFile, u.Line, $"id «{u.Id}» thiếu hoặc không hợp lệ (chữ thường không dấu, gạch nối)"); continue; }
            if (!ids.Add(u.Id)) Error(WardsFile, u.Line, $"id «{u.Id}» bị trùng");
            if (string.IsNullOrWhiteSpace(u.Name)) Error(WardsFile, u.Line, $"«{u.Id}»: thiếu name");
            if (u.ValidFrom is null) Error(WardsFile, u.Line, $"«{u.Id}»: thiếu valid_from");
            if (u.ValidTo is { } to && u.ValidFrom is { } from && to < from) Error(WardsFile, u.Line, $"«{u.Id}»: valid_to trước valid_from");
            if (u.ValidTo is not null && u.Successors is not { Count: > 0 }) Error(WardsFile, u.Line, $"«{u.Id}»: đơn vị đã hết hiệu lực phải có successors");
            foreach (var c in u.Channels ?? [])
            {
                var id = c.GetValueOrDefault("id");
                if (string.IsNullOrWhiteSpace(id) || !channelIds.Add(id)) { Error(WardsFile, c.Line, $"kênh «{id}»: id thiếu hoặc bị trùng"); continue; }
                if (c.GetValueOrDefault("platform") is not { Length: > 0 } platform) { Error(WardsFile, c.Line, $"kênh «{id}»: thiếu platform"); continue; }
                channelEntries.Add(new ChannelEntry(u.Id, u.Name ?? id, id, platform,
                    c.Where(kv => kv.Key is not ("id" or "platform")).ToDictionary(kv => kv.Key, kv => kv.Value), c.Line));
            }
            var (hours, hoursError) = u.OfficeHours is { Count: > 0 } lines ? OfficeHours.Parse(lines) : (null, null);
            if (hoursError is not null) Error(WardsFile, u.Line, $"«{u.Id}»: {hoursError}");
            units.Add(new Unit(u.Id, u.Name ?? "", u.ShortName ?? u.Name ?? "", u.ValidFrom ?? default, u.ValidTo,
                u.Successors ?? [], u.Aliases ?? [])
            {
                OfficeHours = hours, OfficeHourLines = u.OfficeHours ?? [], Address = Blank(u.Address), Hotline = Blank(u.Hotline),
            });
        }
        foreach (var u in wards.Units ?? [])
            foreach (var s in u.Successors ?? [])
                if (!ids.Contains(s)) Error(WardsFile, u.Line, $"«{u.Id}»: successor «{s}» không có trong danh sách");
        // Two units in force at once must not answer to the same name, or a citizen's ward would be a guess.
        foreach (var group in units.SelectMany(u => u.Aliases.Append(u.Name).Select(n => (Key: UnitDirectory.NameKey(n), Unit: u)))
                     .GroupBy(p => p.Key).Where(g => g.Select(p => p.Unit.Id).Distinct().Count() > 1))
        {
            var clash = group.Select(p => p.Unit).DistinctBy(u => u.Id).ToList();
            for (var i = 0; i < clash.Count; i++)
                for (var j = i + 1; j < clash.Count; j++)
                    if (Overlap(clash[i], clash[j]))
                        Error(WardsFile, 0, $"tên «{group.Key}» dùng cho cả «{clash[i].Id}» và «{clash[j].Id}» trong cùng thời gian hiệu lực");
        }

        var teams = new List<Team>();
        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in teamsFile.Teams ?? [])
        {
            if (t.Code is null || !TeamCodePattern().IsMatch(t.Code)) { Error(TeamsFileName, t.Line, $"mã tổ «{t.Code}» phải gồm 4–8 chữ in hoa/chữ số, có ít nhất một chữ số"); continue; }
            if (!codes.Add(t.Code)) Error(TeamsFileName, t.Line, $"mã tổ «{t.Code}» bị trùng");
            if (string.IsNullOrWhiteSpace(t.Name)) Error(TeamsFileName, t.Line, $"tổ «{t.Code}»: thiếu name");
            if (t.Ward is null || !ids.Contains(t.Ward)) Error(TeamsFileName, t.Line, $"tổ «{t.Code}»: phường «{t.Ward}» không có trong units/wards.yaml");
            teams.Add(new Team(t.Code, t.Name ?? "", t.Ward ?? "") { Active = t.Active ?? true });
        }
        return reader.Errors.Count > before ? null : new UnitDirectory(units, teams, channelEntries);
    }

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    static bool Overlap(Unit a, Unit b) =>
        a.ValidFrom <= (b.ValidTo ?? DateOnly.MaxValue) && b.ValidFrom <= (a.ValidTo ?? DateOnly.MaxValue);
}
