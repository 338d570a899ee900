using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Storage;

/// <summary>
/// Watches the data directory while the app runs. On SQLite, a deleted or replaced database file is invisible to the
/// app's open connections, which go on writing into the unlinked file — acknowledged webhooks would be lost at the next
/// restart. So every Storage:CheckInterval the guard writes a nonce through the app's own writer and reads it back
/// through a fresh connection to the file's path: a missing file, another file, or another value means the database in
/// use is no longer the one on disk. That state sticks until a restart; /health is red and webhooks and bot activities
/// get 503 (the platforms retry them later). A write that fails because the disk is full, or free space below
/// Storage:MinFreeMegabytes, also turns /health red (and refuses webhooks on SQLite) until space is back.
/// </summary>
internal sealed class DataDirectoryGuard(IOptions<StorageOptions> options, IServiceProvider services, ILogger<DataDirectoryGuard> logger)
    : BackgroundService, IHealthCheck
{
    volatile string? lost;
    volatile string? full;
    // One check at a time: two probes interleaving (the timer and a /health request) would each read the other's nonce.
    readonly SemaphoreSlim checking = new(1, 1);

    StorageOptions Options => options.Value;

    /// <summary>Why writes are refused now (SQLite only: on PostgreSQL the database does not live here), or null.</summary>
    public string? RefusalReason => sqliteFile is not null ? lost ?? full : null;

    /// <summary>A cheap per-request look (one stat): notices a deleted database before the next full check.</summary>
    public string? QuickRefusalReason()
    {
        if (sqliteFile is not null && lost is null && !File.Exists(sqliteFile))
            MarkLost($"tệp cơ sở dữ liệu {sqliteFile} đã bị xóa khi ứng dụng đang chạy");
        return RefusalReason;
    }

    // Resolved once: the options' paths are computed (current directory, normalisation) on every read.
    readonly string? sqliteFile = options.Value.Provider == StorageProvider.Sqlite ? options.Value.SqliteFile : null;

    // A connection of the guard's own to the database file as it was at start, held open (idle, no transaction) for the
    // app's lifetime, so that /proc/self/fd shows the file "(deleted)" once it is removed or replaced — whatever the pool
    // did with its connections meanwhile (an idle pool may have closed them all, and then nothing marked the old file).
    // A SQLite connection, not a FileStream: SQLite tracks every descriptor it has on a file, and closing a foreign one
    // would drop the process's POSIX locks on it.
    SqliteConnection? sentinel;
    readonly Lock sentinelGate = new();

    void HoldDatabaseFile()
    {
        if (sqliteFile is null || sentinel is not null || !File.Exists(sqliteFile)) return;
        lock (sentinelGate)
        {
            if (sentinel is not null) return;
            var conn = new SqliteConnection(new SqliteConnectionStringBuilder
                { DataSource = sqliteFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            conn.Open();
            conn.ExecuteScalar<long>("PRAGMA schema_version"); // reads the file: it is open from here on
            sentinel = conn;
        }
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        lock (sentinelGate) { sentinel?.Dispose(); sentinel = null; }
    }

    public async Task CheckAsync(CancellationToken ct)
    {
        await checking.WaitAsync(ct);
        try { await CheckOnceAsync(ct); }
        finally { checking.Release(); }
    }

    async Task CheckOnceAsync(CancellationToken ct)
    {
        HoldDatabaseFile();
        var o = Options;
        string? nowFull = null;
        if (Directory.Exists(o.FullDataDirectory) && DataDirectory.FreeBytes(o.FullDataDirectory) is var free && free < o.MinFreeMegabytes * 1024L * 1024)
            nowFull = $"thư mục dữ liệu {o.FullDataDirectory} gần đầy: còn {free / 1024 / 1024} MB, cần ít nhất {o.MinFreeMegabytes} MB";
        if (o.Provider == StorageProvider.Sqlite && lost is null && UsesUnlinkedFile(o.SqliteFile) is { } unlinked)
            MarkLost($"tệp {unlinked} đang dùng đã bị xóa hoặc đã bị thay bằng một tệp khác khi ứng dụng đang chạy");
        if (o.Provider == StorageProvider.Sqlite && lost is null)
        {
            try { await ProbeAsync(o.SqliteFile, ct); }
            catch (SqliteException e) when (e.SqliteErrorCode == 13) { nowFull ??= $"không ghi được vào {o.SqliteFile}: đĩa đầy"; }
            catch (SqliteException e) { MarkLost($"tệp cơ sở dữ liệu {o.SqliteFile} không còn là tệp đang dùng ({e.Message.ReplaceLineEndings(" ")})"); }
            catch (ProbeMismatchException e) { MarkLost(e.Message); }
        }
        if (nowFull != full)
        {
            if (nowFull is not null) logger.LogError("Data directory full: {Reason}", nowFull);
            else logger.LogInformation("Data directory has free space again");
        }
        full = nowFull;
    }

    async Task ProbeAsync(string file, CancellationToken ct)
    {
        var nonce = Guid.NewGuid().ToString("N");
        await services.GetRequiredService<IDbWriter>().WriteAsync((conn, tx, token) => conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO storage_probe (id, nonce, at) VALUES (1, @nonce, @at)
            ON CONFLICT (id) DO UPDATE SET nonce = excluded.nonce, at = excluded.at
            """, new { nonce, at = DateTimeOffset.UtcNow }, tx, cancellationToken: token)), ct);
        // A connection of its own, not from the pool, and never creating the file: it sees what is at the path now.
        await using var fresh = new SqliteConnection(new SqliteConnectionStringBuilder
            { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await fresh.OpenAsync(ct);
        var seen = await fresh.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT nonce FROM storage_probe WHERE id = 1", cancellationToken: ct));
        if (seen != nonce) throw new ProbeMismatchException($"tệp cơ sở dữ liệu {file} đã bị thay bằng một tệp khác khi ứng dụng đang chạy");
    }

    /// <summary>
    /// Linux: a file this process still has open (the guard's own connection, and the pool's, with the database, -wal
    /// and -shm files) whose name was removed shows in /proc/self/fd as "path (deleted)" — after `rm`, and after a `mv`
    /// of another file over it, which the probe alone misses while the old -wal file still answers for it.
    /// </summary>
    static string? UsesUnlinkedFile(string database)
    {
        const string fds = "/proc/self/fd";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(fds)) return null;
        foreach (var fd in Directory.EnumerateFileSystemEntries(fds))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; } // closed meanwhile
            if (target is not null && target.StartsWith(database, StringComparison.Ordinal) && target.EndsWith(" (deleted)", StringComparison.Ordinal))
                return target[..^" (deleted)".Length];
        }
        return null;
    }

    void MarkLost(string reason)
    {
        if (lost is not null) return;
        lost = reason;
        logger.LogCritical("Data directory lost: {Reason}. Webhooks are refused with 503 until the service is restarted " +
            "with its data directory restored (writes since then went into the deleted file).", reason);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try { await CheckAsync(ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return HealthCheckResult.Unhealthy($"{Options.FullDataDirectory}: {e.Message}"); }
        var o = Options;
        return (lost, full) switch
        {
            ({ } l, _) when o.Provider == StorageProvider.Sqlite => HealthCheckResult.Unhealthy(l + "; cần khởi động lại sau khi khôi phục thư mục dữ liệu"),
            (_, { } f) => HealthCheckResult.Unhealthy(f),
            _ => HealthCheckResult.Healthy($"{o.FullDataDirectory}: ghi được, còn chỗ"),
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        // Before the first await: the host has not finished starting, so the file held is the one migrations just used.
        try { HoldDatabaseFile(); }
        catch (SqliteException e) { logger.LogWarning(e, "Could not hold the database file open for the replacement check"); }
        using var timer = new PeriodicTimer(Options.CheckInterval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try { await CheckAsync(stop); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e, "Data directory check failed"); }
        }
    }

    sealed class ProbeMismatchException(string message) : Exception(message);
}

internal static class DataDirectoryGuardExtensions
{
    /// <summary>Webhooks and bot activities are refused with 503 (and Retry-After) while the data directory cannot keep
    /// what they would store: a platform retries a 503, while a 200 for an event written into a deleted file loses it.</summary>
    public static WebApplication UseDataDirectoryGuard(this WebApplication app)
    {
        var guard = app.Services.GetRequiredService<DataDirectoryGuard>();
        app.Use((http, next) =>
        {
            if (HttpMethods.IsPost(http.Request.Method)
                && (http.Request.Path.StartsWithSegments("/webhooks") || http.Request.Path.StartsWithSegments("/api/messages"))
                && guard.QuickRefusalReason() is { } reason)
            {
                http.Response.Headers.RetryAfter = "60";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Tạm thời không nhận tin",
                    detail: $"Máy chủ không lưu được dữ liệu lúc này ({reason}); xin gửi lại sau.").ExecuteAsync(http);
            }
            return next(http);
        });
        return app;
    }
}
