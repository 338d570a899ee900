using Chatbot.Web.Conversations;
using Chatbot.Web.Conversations.Dialogs;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Wards;

namespace Chatbot.Web.Quiz;

/// <summary>
/// The quiz in chat, the same on every channel. State keeps only the attempt id, the position and a miss count; the
/// attempt and answer rows are the truth, so an attempt left with "dừng" (which pops this dialog) or forgotten for days
/// resumes from the rows when the citizen starts the quiz again.
/// </summary>
internal sealed class QuizDialog(QuizCatalog catalog, QuizEngine engine, QuizStandings standings, QuizLinks links,
    UnitDirectory units, WardRegistry registry) : IDialog
{
    public const string DialogId = "quiz";
    public string Id => DialogId;

    /// <summary>Options for <see cref="DialogContext.BeginAsync"/>: "quizId" or "quizId|TEAMCODE".</summary>
    public static string Options(string quizId, string? teamCode) => teamCode is null ? quizId : $"{quizId}|{teamCode}";

    public async Task BeginAsync(DialogContext dc, string? options, CancellationToken ct)
    {
        var (quizId, team) = options?.Split('|') switch
        {
            [var q, var t] => (q, t),
            [var q] when q.Length > 0 => (q, null),
            _ => (catalog.Default.Id, (string?)null),
        };
        var state = dc.Active!;
        state.Set("quiz", (catalog.Find(quizId) ?? catalog.Default).Id);
        var book = await registry.CurrentAsync(ct);
        if (team is not null && book.FindTeam(team) is { Active: true } found)
        {
            dc.User.TeamCode = found.Code; // remembered: later attempts count for this team too
            await dc.SendAsync(catalog.Text("team_joined", found.Name, units.Find(found.WardId)?.ShortName ?? found.WardId), ct);
        }
        if (dc.User.WardId is null)
        {
            await dc.SendAsync(catalog.Text("ask_ward"), ct);
            await dc.BeginAsync(ChooseWardDialog.DialogId, null, ct); // ends by resuming this dialog
            return;
        }
        await StartAsync(dc, ct);
    }

    async Task StartAsync(DialogContext dc, CancellationToken ct)
    {
        var quiz = QuizOf(dc.Active!);
        // A remembered team that was deactivated since no longer collects new results (its past ones stay).
        if (dc.User.TeamCode is { } remembered && (await registry.CurrentAsync(ct)).FindTeam(remembered) is not { Active: true })
            dc.User.TeamCode = null;
        var (attempt, resumed) = await engine.StartOrResumeAsync(quiz, PlayerOf(dc), dc.User.TeamCode, dc.User.WardId, ct);
        var state = dc.Active!;
        state.Set("attempt", attempt.Attempt.Id);
        state.Set("misses", null);
        var plan = QuizEngine.PlanOf(attempt, quiz);
        await dc.SendAsync(resumed
            ? catalog.Text("resume", quiz.Title, attempt.Position, plan.Count)
            : catalog.Text("intro", quiz.Title, plan.Count), ct);
        await AskAsync(dc, attempt.Position, plan, ct);
    }

    /// <summary>A command word typed without diacritics that is also an option of the current question ("dung" when
    /// «Đúng» is an option) is the quiz's to sort out; "dừng" typed with its accents stays the command.</summary>
    public async Task<bool> ClaimsAsync(DialogContext dc, string text, CancellationToken ct)
    {
        if (VietnameseText.Fold(text) != VietnameseText.Nfc(text).ToLowerInvariant()) return false;
        if (dc.Active!.Get("attempt") is not { } id || await engine.GetAsync(long.Parse(id), ct) is not { Finished: false } attempt) return false;
        var plan = QuizEngine.PlanOf(attempt, QuizOf(dc.Active));
        return attempt.Position < plan.Count && plan[attempt.Position].Match(text) is not null;
    }

    public async Task<bool> ContinueAsync(DialogContext dc, string text, CancellationToken ct)
    {
        var state = dc.Active!;
        if (QuizTrigger.IsTriggerPhrase(text)) return false; // a share code or "bảng xếp hạng": let the trigger take it
        if (state.Get("attempt") is null) return false;
        var quiz = QuizOf(state);
        var attempt = await engine.GetAsync(long.Parse(state.Get("attempt")!), ct);
        if (attempt is null || attempt.Finished)
        {
            await dc.EndAsync(ct);
            return false;
        }
        var plan = QuizEngine.PlanOf(attempt, quiz);
        if (attempt.Position >= plan.Count) { await dc.EndAsync(ct); return false; }
        if (dc.Turn.Activity.Id is { } activityId && attempt.Answers.Any(a => a.ActivityId == activityId))
            return true; // a replayed webhook of an answer already taken: nothing to record or say again

        var planned = plan[attempt.Position];
        if (GlobalCommands.Match(text) != GlobalCommand.None && planned.Match(text) is { } meant)
        {
            // Claimed (ClaimsAsync): an option that is also a command without its diacritics. Guessing either way
            // loses something (an answer, or the attempt's place), so the citizen picks with a tap.
            await dc.SendAsync(catalog.Text("ambiguous", text.Trim(), planned.Letter(meant), planned.OptionText(meant)),
                [Choice.Of(planned.Letter(meant)), new Choice(catalog.Text("ambiguous_stop"), "dừng")], ct);
            return true;
        }
        if (planned.Match(text) is not { } chosen)
        {
            var misses = state.GetInt("misses") + 1;
            if (misses >= 2)
            {
                // Second miss: maybe a question. The bot tries to answer it, then ResumeAsync shows the question again.
                state.Set("misses", null);
                return false;
            }
            state.Set("misses", misses);
            await dc.SendAsync(catalog.Text("reask") + "\n" + planned.OptionLines(), Buttons(planned), ct);
            return true;
        }
        state.Set("misses", null);

        var outcome = await engine.AnswerAsync(attempt, plan, chosen, dc.Turn.Activity.Id, ct);
        if (outcome is null) return true; // answered meanwhile by a duplicate delivery
        state.Set("pos", outcome.Answered);
        await dc.SendAsync(Feedback(outcome), ct);
        if (!outcome.Finished)
        {
            await AskAsync(dc, outcome.Answered, plan, ct);
            return true;
        }
        await dc.EndAsync(ct);
        await FinishAsync(dc, quiz, attempt, plan, outcome, ct);
        return true;
    }

    public async Task ResumeAsync(DialogContext dc, CancellationToken ct)
    {
        var state = dc.Active!;
        if (state.Get("attempt") is not { } id)
        {
            await StartAsync(dc, ct); // back from choose-ward
            return;
        }
        var attempt = await engine.GetAsync(long.Parse(id), ct);
        if (attempt is null || attempt.Finished) { await dc.EndAsync(ct); return; }
        await AskAsync(dc, attempt.Position, QuizEngine.PlanOf(attempt, QuizOf(state)), ct);
    }

    Task AskAsync(DialogContext dc, int answered, QuizPlan plan, CancellationToken ct)
    {
        var position = Math.Min(answered, plan.Count - 1);
        dc.Active!.Set("pos", position);
        var planned = plan[position];
        return dc.SendAsync(catalog.Text("question", position + 1, plan.Count, planned.Question.Ask) + "\n" + planned.OptionLines(),
            Buttons(planned), ct);
    }

    static IReadOnlyList<Choice> Buttons(PlannedQuestion planned) =>
        planned.Order.Select((_, i) => Choice.Of(planned.Letter(i))).ToList();

    string Feedback(AnswerOutcome o)
    {
        var explain = catalog.Text("explain", o.Question.Question.Explain, o.Question.Question.Difference);
        if (o.Correct) return catalog.Text("correct") + " " + explain;
        var right = o.Question.CorrectDisplayIndex;
        return catalog.Text("wrong", $"{o.Question.Letter(right)}. {o.Question.OptionText(right)}", explain);
    }

    async Task FinishAsync(DialogContext dc, QuizBank quiz, AttemptState attempt, QuizPlan plan, AnswerOutcome last,
        CancellationToken ct)
    {
        var final = await engine.GetAsync(attempt.Attempt.Id, ct);
        var missed = final!.Answers.Where(a => !a.IsCorrect)
            .Select(a => quiz.Find(a.QuestionId)?.Difference ?? 0).Where(d => d > 0).Distinct().Order().ToList();
        var lines = new List<string> { catalog.Text("finished", last.Score, last.Count) };
        lines.Add(missed.Count == 0 ? catalog.Text("perfect")
            : catalog.Text("review", string.Join(", ", missed.Select(d => catalog.Text("review_label", d)))));
        lines.AddRange(await StandingLinesAsync(quiz, final.Attempt, ct));
        lines.Add(catalog.Text("leaderboard_rule"));
        if (final.Attempt.TeamCode is { } code && (await registry.CurrentAsync(ct)).FindTeam(code) is { Active: true } team)
        {
            var share = links.For(quiz.Id, team);
            lines.Add(catalog.Text("share"));
            foreach (var chat in share.Chats)
                lines.Add(chat.TypeCode ? catalog.Text("share_chat_typed", chat.ChatName, chat.Link, share.TypedCode)
                    : catalog.Text("share_chat", chat.ChatName, chat.Link));
            lines.Add(catalog.Text("share_web", share.Web));
        }
        var buttons = missed.Take(10)
            .Select(d => new Choice(catalog.Text("review_label", d), catalog.Text("review_say", d)))
            .Prepend(new Choice(catalog.Text("retry_label"), catalog.Text("retry_say")))
            .ToList();
        await dc.SendAsync(string.Join("\n", lines), buttons, ct);
    }

    async Task<IEnumerable<string>> StandingLinesAsync(QuizBank quiz, AttemptRow attempt, CancellationToken ct)
    {
        var lines = new List<string>();
        if (attempt.WardId is null && attempt.TeamCode is null) return lines;
        var (wards, teams) = await standings.ComputeBothAsync(quiz.Id, ct);
        if (attempt.WardId is not null)
        {
            if (wards.FirstOrDefault(w => w.Id == attempt.WardId) is { } w)
                lines.Add(catalog.Text("standing", w.Name, w.Rank, wards.Count, w.Completions, w.AverageScore, quiz.QuestionsPerAttempt));
        }
        if (attempt.TeamCode is not null)
        {
            if (teams.FirstOrDefault(t => t.Id == attempt.TeamCode) is { } t)
                lines.Add(catalog.Text("standing", t.Name, t.Rank, teams.Count, t.Completions, t.AverageScore, quiz.QuestionsPerAttempt));
        }
        return lines;
    }

    QuizBank QuizOf(DialogInstance state) => catalog.Find(state.Get("quiz") ?? "") ?? catalog.Default;

    static Player PlayerOf(DialogContext dc) => new(dc.Channel, dc.UserId);
}
