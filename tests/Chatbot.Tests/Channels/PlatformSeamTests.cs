using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.Tests.Channels;

/// <summary>
/// The seam issue 15 made (docs/architecture.md): a platform is a folder under Channels/ that registers a
/// profile. Core code never names a platform, nothing outside a platform's folder uses it (but Program.cs, which registers
/// it), and Channels does not use Broadcasting (subscriptions, quotas and the publishing contract sit where both can).
/// </summary>
public sealed partial class PlatformSeamTests
{
    static readonly string Web = Path.Combine(AppProcess.RepositoryRoot(), "src", "Chatbot.Web");

    /// <summary>Channels' own parts; every other folder under Channels/ is a platform.</summary>
    static readonly string[] CoreChannelFolders = ["Inbox", "Outbound", "Publishing", "Connect"];

    static IReadOnlyList<string> PlatformFolders() =>
        Directory.GetDirectories(Path.Combine(Web, "Channels")).Select(Path.GetFileName).OfType<string>()
            .Where(d => !CoreChannelFolders.Contains(d)).ToList();

    static IEnumerable<(string Path, string Text)> Sources(string folder, params string[] extensions) =>
        Directory.EnumerateFiles(Path.Combine(Web, folder), "*.*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(Web, f).Replace('\\', '/'), File.ReadAllText(f)));

    bool InPlatformFolder(string relative) => PlatformFolders().Any(p => relative.StartsWith($"Channels/{p}/", StringComparison.Ordinal));

    [Fact]
    public void There_are_platform_folders_and_each_registers_a_profile()
    {
        var folders = PlatformFolders();
        Assert.Contains("Facebook", folders);
        Assert.Contains("Zalo", folders);
        foreach (var folder in folders)
            Assert.Contains(Sources(Path.Combine("Channels", folder), ".cs"), s => s.Text.Contains("services.AddSingleton(") && s.Text.Contains("Profile.Value)"));
    }

    [Fact]
    public void Nothing_in_Channels_uses_Broadcasting()
    {
        var offenders = Sources("Channels", ".cs").Where(s => BroadcastingReference().IsMatch(Code(s.Text))).Select(s => s.Path).ToList();
        Assert.True(offenders.Count == 0, "Channels files that use Broadcasting: " + string.Join(", ", offenders));

        // The compiled types agree: no Channels type takes, holds or returns a Broadcasting type.
        var channelTypes = typeof(Web.Channels.PlatformProfile).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Chatbot.Web.Channels", StringComparison.Ordinal) == true);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var uses = channelTypes.SelectMany(t => t.GetFields(all).Select(f => (t, f.FieldType))
                .Concat(t.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => (t, p.ParameterType)))
                .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)).Select(x => (t, x)))
                .Concat(t.GetInterfaces().Append(t.BaseType ?? typeof(object)).Select(x => (t, x))))
            .Where(u => Mentions(u.Item2, "Chatbot.Web.Broadcasting")).Select(u => $"{u.t.FullName} → {u.Item2}").Distinct().ToList();
        Assert.True(uses.Count == 0, "Channels types that use Broadcasting types: " + string.Join("; ", uses));
    }

    [Fact]
    public void No_platform_is_named_in_a_string_outside_its_own_folder()
    {
        var named = new List<string>();
        foreach (var (path, text) in Sources("", ".cs", ".cshtml").Where(s => !InPlatformFolder(s.Path)))
        {
            var strings = path.EndsWith(".cshtml", StringComparison.Ordinal) ? [RazorComment().Replace(text, "")] : StringLiterals(text);
            named.AddRange(strings.Where(s => PlatformName().IsMatch(s)).Select(s => $"{path}: {s.Trim()[..Math.Min(60, s.Trim().Length)]}"));
        }
        Assert.True(named.Count == 0, "platform names outside Channels/<Platform>/: " + string.Join("; ", named));
    }

    [Fact]
    public void Only_Program_cs_reaches_into_a_platform_folder()
    {
        var platforms = PlatformFolders();
        var offenders = Sources("", ".cs", ".cshtml")
            .Where(s => !InPlatformFolder(s.Path) && s.Path != "Program.cs")
            .Where(s => platforms.Any(p => Code(s.Text).Contains($"Chatbot.Web.Channels.{p}", StringComparison.Ordinal)))
            .Select(s => s.Path).ToList();
        Assert.True(offenders.Count == 0, "core files using a platform folder: " + string.Join(", ", offenders));
    }

    /// <summary>The feature folders (Channels, Broadcasting, Knowledge…) depend on each other without a cycle: each can be
    /// read, and changed, knowing only the folders below it (docs/architecture.md draws the graph).</summary>
    [Fact]
    public void Feature_folders_depend_on_each_other_without_a_cycle()
    {
        var folders = Directory.GetDirectories(Web).Select(Path.GetFileName).OfType<string>().Where(d => d is not ("bin" or "obj" or "wwwroot" or "Properties")).ToHashSet();
        var uses = folders.ToDictionary(f => f, f => Sources(f, ".cs", ".cshtml")
            .SelectMany(s => FeatureReference().Matches(Code(s.Text)).Select(m => m.Groups[1].Value))
            .Where(d => d != f && folders.Contains(d)).ToHashSet());
        var done = new HashSet<string>();
        List<string>? Cycle(string folder, List<string> path)
        {
            if (path.Contains(folder)) return [.. path[path.IndexOf(folder)..], folder];
            if (!done.Add(folder)) return null;
            path.Add(folder);
            foreach (var next in uses[folder])
                if (Cycle(next, path) is { } found) return found;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        foreach (var folder in folders)
        {
            done.Clear();
            var cycle = Cycle(folder, []);
            Assert.True(cycle is null, "feature folders in a cycle: " + string.Join(" → ", cycle ?? []));
        }
    }

    static bool Mentions(Type type, string ns) =>
        type.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true
        || (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, ns)))
        || (type.HasElementType && Mentions(type.GetElementType()!, ns));

    /// <summary>The code without comments (doc comments may speak of any feature).</summary>
    static string Code(string text) => string.Join('\n', text.Split('\n').Select(l => l.TrimStart().StartsWith("//", StringComparison.Ordinal) ? "" : l));

    /// <summary>The contents of the string literals of a C# file (regular, verbatim, interpolated, raw), comments skipped.</summary>
    static List<string> StringLiterals(string text)
    {
        var found = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/') { i = text.IndexOf('\n', i) is var n and >= 0 ? n : text.Length; continue; }
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*') { i = text.IndexOf("*/", i + 2, StringComparison.Ordinal) + 1; if (i == 0) break; continue; }
            if (text[i] == '\'' ) { i = text.IndexOf('\'', i + (text[i + 1] == '\\' ? 3 : 2)); continue; }
            if (text[i] != '"') continue;
            var quotes = 0;
            while (i + quotes < text.Length && text[i + quotes] == '"') quotes++;
            if (quotes >= 3)
            {
                var end = text.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                found.Add(text[(i + quotes)..end]);
                i = end + quotes - 1;
                continue;
            }
            var verbatim = i > 0 && (text[i - 1] == '@' || (i > 1 && text[i - 2] == '@'));
            var sb = new StringBuilder();
            var j = i + 1;
            for (; j < text.Length; j++)
            {
                if (!verbatim && text[j] == '\\') { sb.Append(text[j]).Append(text[j + 1]); j++; continue; }
                if (text[j] == '"' && verbatim && j + 1 < text.Length && text[j + 1] == '"') { j++; continue; }
                if (text[j] == '"') break;
                sb.Append(text[j]);
            }
            found.Add(sb.ToString());
            i = j;
        }
        return found;
    }

    [GeneratedRegex(@"(?<![\w.])(Chatbot\.Web\.)?Broadcasting\.[A-Z]|using\s+Chatbot\.Web\.Broadcasting")]
    private static partial Regex BroadcastingReference();

    [GeneratedRegex(@"Chatbot\.Web\.([A-Z][A-Za-z]+)")]
    private static partial Regex FeatureReference();

    [GeneratedRegex("facebook|zalo", RegexOptions.IgnoreCase)]
    private static partial Regex PlatformName();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();
}
