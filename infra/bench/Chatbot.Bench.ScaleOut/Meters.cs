using System.Diagnostics;
using Npgsql;

namespace Chatbot.Bench.ScaleOut;

/// <summary>CPU time (user + sys, from /proc) of the app instances and of the PostgreSQL server, so a phase can say
/// what each event cost whatever else the shared machine was doing.</summary>
internal sealed class CpuMeter(IReadOnlyList<Process> apps, int? postmaster)
{
    (double App, double Database) start = (0, 0);

    public void Start() => start = Read();

    /// <summary>Milliseconds of CPU since <see cref="Start"/>: the app processes, the database server.</summary>
    public (double App, double Database) Elapsed()
    {
        var now = Read();
        return (now.App - start.App, now.Database - start.Database);
    }

    (double App, double Database) Read()
    {
        var app = apps.Where(p => !p.HasExited).Sum(p => { try { return p.TotalProcessorTime.TotalMilliseconds; } catch (InvalidOperationException) { return 0; } });
        return (app, postmaster is { } pid ? ServerMs(pid) : 0);
    }

    /// <summary>The postmaster with the CPU of its exited children (cutime, cstime) and of its live backends.</summary>
    static double ServerMs(int postmaster)
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] f;
            try { f = Stat(pid); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            var parent = int.Parse(f[3]);
            if (pid == postmaster) ticks += long.Parse(f[13]) + long.Parse(f[14]) + long.Parse(f[15]) + long.Parse(f[16]);
            else if (parent == postmaster) ticks += long.Parse(f[13]) + long.Parse(f[14]);
        }
        return ticks * 10; // USER_HZ = 100 on Linux
    }

    /// <summary>Fields of /proc/PID/stat after the command name (which may hold spaces), numbered as in proc(5) minus 1.</summary>
    static string[] Stat(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        var close = text.LastIndexOf(')');
        return ["", "", .. text[(close + 2)..].Split(' ')];
    }
}

/// <summary>The benchmark's PostgreSQL server: its durability settings, where it runs, and pg_stat_statements.</summary>
internal sealed class PostgresServer(string connectionString)
{
    public string ConnectionString => connectionString;

    /// <summary>How the apps reach the server, printed with the results: a Unix socket (Host is a directory), as a
    /// deployment with PostgreSQL on the same host should (docs/operations.md), or TCP.</summary>
    public string Transport => new NpgsqlConnectionStringBuilder(connectionString) is var b && b.Host?.StartsWith('/') == true
        ? $"over its Unix socket in {b.Host}" : $"over TCP to {b.Host}:{b.Port}";

    public async Task<string> ShowAsync(string setting) => (string)(await ScalarAsync($"SHOW {setting}"))!;

    /// <summary>The postmaster's process id when the server runs on this machine (its data directory is readable here).</summary>
    public async Task<int?> PostmasterAsync()
    {
        try
        {
            var file = Path.Combine(await ShowAsync("data_directory"), "postmaster.pid");
            return File.Exists(file) ? int.Parse(File.ReadLines(file).First()) : null;
        }
        catch (PostgresException) { return null; } // not a superuser: data_directory is hidden
    }

    /// <summary>True when pg_stat_statements is loaded (shared_preload_libraries) and could be reset.</summary>
    public async Task<bool> ResetStatementsAsync()
    {
        try
        {
            await ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            await ExecuteAsync("SELECT pg_stat_statements_reset()");
            return true;
        }
        catch (PostgresException) { return false; }
    }

    /// <summary>The statements of one database that took the most server time, with their calls per event.</summary>
    public async Task<IReadOnlyList<string>> TopStatementsAsync(string database, int events, int top = 10)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT s.calls, s.total_exec_time, s.mean_exec_time, regexp_replace(s.query, '\s+', ' ', 'g')
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = @db ORDER BY s.total_exec_time DESC LIMIT @top
            """, conn);
        cmd.Parameters.AddWithValue("db", database);
        cmd.Parameters.AddWithValue("top", top);
        var lines = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var q = r.GetString(3);
            lines.Add($"  {r.GetInt64(0) / (double)Math.Max(1, events),6:0.00}/event {r.GetDouble(1),8:0} ms total {r.GetDouble(2),7:0.000} ms mean  {q[..Math.Min(q.Length, 110)]}");
        }
        return lines;
    }

    /// <summary>Calls of every statement of one database (BEGIN/COMMIT are not statements here).</summary>
    public async Task<long> CallsAsync(string database) =>
        Convert.ToInt64(await ScalarAsync($"SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '{database}'"));

    /// <summary>Transactions committed in one database (pg_stat_database).</summary>
    public async Task<long> CommitsAsync(string database) =>
        Convert.ToInt64(await ScalarAsync($"SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'"));

    /// <summary>WAL flushes to disk (fsync/fdatasync) by the whole server since its statistics were reset
    /// (pg_stat_wal): what a durable commit waits for; concurrent commits share one.</summary>
    public async Task<long> WalFlushesAsync() => Convert.ToInt64(await ScalarAsync("SELECT wal_sync FROM pg_stat_wal"));

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    async Task<object?> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }
}
