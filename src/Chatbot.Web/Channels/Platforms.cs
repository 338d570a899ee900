namespace Chatbot.Web.Channels;

/// <summary>The registered platforms (each AddX() registers its <see cref="PlatformProfile"/>), in registration order.</summary>
public sealed class Platforms(IEnumerable<PlatformProfile> profiles)
{
    readonly IReadOnlyList<PlatformProfile> all = profiles.DistinctBy(p => p.Id).ToList();

    public IReadOnlyList<PlatformProfile> All => all;

    /// <summary>The platforms ward posts can be published to, in registration order.</summary>
    public IEnumerable<PlatformProfile> Publishing => all.Where(p => p.Posts is not null);

    public PlatformProfile? Find(PlatformId id) => all.FirstOrDefault(p => p.Id == id);

    /// <summary>By a stored or typed name ("facebook" in a row, a Bot Framework channel id); null for channels such as
    /// web chat or the emulator, which are not messaging platforms.</summary>
    public PlatformProfile? Find(string? id) => id is null ? null : all.FirstOrDefault(p => p.Id.Value == id);

    public PlatformProfile Get(PlatformId id) => Find(id) ?? throw new InvalidOperationException($"Platform '{id}' is not registered.");
}
