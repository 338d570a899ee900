using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Chatbot.Web.Knowledge;

/// <summary>
/// Trained <see cref="LearnedQuestions"/> kept in a file, so that a process that starts with the same training questions
/// and the same build reads the weights (a few milliseconds) instead of training again (about a second of CPU). The
/// service restarts rarely; the test suite starts a hundred app processes, each of which trained the models.
/// </summary>
/// <remarks>
/// A cache and nothing more: the file's name is a hash of the training lines and of this build (the assembly's module
/// id), so edited questions or changed training code never read old weights; a file that is damaged, truncated or not
/// this format is ignored and the models are trained again; a folder that cannot be written is simply not used. The
/// folder is the temporary folder's <c>chatbot-learned-models</c>, private to the user (0700): a file another user
/// could write would let them change the bot's answers, so a folder writable by others is not read.
/// </remarks>
internal sealed class LearnedModelFile(string folder)
{
    const int Format = 1;
    static readonly byte[] Magic = "CBLQ"u8.ToArray();

    public static LearnedModelFile InTempFolder() => new(Path.Combine(Path.GetTempPath(), "chatbot-learned-models"));

    public string Folder => folder;

    /// <summary>The name of the file for these training lines in this build.</summary>
    public static string KeyOf(IEnumerable<string> lines)
    {
        var text = typeof(LearnedModelFile).Assembly.ManifestModule.ModuleVersionId + "\n" + Format + "\n" + string.Join('\n', lines);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
    }

    /// <summary>The models stored under <paramref name="key"/>, or <paramref name="train"/>'s (stored for next time).</summary>
    public LearnedQuestions ReadOrTrain(string key, Func<LearnedQuestions> train)
    {
        if (TryRead(key) is { } read) return read;
        var trained = train();
        TryWrite(key, trained);
        return trained;
    }

    LearnedQuestions? TryRead(string key)
    {
        try
        {
            var path = Path.Combine(folder, key + ".bin");
            if (!IsPrivate() || !File.Exists(path)) return null;
            var bytes = File.ReadAllBytes(path);
            const int HashLength = 32;
            if (bytes.Length < Magic.Length + HashLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
            var body = bytes.AsSpan(0, bytes.Length - HashLength);
            if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength))) return null;
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, body.Length - Magic.Length));
            if (reader.ReadInt32() != Format) return null;
            return LearnedQuestions.ReadFrom(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or InvalidDataException
                                      or ArgumentException or OverflowException)
        {
            return null; // not readable as this format: train again
        }
    }

    void TryWrite(string key, LearnedQuestions learned)
    {
        var temporary = Path.Combine(folder, $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (!IsPrivate()) return;
            using (var buffer = new MemoryStream())
            {
                using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(Format);
                    learned.WriteTo(writer);
                }
                buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
                File.WriteAllBytes(temporary, buffer.ToArray());
            }
            // Whole or not at all: processes starting together each write their own file and rename it over the name.
            File.Move(temporary, Path.Combine(folder, key + ".bin"), overwrite: true);
            ForgetOldBuilds();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Each build writes its own file; those not written for a week belong to builds long replaced.</summary>
    void ForgetOldBuilds()
    {
        foreach (var old in new DirectoryInfo(folder).EnumerateFiles("*.bin").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-7)))
            old.Delete();
    }

    bool IsPrivate() =>
        OperatingSystem.IsWindows() || (Directory.Exists(folder)
            && (File.GetUnixFileMode(folder) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0);

    public static void Write<T>(BinaryWriter writer, T[] values) where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static T[] Read<T>(BinaryReader reader) where T : unmanaged
    {
        var values = new T[reader.ReadInt32()];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length) throw new EndOfStreamException();
        return values;
    }
}
