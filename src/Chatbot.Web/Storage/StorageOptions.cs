namespace Chatbot.Web.Storage;

public enum StorageProvider { Sqlite, Postgres }

public sealed class StorageOptions
{
    public const string Section = "Storage";
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>Relative paths are resolved against the directory the command runs in, not the binary's folder.</summary>
    public string DataDirectory { get; init; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory, Environment.CurrentDirectory);
    public string SqliteFile => Path.Combine(FullDataDirectory, "chatbot.db");
    public string HangfireSqliteFile => Path.Combine(FullDataDirectory, "hangfire.db");
}
