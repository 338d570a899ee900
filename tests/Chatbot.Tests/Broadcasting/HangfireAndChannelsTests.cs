using System.Net;
using Chatbot.Simulator;
using Chatbot.Tests.Channels;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Broadcasting;
using Chatbot.Web;
using Chatbot.Web.Subscriptions;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Broadcasting;

/// <summary>Tests that create Hangfire jobs run one after another in this collection. They once had to run alone
/// (creating jobs while another host started failed intermittently), until each host got its own JobStorage, a locked
/// configuration and a log provider that outlives a stopped host; since then they run beside the other collections
/// (two full runs under load, SQLite and PostgreSQL, without a failure) instead of after all of them.</summary>
[CollectionDefinition(Name)]
public sealed class HangfireCollection { public const string Name = "hangfire"; }

[Collection(HangfireCollection.Name)]
public sealed class RealJobServerTests
{
    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_real_job_server_publishes_a_post_at_its_time(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider, configure: app => app.WithRealClock()
            .With("Jobs:ServerEnabled", "true").With("Jobs:SchedulePollingInterval", "00:00:01").With("Jobs:QueuePollInterval", "00:00:00.500"));
        // Far enough ahead that the post is still in the future when the API reads it on a loaded machine (3 s was not).
        var at = DateTimeOffset.UtcNow.AddSeconds(15).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        var post = await kit.ScheduledPostAsync(new { text = "Hangfire thật", wards = new[] { "sai-gon" }, platforms = new[] { "facebook" }, at });
        var deliveryId = Assert.Single(post.Deliveries).Id;

        // Wait (bounded) for the job server to run the delayed job: poll the delivery row, not a fixed sleep. The bound is
        // generous because CI runs this beside the rest of the suite on two cores (it failed once there at 60 s on
        // PostgreSQL, with nothing to say why): a failure now says what Hangfire had done with the job.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        DeliveryRow? row;
        while ((row = await kit.Get<DeliveryStore>().FindAsync(deliveryId, default))!.State != PostStates.Published && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.True(row!.State == PostStates.Published, $"delivery {row.State} after 120 s; Hangfire: {JobSummary(kit.Get<JobStorage>())}");
        Assert.True(row.PublishedAt >= DateTimeOffset.Parse(at).AddSeconds(-1), "not before its time");
        var sandbox = Assert.Single(await kit.Get<DeliveryStore>().SandboxAsync("sai-gon-facebook", 10, default));
        Assert.Equal("Hangfire thật", sandbox.Text);
    }

    [Fact]
    public async Task A_host_builds_its_jobs_from_its_own_services_even_after_another_host_came_and_went()
    {
        await using var kit = await BroadcastKit.StartAsync();
        // Another host in this process sets Hangfire's process-wide defaults, then stops (as tests do all the time). This
        // host's job server once took that process-wide activator and ran jobs on the stopped host's disposed services.
        await (await ChatbotApp.StartAsync()).DisposeAsync();
        using var connection = kit.Get<JobStorage>().GetConnection();
        var context = new JobActivatorContext(connection,
            new BackgroundJob("1", Job.FromExpression<DispatchJob>(j => j.RunAsync(CancellationToken.None)), DateTime.UtcNow), new JobCancellationToken(false));
        using var scope = kit.Get<JobActivator>().BeginScope(context); // what the job server does for each job
        Assert.IsType<DispatchJob>(scope.Resolve(typeof(DispatchJob)));
    }

