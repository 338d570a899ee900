using System.Globalization;
using System.Text;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Quiz;
using Chatbot.Web.Staff;
using Chatbot.Web.Storage;
using Chatbot.Web.Wards;
using Dapper;
using Microsoft.AspNetCore.Mvc;

namespace Chatbot.Web.Pages.Admin;

/// <summary>
/// Numbers for decisions (issue 7): quiz participants, completions and average score per ward and team (the public
/// standings' fairness rule: a player's first completed attempt counts) and per week; the differences answered wrong
/// most often; how many questions wait in the review queue (/admin/questions); a reach report as CSV with Vietnamese
/// headings. Scoped like posts (issue 13, point 6): a ward's staff see only their ward (another ward is 404, the CSV has
/// their row only); a DistrictAdmin sees every ward or one.
/// </summary>
internal sealed class InsightModel(QuizCatalog quizzes, QuizStore store, QuizStandings standings, UnansweredQuestions unanswered,
    UnitDirectory units, IDbConnectionFactory db, TimeProvider clock) : ConsolePage
{
    public const int Weeks = 8;

    public sealed record Week(DateOnly Monday, int Participants, int Completions, double AverageScore);
    public sealed record Wrong(int Difference, string Title, long WrongAnswers, long Answers)
    {
        public double Share => Answers == 0 ? 0 : (double)WrongAnswers / Answers;
    }

    [FromQuery] public string? Ward { get; set; }

    public QuizBank Quiz => quizzes.Default;
    public IReadOnlyList<Standing> ByWard { get; private set; } = [];
    public IReadOnlyList<Standing> ByTeam { get; private set; } = [];
    public IReadOnlyList<Week> Series { get; private set; } = [];
    public IReadOnlyList<Wrong> MostWrong { get; private set; } = [];
    public int QuestionsWaiting { get; private set; }
    public IReadOnlyList<Unit> AllowedWards { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Ward is { Length: > 0 } && (units.Find(Ward) is null || !Staff.MayWorkOn(Ward))) return NotFound();
        if (!Staff.IsDistrictAdmin) Ward = Staff.WardId;
        AllowedWards = WardsFor(Staff, units, clock);
        ByWard = (await standings.ComputeAsync(Quiz.Id, StandingsBy.Ward, ct)).Where(w => Staff.MayWorkOn(w.Id)).ToList();
        ByTeam = (await standings.ComputeAsync(Quiz.Id, StandingsBy.Team, ct)).Where(t => Ward is not { Length: > 0 } || t.WardId == Ward).ToList();
        Series = await WeeklyAsync(ct);
        MostWrong = await MostWrongAsync(ct);
        QuestionsWaiting = (await unanswered.QueueAsync(WardScope.Of(Staff), ct)).Count(g => Ward is not { Length: > 0 } || g.WardId == Ward);
        return Page();
    }

    /// <summary>Per ward in scope: quiz reach and posts published there (UTF-8 with BOM for Excel).</summary>
    public async Task<IActionResult> OnGetReportAsync(CancellationToken ct)
    {
        var wards = (await standings.ComputeAsync(Quiz.Id, StandingsBy.Ward, ct)).Where(w => Staff.MayWorkOn(w.Id)).ToList();
        Dictionary<string, long> published;
        await using (var conn = await db.OpenAsync(ct))
            published = (await conn.QueryAsync<(string WardId, long Count)>(new CommandDefinition(
                "SELECT ward_id AS WardId, COUNT(*) AS Count FROM deliveries WHERE state = 'published' GROUP BY ward_id", cancellationToken: ct)))
                .ToDictionary(r => r.WardId, r => r.Count);
        var csv = new StringBuilder("Phường,Mã phường,Người tham gia trắc nghiệm,Người hoàn thành,Điểm trung bình,Điểm cao nhất,Lượt đăng bài thành công\r\n");
        foreach (var w in wards.OrderBy(w => w.Name, StringComparer.Create(Vietnamese, false)))
            csv.Append(Csv.Line(w.Name, w.Id, w.Participants, w.Completions, w.AverageScore.ToString("0.00", CultureInfo.InvariantCulture),
                w.BestScore, published.GetValueOrDefault(w.Id)));
        return File(Csv.Utf8WithBom(csv.ToString()), "text/csv; charset=utf-8", $"bao-cao-tiep-can-{VietnamTime.Today(clock):yyyy-MM-dd}.csv");
    }

    /// <summary>Players who started before the chart's first week (so the weeks and this add up to the ward table).</summary>
    public Week Earlier { get; private set; } = new(DateOnly.MinValue, 0, 0, 0);

    /// <summary>All players in scope: the sum of the weeks and <see cref="Earlier"/>.</summary>
    public Week Total { get; private set; } = new(DateOnly.MinValue, 0, 0, 0);

    /// <summary>
    /// Each player counted once, in the week they first played (Vietnam time): «Tham gia» is how many started that week,
    /// «Hoàn thành» how many of them have finished an attempt (their first finished one, as in the standings) and «Điểm
    /// TB» its average. So a week never shows more completions than participants, and the weeks plus «trước đó» add up
    /// to the ward table's totals. Players who never chose a ward are left out, as in the ward table.
    /// </summary>
    async Task<IReadOnlyList<Week>> WeeklyAsync(CancellationToken ct)
    {
        var today = VietnamTime.Today(clock);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstMonday = thisMonday.AddDays(-7 * (Weeks - 1));
        var attempts = (await store.AttemptsAsync(Quiz.Id, ct)).Where(a => a.WardId is not null && InWard(a.WardId)).ToList();
        static DateOnly MondayOf(DateTimeOffset t)
        {
            var d = DateOnly.FromDateTime(VietnamTime.ToLocal(t).DateTime);
            return d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        }
        var players = attempts.GroupBy(a => (a.Channel, a.UserId)).Select(p => (
            Started: MondayOf(p.Min(a => a.StartedAt)),
            Score: p.Where(a => a.FinishedAt is not null && a.Score is not null).OrderBy(a => a.FinishedAt).ThenBy(a => a.Id).FirstOrDefault()?.Score))
            .ToList();
        Week Of(DateOnly monday, IEnumerable<(DateOnly Started, int? Score)> cohort)
        {
            var list = cohort.ToList();
            var scores = list.Where(p => p.Score is not null).Select(p => p.Score!.Value).ToList();
            return new Week(monday, list.Count, scores.Count, scores.Count == 0 ? 0 : Math.Round(scores.Average(), 2));
        }
        Earlier = Of(DateOnly.MinValue, players.Where(p => p.Started < firstMonday));
        Total = Of(DateOnly.MinValue, players);
        return Enumerable.Range(0, Weeks).Select(i => firstMonday.AddDays(7 * i)).Select(monday => Of(monday, players.Where(p => p.Started == monday))).ToList();
    }

    async Task<IReadOnlyList<Wrong>> MostWrongAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<(string QuestionId, string? WardId, long Wrong, long Total)>(new CommandDefinition("""
            SELECT a.question_id AS QuestionId, t.ward_id AS WardId, SUM(1 - a.is_correct) AS Wrong, COUNT(*) AS Total
            FROM quiz_answers a JOIN quiz_attempts t ON t.id = a.attempt_id
            WHERE t.quiz_id = @quiz GROUP BY a.question_id, t.ward_id
            """, new { quiz = Quiz.Id }, cancellationToken: ct));
        return rows.Where(r => InWard(r.WardId))
            .Select(r => (Question: Quiz.Find(r.QuestionId), r.Wrong, r.Total)).Where(r => r.Question is not null)
            .GroupBy(r => r.Question!.Difference)
            .Select(g => new Wrong(g.Key, DifferenceTitle(g.Key), g.Sum(r => r.Wrong), g.Sum(r => r.Total)))
            .Where(w => w.WrongAnswers > 0)
            .OrderByDescending(w => w.Share).ThenByDescending(w => w.WrongAnswers).Take(10).ToList();
    }

    /// <summary>A result recorded under a ward counts for the ward chosen (a former ward for its successor).</summary>
    bool InWard(string? wardId) =>
        Ward is not { Length: > 0 } || wardId is { } w && units.Current(w, VietnamTime.Today(clock)).Any(u => u.Id == Ward);

    string DifferenceTitle(int number) =>
        HttpContext.RequestServices.GetRequiredService<Broadcasting.CampaignContent>().Differences.FirstOrDefault(d => d.Number == number)?.Title ?? "";
}
