namespace Chatbot.Web.Storage;

public enum StorageProvider { Sqlite, Postgres }

public sealed class StorageOptions
{
    public const string Section = "Storage";
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>Relative paths are resolved against the directory the command runs in, not the binary's folder.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Below this much free space in the data directory /health is red (and the app does not start).</summary>
    public int MinFreeMegabytes { get; init; } = 100;

    /// <summary>How often the data directory guard checks that the database file is still the one in use.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    public string FullDataDirectory => Path.GetFullPath(DataDirectory, Environment.CurrentDirectory);
    public string SqliteFile => Path.Combine(FullDataDirectory, "chatbot.db");
    public string HangfireSqliteFile => Path.Combine(FullDataDirectory, "hangfire.db");
    public string LockFile => Path.Combine(FullDataDirectory, "chatbot.lock");
}
