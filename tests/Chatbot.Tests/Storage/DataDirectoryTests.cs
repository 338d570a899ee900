using System.Net;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;

namespace Chatbot.Tests.Storage;

/// <summary>
/// The SQLite data directory (issue 13, points 8, 12, 13): owner-only files; one serving process per directory; a
/// read-only or full directory refused at start with one line; a deleted, replaced or full one noticed while running.
/// Disks are made read-only or full with a small tmpfs in a mount namespace of the app's own (unshare, as root).
/// </summary>
[Trait("Provider", "Sqlite"), System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests
{
    static async Task<HttpStatusCode> WebhookAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/webhooks/facebook", new StringContent("{\"object\":\"page\",\"entry\":[]}"));
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) Assert.NotNull(response.Headers.RetryAfter);
        return response.StatusCode;
    }

    static async Task<(HttpStatusCode Status, string Body)> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    static void AssertOneLineNaming(string output, string dir, string expected)
    {
        Assert.DoesNotContain("Unhandled exception", output);
        var lines = output.Split('\n').Where(l => l.Contains(dir)).ToList();
        Assert.True(lines.Count == 1 && lines[0].Contains(expected), output);
    }

    [Fact]
    public async Task A_second_instance_on_the_same_directory_refuses_to_start_until_the_first_is_gone()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var first = await AppProcess.StartAsync(database.Settings());
        try
        {
            var (exit, output) = await AppProcess.RunUntilExitAsync(database.Settings());
            Assert.Equal(3, exit);
            AssertOneLineNaming(output, database.DataDirectory, "đang được một tiến trình Chatbot khác dùng");
            Assert.Contains("Postgres", output);
            // The admin commands still work beside the running instance.
            var (created, said) = await AppProcess.RunCommandAsync(database.Settings(),
                ["admin", "create-user", "--user", "quan-tri", "--role", Roles.DistrictAdmin, "--password-stdin"], "mat-khau-dai-1\n");
            Assert.True(created == 0, said);
        }
        finally
        {
            first.Kill(); // as kill -9: the OS releases the lock with the process
        }
        await using var next = await AppProcess.StartAsync(database.Settings());
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(new HttpClient { BaseAddress = new Uri(next.BaseUrl) })).Status);
    }

    [Fact]
    public async Task A_read_only_data_directory_at_start_is_one_clear_line_and_exit_code_3()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var dir = database.DataDirectory;
        var (exit, output) = await AppProcess.RunUntilExitAsync(database.Settings(), mountSetup: $"mount -t tmpfs -o ro,size=8m tmpfs '{dir}'");
        Assert.Equal(3, exit);
        AssertOneLineNaming(output, dir, "Không ghi được vào thư mục dữ liệu");
    }

    [Fact]
    public async Task A_full_data_directory_at_start_is_one_clear_line_and_exit_code_3()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var dir = database.DataDirectory;
        var full = $"mount -t tmpfs -o size=1m tmpfs '{dir}' && (dd if=/dev/zero of='{dir}/lap-day' bs=64k 2>/dev/null || true)";
        var (exit, output) = await AppProcess.RunUntilExitAsync(database.Settings().Append(new("Storage:MinFreeMegabytes", "0")), mountSetup: full);
        Assert.Equal(3, exit);
        AssertOneLineNaming(output, dir, "Không ghi được vào thư mục dữ liệu");

        var (below, said) = await AppProcess.RunUntilExitAsync(database.Settings(), mountSetup: $"mount -t tmpfs -o size=4m tmpfs '{dir}'");
        Assert.Equal(3, below);
        AssertOneLineNaming(said, dir, "gần đầy");
    }

    [Fact]
    public async Task A_disk_filling_up_while_running_turns_health_red_and_refuses_webhooks_until_space_is_back()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var dir = database.DataDirectory;
        await using var app = await AppProcess.StartAsync(database.Settings().Append(new("Storage:MinFreeMegabytes", "8")),
            mountSetup: $"mount -t tmpfs -o size=48m tmpfs '{dir}'");
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(http)).Status);

        await NsenterAsync(app, $"dd if=/dev/zero of='{dir}/lap-day' bs=1M count=44 2>/dev/null; true");
        var (status, body) = await HealthAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("gần đầy", body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await WebhookAsync(http));

        await NsenterAsync(app, $"rm '{dir}/lap-day'");
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(http)).Status);
    }

    /// <summary>Runs a shell command inside the app's mount namespace (where its tmpfs is).</summary>
    static async Task NsenterAsync(AppProcess app, string command)
    {
        using var process = System.Diagnostics.Process.Start("nsenter", ["-t", app.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "sh", "-c", command])!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task The_data_directory_deleted_while_running_turns_health_red_and_refuses_webhooks()
    {
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite);
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(http)).Status);
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, await WebhookAsync(http));

        Directory.Delete(app.Database.DataDirectory, recursive: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await WebhookAsync(http));
        var (status, body) = await HealthAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("data-directory", body);
        Directory.CreateDirectory(app.Database.DataDirectory); // an empty directory back is still not the database in use
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await HealthAsync(http)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await WebhookAsync(http));
    }

    [Fact]
    public async Task The_database_file_replaced_while_running_turns_health_red_and_refuses_webhooks()
    {
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite);
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(http)).Status);
        var file = Path.Combine(app.Database.DataDirectory, "chatbot.db");
        var copy = file + ".restored";
        File.Copy(file, copy);
        File.Move(copy, file, overwrite: true); // as a restore by `mv` would: same name, another file

        var (status, body) = await HealthAsync(http);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("đã bị thay", body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await WebhookAsync(http));
    }

    [Fact]
    public async Task Database_files_are_readable_by_their_owner_only()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var old = Path.Combine(database.DataDirectory, "hangfire.db");
        File.WriteAllBytes(old, []); // as an older version left it: 0644
        File.SetUnixFileMode(old, (UnixFileMode)0b110_100_100);
        await using var app = await ChatbotApp.StartAsync(StorageProvider.Sqlite, a => a.With("Storage:DataDirectory", database.DataDirectory));
        await app.CreateClient().GetAsync("/health");
        foreach (var name in new[] { "chatbot.db", "chatbot.db-wal", "chatbot.db-shm", "hangfire.db", "chatbot.lock" })
        {
            var path = Path.Combine(database.DataDirectory, name);
            // SQLite removes -wal and -shm when its last connection closes (a checkpoint under load can do that before
            // we look); when present they must be private too.
            if (name.EndsWith("-wal") || name.EndsWith("-shm")) { if (!File.Exists(path)) continue; }
            else Assert.True(File.Exists(path), name);
            Assert.True(File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{name}: {File.GetUnixFileMode(path)}");
        }
        var fresh = Path.Combine(Path.GetTempPath(), "chatbot-tests", Guid.NewGuid().ToString("N"), "data");
        await using var second = await ChatbotApp.StartAsync(StorageProvider.Sqlite, a => a.With("Storage:DataDirectory", fresh));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(fresh));
    }
}
