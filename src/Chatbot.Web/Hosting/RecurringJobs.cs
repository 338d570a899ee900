using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly;
using Polly.Retry;

namespace Chatbot.Web.Hosting;

/// <summary>A recurring job this service keeps registered in Hangfire (the dispatcher, the daily channel check). Here
/// rather than in Broadcasting, which owns the job server, so that Channels can register its job without depending on it.</summary>
internal sealed record RecurringJobRegistration(string Id, Action<IRecurringJobManager> AddOrUpdate);

internal static class RecurringJobs
{
    /// <summary>Registers <paramref name="call"/> as recurring job <paramref name="id"/> on <paramref name="cron"/> in
    /// Ho Chi Minh City time, once the service has started (see <see cref="RecurringJobsRegistrar"/>).</summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id,
        Expression<Func<TJob, Task>> call, string cron)
    {
        services.AddSingleton(new RecurringJobRegistration(id,
            manager => manager.AddOrUpdate(id, call, cron, new RecurringJobOptions { TimeZone = VietnamTime.Zone })));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RecurringJobsRegistrar>());
        return services;
    }
}

/// <summary>
/// Registers the recurring jobs after start-up instead of during it. Hangfire takes the job's lock to register it, and
/// an instance killed while its scheduler held that lock leaves the lock's row behind for Jobs:LockTimeout: the
/// restarted instance waited 15 s and then failed to start (CI, 2 December 2026). The registration stored by the earlier
/// run keeps firing meanwhile; this keeps trying, backing off to 30 s, until the lock is free.
/// </summary>
internal sealed class RecurringJobsRegistrar(IEnumerable<RecurringJobRegistration> jobs, IRecurringJobManager manager,
    ILogger<RecurringJobsRegistrar> log) : BackgroundService
{
    readonly ResiliencePipeline untilRegistered = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            UseJitter = true,
            OnRetry = args =>
            {
                log.LogWarning(args.Outcome.Exception, "Could not register a recurring job yet (attempt {Attempt}); trying again in {Delay}",
                    args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        foreach (var job in jobs)
        {
            // AddOrUpdate blocks (up to 15 s on a held lock): off the host's start-up thread.
            await untilRegistered.ExecuteAsync(_ => new ValueTask(Task.Run(() => job.AddOrUpdate(manager), stopping)), stopping);
            log.LogDebug("Recurring job {Id} registered", job.Id);
        }
    }
}
