using Chatbot.Web.Quiz;
using Chatbot.Web.Wards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chatbot.Web.Pages.Quiz;

/// <summary>
/// /q/{code}: a shared quiz link in the browser. Plays with the same engine and scoring as the chat (channel "web",
/// the player is an anonymous id in a cookie), so results count for the team and ward; or opens Messenger / Zalo.
/// One server-rendered form per question: no script needed, and a repeated post of the same question is a no-op.
/// </summary>
internal sealed class PlayModel(QuizCatalog catalog, QuizEngine engine, QuizStandings standings, QuizLinks links,
    UnitDirectory units, WardRegistry registry, TimeProvider clock) : PageModel
{
    const string PlayerCookie = "quiz_player";

    public enum Stage { Landing, Question, Result }

    public QuizCatalog Texts => catalog;
    public QuizBank Quiz { get; private set; } = null!;
    public Team? Team { get; private set; }
    /// <summary>A deactivated team's link: the quiz still plays, without counting for the team.</summary>
    public Team? InactiveTeam { get; private set; }
    public bool UnknownCode { get; private set; }
    public ShareLinks? Share { get; private set; }
    public IReadOnlyList<Unit> Wards { get; private set; } = [];
    public Stage Now { get; private set; }
    public AttemptState? Attempt { get; private set; }
    public QuizPlan? Plan { get; private set; }
    public AnswerOutcome? Outcome { get; private set; }
    public IReadOnlyList<int> ToReview { get; private set; } = [];
    public IReadOnlyList<string> StandingLines { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (PlayerId() is { } id && await FindOpenAsync(id, ct) is { } open) Show(open);
    }

    public async Task OnPostStartAsync(string? ward, CancellationToken ct)
    {
        await LoadAsync(ct);
        var wardId = ward is not null && units.Find(ward) is { } u && u.IsActiveOn(VietnamTime.Today(clock)) ? u.Id : Team?.WardId;
        var (attempt, _) = await engine.StartOrResumeAsync(Quiz, Player(EnsurePlayerId()), Team?.Code, wardId, ct);
        Show(attempt);
    }

    public async Task OnPostAnswerAsync(int question, int choice, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (PlayerId() is not { } id || await FindOpenAsync(id, ct) is not { } open) return; // finished or never started
        var plan = QuizEngine.PlanOf(open, Quiz);
        // Only an answer to the question on screen counts: a double-tap or a resent form answers nothing twice.
        if (question != open.Position || choice < 0 || choice >= plan[open.Position].Order.Count) { Show(open); return; }
        Outcome = await engine.AnswerAsync(open, plan, choice, null, ct);
        var after = await engine.GetAsync(open.Attempt.Id, ct);
        Show(after!);
        if (after!.Finished) await ResultAsync(after, ct);
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var found = (await registry.CurrentAsync(ct)).FindTeam(Code);
        Team = found is { Active: true } ? found : null;
        InactiveTeam = found is { Active: false } ? found : null;
        Quiz = catalog.Find(Code) ?? catalog.Default;
        UnknownCode = found is null && catalog.Find(Code) is null;
        Share = Team is null ? null : links.For(Quiz.Id, Team);
        Wards = units.ActiveOn(VietnamTime.Today(clock));
        Now = Stage.Landing;
        ViewData["Title"] = Quiz.Title;
    }

    void Show(AttemptState attempt)
    {
        Attempt = attempt;
        Plan = QuizEngine.PlanOf(attempt, Quiz);
        Now = attempt.Finished ? Stage.Result : Stage.Question;
    }

    async Task ResultAsync(AttemptState attempt, CancellationToken ct)
    {
        ToReview = attempt.Answers.Where(a => !a.IsCorrect).Select(a => Quiz.Find(a.QuestionId)?.Difference ?? 0)
            .Where(d => d > 0).Distinct().Order().ToList();
        var lines = new List<string>();
        foreach (var (by, id) in new[] { (StandingsBy.Ward, attempt.Attempt.WardId), (StandingsBy.Team, attempt.Attempt.TeamCode) })
        {
            if (id is null) continue;
            var rows = await standings.ComputeAsync(Quiz.Id, by, ct);
            if (rows.FirstOrDefault(r => r.Id == id) is { } r)
                lines.Add(catalog.Text("standing", r.Name, r.Rank, rows.Count, r.Completions, r.AverageScore, Quiz.QuestionsPerAttempt));
        }
        StandingLines = lines;
    }

    async Task<AttemptState?> FindOpenAsync(string playerId, CancellationToken ct) =>
        await engine.FindUnfinishedAsync(Quiz, Player(playerId), ct);

    static Player Player(string id) => new("web", id);

    string? PlayerId() => Request.Cookies.TryGetValue(PlayerCookie, out var id) && Guid.TryParse(id, out _) ? id : null;

    string EnsurePlayerId()
    {
        if (PlayerId() is { } id) return id;
        id = Guid.NewGuid().ToString("N");
        Response.Cookies.Append(PlayerCookie, id, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365),
            Secure = Request.IsHttps,
        });
        return id;
    }
}
