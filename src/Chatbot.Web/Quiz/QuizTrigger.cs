using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Quiz;

/// <summary>
/// Ways into the quiz besides the main menu ("quiz", "trắc nghiệm", "thi" are menu words): a share code ("QUIZ SG01A1"
/// typed or tapped on Zalo, "quiz.cds-17.SG01A1" from a Messenger ref) and "bảng xếp hạng" for the standings.
/// </summary>
internal sealed class QuizTrigger(QuizCatalog catalog, QuizStandings standings, WardRegistry registry) : ITopicTrigger
{
    static readonly HashSet<string> StandingsWords = ["bang xep hang", "xep hang", "bxh", "ket qua thi dua", "thu hang"];

    public int Order => 50;

    public static bool IsTriggerPhrase(string text) =>
        QuizLinks.TryParseCode(text, out _, out _) || StandingsWords.Contains(VietnameseText.Fold(text));

    public async Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (StandingsWords.Contains(VietnameseText.Fold(text)))
        {
            await ShowStandingsAsync(dc, catalog.Default, ct);
            if (dc.Active is { Id: QuizDialog.DialogId } && dc.Dialogs.Find(QuizDialog.DialogId) is { } quiz)
                await quiz.ResumeAsync(dc, ct); // back to the question the citizen was on
            return true;
        }
        if (!QuizLinks.TryParseCode(text, out var quizId, out var code)) return false;

        var bank = quizId is null ? catalog.Default : catalog.Find(quizId) ?? catalog.Default;
        var team = (await registry.CurrentAsync(ct)).FindTeam(code);
        if (team is not { Active: true })
        {
            // A deactivated team's link still reaches the quiz, politely, without counting for the team.
            await dc.SendAsync(team is null ? catalog.Text("unknown_code", code) : catalog.Text("inactive_code", team.Name, code), ct);
            await dc.BeginAsync(QuizDialog.DialogId, QuizDialog.Options(bank.Id, null), ct);
            return true;
        }
        await dc.BeginAsync(QuizDialog.DialogId, QuizDialog.Options(bank.Id, code), ct);
        return true;
    }

    async Task ShowStandingsAsync(DialogContext dc, QuizBank quiz, CancellationToken ct)
    {
        var rows = await standings.ComputeAsync(quiz.Id, StandingsBy.Ward, ct);
        if (rows.All(r => r.Completions == 0))
        {
            await dc.SendAsync(catalog.Text("leaderboard_empty", quiz.Title), ct);
            return;
        }
        var lines = new List<string> { catalog.Text("leaderboard_title", quiz.Title) };
        lines.AddRange(rows.Select(r => catalog.Text("leaderboard_row", r.Rank, r.Name, r.Completions, r.AverageScore, r.BestScore)));
        if (dc.User.TeamCode is { } code)
        {
            var teams = await standings.ComputeAsync(quiz.Id, StandingsBy.Team, ct);
            if (teams.FirstOrDefault(t => t.Id == code) is { } t)
                lines.Add(catalog.Text("standing", t.Name, t.Rank, teams.Count, t.Completions, t.AverageScore, quiz.QuestionsPerAttempt));
        }
        lines.Add(catalog.Text("leaderboard_rule"));
        await dc.SendAsync(string.Join("\n", lines), ct);
    }
}