    [SkippableFact]
    [Trait("Provider", "Postgres")] // PostgreSQL only, whatever the default provider: the second pass leaves it out
    public async Task The_scheduler_lock_of_a_killed_instance_is_taken_over_after_the_lock_timeout()
    {
        TestDatabase.RequirePostgres();
        await using var kit = await BroadcastKit.StartAsync(StorageProvider.Postgres, configure: app => app.With("Jobs:LockTimeout", "00:00:03"));
        // What an instance killed while its recurring-job scheduler held the lock leaves behind: the lock's row (as the
        // storage names it), and nobody to delete it.
        await using (var conn = new Npgsql.NpgsqlConnection(kit.App.Database.PostgresConnectionString))
        {
            await conn.OpenAsync();
            await new Npgsql.NpgsqlCommand(
                "INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('hangfire:recurring-jobs:lock', 0, now() AT TIME ZONE 'UTC')",
                conn).ExecuteNonQueryAsync();
        }

        // With Hangfire.PostgreSql's own default (10 minutes) this waits out its 30 s and throws.
        using var connection = kit.Get<JobStorage>().GetConnection();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        using (connection.AcquireDistributedLock("recurring-jobs:lock", TimeSpan.FromSeconds(30)))
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(25), $"took the lock after {waited.Elapsed.TotalSeconds:0} s");
    }

    [SkippableFact]
    [Trait("Provider", "Postgres")]
    public async Task An_instance_restarted_while_a_killed_one_still_holds_a_recurring_jobs_lock_starts_and_registers_the_job_once_it_is_free()
    {
        TestDatabase.RequirePostgres();
        await using var kit = await BroadcastKit.StartAsync(StorageProvider.Postgres);
        await Eventually.TrueAsync(() => Task.FromResult(RecurringCron(kit, DispatchJob.RecurringId) == DispatchJob.Cron), "the dispatcher registered");
        // The previous version dispatched every five minutes, and its instance was killed while its scheduler held the
        // dispatcher's lock: the lock's row stays for Jobs:LockTimeout (2 minutes), with nobody to delete it.
        kit.Get<IRecurringJobManager>().AddOrUpdate<DispatchJob>(DispatchJob.RecurringId, j => j.RunAsync(CancellationToken.None), "*/5 * * * *",
            new RecurringJobOptions { TimeZone = VietnamTime.Zone });
        var lockRow = $"hangfire:lock:recurring-job:{DispatchJob.RecurringId}";
        await ExecuteAsync(kit, $"INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('{lockRow}', 0, now() AT TIME ZONE 'UTC')");
        using (var connection = kit.Get<JobStorage>().GetConnection())
            Assert.Contains(lockRow, Assert.ThrowsAny<Exception>( // the storage's own "timeout expired" for that resource
                () => connection.AcquireDistributedLock($"lock:recurring-job:{DispatchJob.RecurringId}", TimeSpan.FromMilliseconds(300))).Message);

        // Registering the dispatcher during start-up waited 15 s for that lock and then stopped the start.
        await kit.RestartAsync();
        Assert.Equal("*/5 * * * *", RecurringCron(kit, DispatchJob.RecurringId)); // the stored registration still fires
        Assert.Equal(HttpStatusCode.OK, (await kit.App.CreateClient().GetAsync("/health/ready")).StatusCode);

        await ExecuteAsync(kit, $"DELETE FROM hangfire.lock WHERE resource = '{lockRow}'"); // as when the lock times out
        await Eventually.TrueAsync(() => Task.FromResult(RecurringCron(kit, DispatchJob.RecurringId) == DispatchJob.Cron),
            "the new schedule registered once the lock was free", timeoutMs: 60_000);
    }

    internal static string? RecurringCron(BroadcastKit kit, string id)
    {
        using var connection = kit.Get<JobStorage>().GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).SingleOrDefault(j => j.Id == id)?.Cron;
    }

    static async Task ExecuteAsync(BroadcastKit kit, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(kit.App.Database.PostgresConnectionString);
        await conn.OpenAsync();
        await new Npgsql.NpgsqlCommand(sql, conn).ExecuteNonQueryAsync();
    }

    static string JobSummary(JobStorage storage)
    {
        var api = storage.GetMonitoringApi();
        var stats = api.GetStatistics();
        var failed = api.FailedJobs(0, 5).Select(j => $"{j.Value.ExceptionType}: {j.Value.ExceptionMessage}");
        return $"scheduled {stats.Scheduled}, enqueued {stats.Enqueued}, processing {stats.Processing}, succeeded {stats.Succeeded}, " +
            $"failed {stats.Failed} [{string.Join("; ", failed)}], servers {stats.Servers}";
    }

}

