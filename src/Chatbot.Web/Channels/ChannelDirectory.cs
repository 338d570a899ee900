using Chatbot.Web.Content;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Channels;

/// <summary>
/// The ward channels: every channel units/wards.yaml lists under a unit, read through its platform's
/// <see cref="PlatformProfile.UnitData"/> (which key holds the account id, which the name), overlaid by the channels staff
/// connected in the console (<see cref="Connect.ChannelConnections"/>): a connected channel's account (Page id, OA id) and
/// name win over the file's, and a connected channel the file does not list is added. Lookups by channel id, by ward, and
/// by the account an event was sent to always read the latest overlay.
/// </summary>
public sealed class ChannelDirectory
{
    readonly IReadOnlyList<WardChannel> seeded;
    volatile Snapshot current;

    sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<WardChannel> channels)
        {
            All = channels;
            ById = channels.ToDictionary(c => c.Id, StringComparer.Ordinal);
            ByAccount = channels.GroupBy(c => (c.Platform, c.AccountId)).ToDictionary(g => g.Key, g => g.First());
        }

        public IReadOnlyList<WardChannel> All { get; }
        public Dictionary<string, WardChannel> ById { get; }
        public Dictionary<(PlatformId, string), WardChannel> ByAccount { get; }
    }

    public ChannelDirectory(IReadOnlyList<WardChannel> channels)
    {
        seeded = channels;
        current = new Snapshot(channels);
    }

    public IReadOnlyList<WardChannel> All => current.All;

    /// <summary>The channels as the file lists them, before any console connection.</summary>
    public IReadOnlyList<WardChannel> Seeded => seeded;

    /// <summary>Replaces the console overlay: <paramref name="connected"/> is every channel connected in the console now.</summary>
    public void Apply(IReadOnlyList<WardChannel> connected)
    {
        var byId = connected.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var merged = seeded.Select(c => byId.GetValueOrDefault(c.Id) is { } over ? over with { WardId = c.WardId, Platform = c.Platform } : c)
            .Concat(connected.Where(c => seeded.All(s => s.Id != c.Id)))
            .ToList();
        current = new Snapshot(merged);
    }

    public WardChannel? Find(string id) => current.ById.GetValueOrDefault(id);

    /// <summary>The channel a platform event was sent to (a Page id, an OA id), or null when no ward lists it.</summary>
    public WardChannel? ByAccount(PlatformId platform, string accountId) => current.ByAccount.GetValueOrDefault((platform, accountId));

    public IEnumerable<WardChannel> ForWard(string wardId) => All.Where(c => c.WardId == wardId);

    /// <summary>The ward's first channel on a platform (a citizen subscribed in web chat is told on their ward's Page).</summary>
    public WardChannel? ForWard(string wardId, PlatformId platform) => All.FirstOrDefault(c => c.WardId == wardId && c.Platform == platform);
}

/// <summary>Reads the channel entries of units/wards.yaml (loaded before it by <see cref="UnitContentLoader"/>) through the
/// registered platforms; a platform nobody registered, a missing account id or an unknown key is an error at start-up.</summary>
internal sealed class ChannelDirectoryLoader(IEnumerable<PlatformProfile> profiles) : ContentPart<ChannelDirectory>
{
    const string WardsFile = "units/wards.yaml";

    public override ChannelDirectory? Load(ContentReader reader)
    {
        if (reader.Get<UnitDirectory>() is not { } units) return null; // its own errors are reported already
        var platforms = profiles.ToList();
        var before = reader.Errors.Count;
        var channels = new List<WardChannel>();
        foreach (var entry in units.ChannelEntries)
        {
            void Error(string message) => reader.Error(WardsFile, entry.Line, $"kênh «{entry.Id}»: {message}");
            if (platforms.FirstOrDefault(p => p.Id.Value == entry.Platform) is not { } profile)
            {
                Error($"platform «{entry.Platform}» không có; chọn {string.Join(", ", platforms.Select(Describe))}");
                continue;
            }
            foreach (var key in entry.Fields.Keys.Except(profile.UnitData.Keys))
                Error($"khoá «{key}» không dùng cho {entry.Platform} (dùng {string.Join(", ", profile.UnitData.Keys)})");
            var account = profile.UnitData.AccountKey is { } accountKey ? entry.Fields.GetValueOrDefault(accountKey) : entry.Id;
            if (string.IsNullOrWhiteSpace(account)) { Error($"thiếu {profile.UnitData.AccountKey}"); continue; }
            var name = entry.Fields.GetValueOrDefault(profile.UnitData.NameKey);
            channels.Add(new WardChannel(entry.Id, entry.WardId, profile.Id, account.Trim(), string.IsNullOrWhiteSpace(name) ? entry.WardName : name));
        }
        return reader.Errors.Count > before ? null : new ChannelDirectory(channels);
    }

    static string Describe(PlatformProfile p) => p.UnitData.AccountKey is { } key ? $"{p.Id} (có {key})" : p.Id.ToString();
}
