using Chatbot.Web.Wards;

namespace Chatbot.Web.Quiz;

public enum StandingsBy { Ward, Team }

/// <summary>One ward's or team's line in the standings.</summary>
public sealed record Standing(int Rank, string Id, string Name, string? WardId, int Participants, int Completions,
    double AverageScore, int BestScore);

/// <summary>
/// Ward and team standings. Fair by rule: a player's first completed attempt per quiz counts; retries are for learning.
/// Participants are players with any attempt there. Results recorded under a former ward count for its successor; a
/// split ward's results count for the player's latest ward in force. Ranked by completions (people reached), then
/// average score. Computed from the attempt rows on each call: a civic quiz has thousands of rows, not millions.
/// </summary>
internal sealed class QuizStandings(QuizStore store, UnitDirectory units, WardRegistry registry, TimeProvider clock)
{
    public async Task<IReadOnlyList<Standing>> ComputeAsync(string quizId, StandingsBy by, CancellationToken ct) =>
        Compute(await store.AttemptsAsync(quizId, ct), by, VietnamTime.Today(clock), await registry.CurrentAsync(ct));

    /// <summary>Ward and team standings from one read of the attempt rows (the end of an attempt shows both).</summary>
    public async Task<(IReadOnlyList<Standing> Wards, IReadOnlyList<Standing> Teams)> ComputeBothAsync(string quizId, CancellationToken ct)
    {
        var attempts = await store.AttemptsAsync(quizId, ct);
        var today = VietnamTime.Today(clock);
        var book = await registry.CurrentAsync(ct);
        return (Compute(attempts, StandingsBy.Ward, today, book), Compute(attempts, StandingsBy.Team, today, book));
    }

    IReadOnlyList<Standing> Compute(IReadOnlyList<AttemptRow> attempts, StandingsBy by, DateOnly today, WardBook book)
    {
        var players = attempts.GroupBy(a => (a.Channel, a.UserId)).ToList();

        // A split former ward has no single successor: use the player's latest attempt under a ward in force.
        string? WardOf(AttemptRow a, IReadOnlyList<AttemptRow> mine)
        {
            if (a.WardId is null) return null;
            if (units.Current(a.WardId, today) is [var one]) return one.Id;
            return mine.Select(m => m.WardId).OfType<string>().Reverse()
                .Select(w => units.Current(w, today)).FirstOrDefault(c => c.Count == 1)?[0].Id ?? a.WardId;
        }
        string? KeyOf(AttemptRow a, IReadOnlyList<AttemptRow> mine) =>
            by == StandingsBy.Ward ? WardOf(a, mine) : a.TeamCode?.ToUpperInvariant();

        var participants = new Dictionary<string, HashSet<(string, string)>>();
        var firsts = new Dictionary<string, List<int>>();
        foreach (var player in players)
        {
            var mine = player.ToList();
            foreach (var key in mine.Select(a => KeyOf(a, mine)).OfType<string>().Distinct())
                (participants.TryGetValue(key, out var set) ? set : participants[key] = []).Add(player.Key);
            var first = mine.Where(a => a.FinishedAt is not null && a.Score is not null)
                .OrderBy(a => a.FinishedAt).ThenBy(a => a.Id).FirstOrDefault();
            if (first is not null && KeyOf(first, mine) is { } k)
                (firsts.TryGetValue(k, out var list) ? list : firsts[k] = []).Add(first.Score!.Value);
        }

        var rows = Entries(by, today, book, participants.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase)).Select(e =>
        {
            var scores = firsts.GetValueOrDefault(e.Id) ?? [];
            return new Standing(0, e.Id, e.Name, e.WardId, participants.GetValueOrDefault(e.Id)?.Count ?? 0, scores.Count,
                scores.Count == 0 ? 0 : Math.Round(scores.Average(), 2), scores.Count == 0 ? 0 : scores.Max());
        });
        return rows.OrderByDescending(r => r.Completions).ThenByDescending(r => r.AverageScore)
            .ThenByDescending(r => r.Participants).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select((r, i) => r with { Rank = i + 1 })
            .ToList();
    }

    /// <summary>Every ward in force and every active team is listed, so a ward with no players yet still shows (as 0); a
    /// deactivated team stays listed while it has results (they are kept). Names as staff keep them (the database).</summary>
    IEnumerable<(string Id, string Name, string? WardId)> Entries(StandingsBy by, DateOnly today, WardBook book, IReadOnlySet<string> played) =>
        by == StandingsBy.Ward
            ? units.ActiveOn(today).Select(u => (u.Id, book.NameOf(u), (string?)u.Id))
            : book.Teams.Where(t => t.Active || played.Contains(t.Code)).Select(t => (t.Code, t.Name, (string?)t.WardId));
}