[Collection(HangfireCollection.Name)]
public sealed class HangfireAndChannelsTests
{
    [Fact]
    public async Task The_dispatcher_is_a_recurring_job_in_Ho_Chi_Minh_time_and_the_dashboard_is_closed_to_all_but_admins()
    {
        await using var kit = await BroadcastKit.StartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(RealJobServerTests.RecurringCron(kit, DispatchJob.RecurringId) == DispatchJob.Cron), "the dispatcher registered");
        using var connection = kit.Get<JobStorage>().GetConnection();
        var job = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == DispatchJob.RecurringId);
        Assert.Equal("Asia/Ho_Chi_Minh", job.TimeZoneId);

        Assert.Equal(HttpStatusCode.Unauthorized, (await kit.App.CreateClient().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await kit.StaffAsync("ed", Roles.WardEditor, "sai-gon")).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await kit.StaffAsync("ad", Roles.DistrictAdmin, null)).GetAsync("/hangfire")).StatusCode);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_zalo_post_is_created_verified_after_processing_and_broadcast_once(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider, connected: ["sai-gon-zalo"]);
        kit.Simulator.Articles().ProcessingPolls = 1; // the first verify answers -214
        var post = await kit.ScheduledPostAsync(new { text = "Tin Zalo\nNội dung", wards = new[] { "sai-gon" }, platforms = new[] { "zalo" }, at = "2026-11-26T09:00:00+07:00" });
        await kit.RunJobsUntilSettledAsync();
        var delivery = Assert.Single(await kit.DeliveriesAsync());
        Assert.Equal((PostStates.Published, 2), (delivery.State, delivery.Attempts)); // attempt 1: still processing; attempt 2 resumed at verify
        Assert.Single(kit.Simulator.Requests, r => r.Path.EndsWith("/article/create"));
        var article = Assert.Single(kit.Simulator.Articles().Articles);
        Assert.Equal("Tin Zalo", article.Message);
        Assert.Equal([article.Id], kit.Simulator.Articles().Broadcasts);
        Assert.Equal(article.Id, delivery.PlatformPostId);
        Assert.Equal(post.Id, delivery.PostId);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_citizen_subscribes_in_chat_is_notified_once_where_allowed_and_unsubscribes(StorageProvider provider)
    {
        await using var kit = await BroadcastKit.StartAsync(provider);
        var first = await kit.App.SayAsync("Nhận tin của phường", user: "citizen-1");
        Assert.Contains("phường nào", first.Texts());
        var done = await kit.App.SayAsync("Sài Gòn", user: "citizen-1");
        Assert.Contains("Đã đăng ký nhận tin của Phường Sài Gòn", done.Texts());
        await kit.App.SayAsync("Nhận tin của phường", conversation: "conv-2", user: "fb-1", channel: "facebook");
        await kit.App.SayAsync("Sài Gòn", conversation: "conv-2", user: "fb-1", channel: "facebook");

        var post = await kit.ScheduledPostAsync(new { text = "Tin cho người đăng ký", wards = new[] { "sai-gon" }, at = "2026-11-26T09:00:00+07:00" });
        await kit.RunJobsUntilSettledAsync();
        foreach (var d in await kit.DeliveriesAsync()) await kit.Get<NotifySubscribersJob>().RunAsync(d.Id, default); // both channels: once each
        var admin = await kit.StaffAsync("admin-n", Roles.DistrictAdmin, null);
        var view = await BroadcastKit.ReadPostAsync(await admin.GetAsync($"/api/posts/{post.Id}"));
        Assert.Equal(2, view.Notifications.Sum(n => n.Count));
        Assert.Contains(view.Notifications, n => n is { Outcome: "skipped", Reason: "channel-cannot-push", Count: 1 }); // emulator
        Assert.Contains(view.Notifications, n => n is { Outcome: "sandbox", Count: 1 }); // Messenger, inside 24 h

        var bye = await kit.App.SayAsync("Hủy đăng ký", user: "citizen-1");
        Assert.Contains("Đã hủy đăng ký", bye.Texts());
        Assert.Null(await kit.Get<SubscriptionStore>().FindAsync("emulator", "citizen-1", default));
    }
}
