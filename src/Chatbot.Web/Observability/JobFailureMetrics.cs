using Hangfire;
using Hangfire.States;

namespace Chatbot.Web.Observability;

/// <summary>Counts every failed attempt of a background job (Hangfire moves it to Failed, or schedules its retry), by
/// job class and method.</summary>
internal sealed class JobFailureMetrics : IElectStateFilter
{
    static readonly Lock Gate = new();

    /// <summary>Hangfire's filters are process-wide: registered once however many hosts start in the process.</summary>
    public static void Register(IGlobalConfiguration config)
    {
        lock (Gate)
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobFailureMetrics)) config.UseFilter(new JobFailureMetrics());
    }

    public void OnStateElection(ElectStateContext context)
    {
        // Seen before AutomaticRetry as Failed, or after it as the retry it scheduled instead: either way one failed attempt.
        var failed = context.CandidateState is FailedState
                     || context.CandidateState is ScheduledState { Reason: { } reason } && reason.StartsWith("Retry attempt", StringComparison.Ordinal);
        if (failed)
            ChatbotTelemetry.JobFailed(context.BackgroundJob.Job is { } job ? $"{job.Type.Name}.{job.Method.Name}" : "unknown");
    }
}
