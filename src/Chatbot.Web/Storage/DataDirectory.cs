using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Chatbot.Web.Storage;

/// <summary>The data directory cannot be used: read-only, full, or taken by another instance. Its message is one line
/// naming the path, printed as it is when the app refuses to start.</summary>
public sealed class DataDirectoryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Start-up checks of Storage:DataDirectory: it is created owner-only (0700) with the database files 0600 (they hold the
/// Data Protection key ring), it must be writable and have Storage:MinFreeMegabytes free, and with SQLite one serving
/// process holds it (an OS file lock on chatbot.lock, released when the process exits or crashes; PostgreSQL is the way to
/// run several instances). In-process test hosts on one directory share the lock (counted per process).
/// </summary>
internal static class DataDirectory
{
    const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    static readonly ConcurrentDictionary<string, (FileStream Stream, int Count)> Held = new();
    static readonly object Gate = new();

    /// <summary>Creates and checks the directory; throws <see cref="DataDirectoryException"/> with a one-line reason.</summary>
    public static void Prepare(StorageOptions options)
    {
        var dir = options.FullDataDirectory;
        try
        {
            if (!Directory.Exists(dir))
            {
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
                else Directory.CreateDirectory(dir, OwnerOnlyDirectory);
            }
            // A real write: a read-only mount, missing permissions and a full disk all fail here, before any database does.
            var probe = Path.Combine(dir, ".write-test");
            File.WriteAllBytes(probe, new byte[64 * 1024]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataDirectoryException(Unusable(dir, e), e);
        }
        var free = FreeBytes(dir);
        if (free < options.MinFreeMegabytes * 1024L * 1024)
            throw new DataDirectoryException($"Thư mục dữ liệu {dir} gần đầy: còn {free / 1024 / 1024} MB, cần ít nhất {options.MinFreeMegabytes} MB " +
                $"(Storage:MinFreeMegabytes). / Data directory {dir} is almost full: {free / 1024 / 1024} MB free, {options.MinFreeMegabytes} MB needed.");
        if (options.Provider == StorageProvider.Sqlite) OwnerOnly(options.SqliteFile, options.HangfireSqliteFile);
    }

    /// <summary>Free bytes on the file system of <paramref name="dir"/> (statvfs on Linux).</summary>
    public static long FreeBytes(string dir) => new DriveInfo(dir).AvailableFreeSpace;

    /// <summary>Pre-creates the SQLite files 0600 (SQLite gives its -wal and -shm files the database file's mode) and
    /// tightens files an older version left readable by others.</summary>
    static void OwnerOnly(params string[] databases)
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var db in databases)
        {
            if (!File.Exists(db)) new FileStream(db, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }).Dispose();
            foreach (var file in new[] { db, db + "-wal", db + "-shm", db + "-journal" }.Where(File.Exists))
                if ((File.GetUnixFileMode(file) & ~OwnerOnlyFile) != 0) File.SetUnixFileMode(file, OwnerOnlyFile);
        }
    }

    /// <summary>Takes the directory for this process; the returned handle gives it back (the OS does on exit or crash).</summary>
    public static IDisposable Lock(StorageOptions options)
    {
        var path = options.LockFile;
        lock (Gate)
        {
            if (Held.TryGetValue(path, out var held))
            {
                Held[path] = (held.Stream, held.Count + 1);
                return new Release(path);
            }
            try
            {
                // FileShare.None is an exclusive flock() on Linux and macOS: a second process fails at once.
                var open = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) open.UnixCreateMode = OwnerOnlyFile;
                var stream = new FileStream(path, open);
                Held[path] = (stream, 1);
                return new Release(path);
            }
            catch (IOException e)
            {
                throw new DataDirectoryException($"Thư mục dữ liệu {options.FullDataDirectory} đang được một tiến trình Chatbot khác dùng; " +
                    "SQLite chỉ cho một tiến trình phục vụ (nhiều tiến trình: dùng Storage:Provider=Postgres). " +
                    $"/ Data directory {options.FullDataDirectory} is in use by another Chatbot process; run several instances on PostgreSQL.", e);
            }
        }
    }

    sealed class Release(string path) : IDisposable
    {
        int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 1) return;
            lock (Gate)
            {
                var (stream, count) = Held[path];
                if (count > 1) { Held[path] = (stream, count - 1); return; }
                Held.TryRemove(path, out _);
                stream.Dispose();
            }
        }
    }

    /// <summary>SQLite errors that mean the directory, not the data, is the problem (read-only, full, cannot open).</summary>
    public static bool IsDirectoryProblem(SqliteException e) => e.SqliteErrorCode is 8 or 13 or 14;

    public static string Unusable(string dir, Exception e) =>
        $"Không ghi được vào thư mục dữ liệu {dir} (chỉ đọc, hết chỗ hoặc không có quyền): {e.Message.ReplaceLineEndings(" ")} " +
        $"/ Cannot write to data directory {dir} (read-only, full or no permission).";
}
