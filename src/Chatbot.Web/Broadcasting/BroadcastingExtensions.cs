using Chatbot.Web.Hosting;
using Chatbot.Web.Observability;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Chatbot.Web.Broadcasting;

internal static class BroadcastingExtensions
{
    public static WebApplicationBuilder AddBroadcasting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BroadcastingOptions>().BindConfiguration(BroadcastingOptions.Section);
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section);
        services.AddSingleton<PostStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<PostRules>();
        services.AddSingleton<PostViews>();
        services.AddSingleton<PostWorkflow>();
        services.AddSingleton<Channels.Publishing.ICommentAnswerer, PostComments>();
        services.AddSingleton<CampaignWorkflow>();
        services.AddSingleton<PostScheduler>();
        services.AddSingleton<CampaignContent>();
        services.AddTransient<PublishDeliveryJob>();
        services.AddTransient<DispatchJob>();
        services.AddRecurringJob<DispatchJob>(DispatchJob.RecurringId, j => j.RunAsync(CancellationToken.None), DispatchJob.Cron);
        services.AddTransient<NotifySubscribersJob>();
        // The platforms register their publishers (IPagePublisher) with their own clients and retry pipelines.
        services.AddSingleton<Publishers>();

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        // The storage is this host's own singleton: Hangfire's default registration returns the process-wide
        // JobStorage.Current, which another host in the same process (tests) may have replaced or disposed.
        services.AddSingleton<JobStorage>(_ => CreateStorage(storage, jobs, builder.Configuration));
        // Jobs are built from this host's own services. Hangfire's default is JobActivator.Current, process-wide: with
        // several hosts in one process (tests) a job server could run its jobs on another host's disposed services.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) =>
        {
            lock (HangfireConfigurationGate) // GlobalConfiguration is process-wide and not thread-safe
                config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings()
                    .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()));
            JobFailureMetrics.Register(config);
        });
        if (jobs.ServerEnabled)
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = jobs.WorkerCount;
                o.SchedulePollingInterval = jobs.SchedulePollingInterval;
                o.Queues = ["default"];
            });
        return builder;
    }

    static readonly object HangfireConfigurationGate = new();

    static JobStorage CreateStorage(StorageOptions storage, JobsOptions jobs, IConfiguration configuration)
    {
        if (storage.Provider == StorageProvider.Postgres)
            return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(configuration.GetConnectionString("Postgres")!, new PostgreSqlStorageOptions()),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire", QueuePollInterval = jobs.QueuePollInterval, PrepareSchemaIfNecessary = true,
                    DistributedLockTimeout = jobs.LockTimeout,
                });
        Directory.CreateDirectory(storage.FullDataDirectory);
        return new SQLiteStorage(storage.HangfireSqliteFile, new SQLiteStorageOptions { QueuePollInterval = jobs.QueuePollInterval });
    }

    /// <summary>Dashboard (DistrictAdmin only) and API routes.</summary>
    public static WebApplication UseBroadcasting(this WebApplication app)
    {
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            AsyncAuthorization = [new DistrictAdminDashboardFilter()],
            IgnoreAntiforgeryToken = false, // the console's cookie reaches it too: its forms (delete, requeue) need the token
            DisplayStorageConnectionString = false,
            AppPath = "/",
        });
        app.MapPostsApi();
        return app;
    }
}

/// <summary>/hangfire only for a signed-in DistrictAdmin: the console's cookie (the default scheme picks it for this
/// path) or a Bearer token; never open.</summary>
internal sealed class DistrictAdminDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            var result = await http.AuthenticateAsync(BearerTokenHandler.SchemeName);
            if (result.Succeeded) http.User = result.Principal;
        }
        return http.User.IsInRole(Roles.DistrictAdmin);
    }
}
