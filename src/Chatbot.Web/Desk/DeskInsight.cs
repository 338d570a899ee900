using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;

namespace Chatbot.Web.Desk;

/// <param name="AnsweredWithin4WorkingHours">Threads whose first staff reply came within 4 hours of office time (the ward's
/// office hours) of the request; of <paramref name="Answered"/>.</param>
/// <param name="MedianFirstResponse">Median wall-clock time to the first staff reply; null when nothing was answered.</param>
public sealed record WardDeskCounts(string? WardId, int Waiting, int Requested, int Answered, int AnsweredWithin4WorkingHours,
    TimeSpan? MedianFirstResponse);

/// <summary>The inbox's insight counts per ward: waiting now, and over the last 30 days how fast citizens were answered.</summary>
public sealed class DeskInsight(IDbConnectionFactory db, WardRegistry registry, TimeProvider clock)
{
    public static readonly TimeSpan Target = TimeSpan.FromHours(4);
    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<WardDeskCounts>> CountsAsync(WardScope scope, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = (await conn.QueryAsync<DeskThread>(new CommandDefinition($"""
            SELECT id AS Id, ward_id AS WardId, state AS State, origin AS Origin, requested_at AS RequestedAt,
                   first_response_at AS FirstResponseAt
            FROM desk_threads WHERE origin = 'citizen' AND (state = 'waiting' OR requested_at >= @since) AND {scope.Sql}
            """, new { since = clock.GetUtcNow() - Period, ward = scope.WardId }, cancellationToken: ct))).ToList();
        var book = await registry.CurrentAsync(ct);
        return rows.GroupBy(r => r.WardId).OrderBy(g => g.Key).Select(g =>
        {
            var hours = book.Details(g.Key)?.OfficeHours;
            var answered = g.Where(t => t.FirstResponseAt is not null).ToList();
            var durations = answered.Select(t => t.FirstResponseAt!.Value - t.RequestedAt).Order().ToList();
            var within = answered.Count(t => (hours?.WorkingTimeBetween(t.RequestedAt, t.FirstResponseAt!.Value)
                                              ?? t.FirstResponseAt!.Value - t.RequestedAt) <= Target);
            return new WardDeskCounts(g.Key, g.Count(t => t.State == ThreadStates.Waiting), g.Count(), answered.Count, within,
                durations.Count == 0 ? null : Median(durations));
        }).ToList();
    }

    static TimeSpan Median(IReadOnlyList<TimeSpan> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
