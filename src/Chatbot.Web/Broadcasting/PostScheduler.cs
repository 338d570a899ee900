using Chatbot.Web.Channels;
using Cronos;
using Hangfire;

namespace Chatbot.Web.Broadcasting;

/// <summary>
/// Turns an approved post into deliveries and jobs: a one-off post gets its deliveries now and a delayed Hangfire job
/// each at the post's time; a recurring post gets its next occurrence, and <see cref="DispatchJob"/> creates each
/// occurrence's deliveries when it comes (cron in Asia/Ho_Chi_Minh).
/// </summary>
public sealed class PostScheduler(PostStore posts, DeliveryStore deliveries, ChannelDirectory channels, IBackgroundJobClient jobs, TimeProvider clock)
{
    public static CronExpression? ParseCron(string cron)
    {
        try
        {
            var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            return CronExpression.Parse(cron.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException) { return null; }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null past <paramref name="until"/>.</summary>
    public static DateTimeOffset? NextOccurrence(string cron, DateTimeOffset after, DateTimeOffset? until)
    {
        var next = ParseCron(cron)?.GetNextOccurrence(after, VietnamTime.Zone);
        return next is { } n && (until is null || n <= until) ? n.ToUniversalTime() : null;
    }

    /// <summary>Channels a post reaches in a ward: its platforms' channels listed for that ward.</summary>
    public IReadOnlyList<NewDelivery> Targets(PostRow post, IReadOnlyList<string> wardIds) =>
        wardIds.SelectMany(channels.ForWard)
            .Where(c => post.PlatformList.Contains(c.Platform))
            .Select(c => new NewDelivery(c.Id, c.WardId, c.Platform.Value))
            .ToList();

    /// <summary>Called once the post moved to 'scheduled'.</summary>
    public async Task ScheduleAsync(PostRow post, CancellationToken ct)
    {
        if (post.Cron is not null) return; // occurrences come from DispatchJob
        var dueAt = post.PublishAt!.Value;
        var ids = await deliveries.CreateAsync(post.Id, dueAt, Targets(post, await posts.WardsAsync(post.Id, ct)), ct);
        await EnqueueAsync(ids, dueAt, ct);
    }

    /// <summary>Hands deliveries to Hangfire, at their time (a delayed job) or now when already due.</summary>
    public async Task EnqueueAsync(IReadOnlyList<long> ids, DateTimeOffset dueAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var id in ids)
        {
            if (dueAt <= now) jobs.Enqueue<PublishDeliveryJob>(j => j.RunAsync(id, CancellationToken.None));
            else jobs.Schedule<PublishDeliveryJob>(j => j.RunAsync(id, CancellationToken.None), dueAt - now);
        }
        await deliveries.MarkEnqueuedAsync(ids, dueAt > now ? dueAt : now, ct);
    }
}
