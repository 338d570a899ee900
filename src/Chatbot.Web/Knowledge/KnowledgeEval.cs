namespace Chatbot.Web.Knowledge;

/// <summary>One labelled question: the difference numbers accepted as right, or none for an off-topic question.</summary>
internal sealed record EvalQuestion(IReadOnlySet<int> Expected, string Text)
{
    public bool OffTopic => Expected.Count == 0;
}

internal sealed record EvalResult(int OnTopic, int DirectCorrect, int OneTap, int WrongDirect, int OffTopic, int Rejected,
    int RankTop1, int RankTop3, IReadOnlyList<string> Misses)
{
    static double Rate(int n, int of) => of == 0 ? 1 : (double)n / of;
    public double DirectRate => Rate(DirectCorrect, OnTopic);
    public double OneTapRate => Rate(OneTap, OnTopic);
    public double WrongRate => OnTopic == 0 ? 0 : (double)WrongDirect / OnTopic;
    public double RejectionRate => Rate(Rejected, OffTopic);
    /// <summary>The ranking alone, whatever the decision: the right difference first / among the first three.</summary>
    public double Top1Rate => Rate(RankTop1, OnTopic);
    public double Top3Rate => Rate(RankTop3, OnTopic);

    public override string ToString() =>
        $"direct-correct {DirectRate:P1} ({DirectCorrect}/{OnTopic}), one tap {OneTapRate:P1} ({OneTap}/{OnTopic}), " +
        $"wrong direct {WrongRate:P1} ({WrongDirect}/{OnTopic}), off-topic rejected {RejectionRate:P1} ({Rejected}/{OffTopic}); " +
        $"ranking top-1 {Top1Rate:P1}, top-3 {Top3Rate:P1}";
}

/// <summary>
/// The quality measure of issue 12, shared by infra/bench and the tests. Per on-topic question: direct-correct (the
/// decision is answer and right), one tap (direct-correct, or clarify with a right candidate offered), wrong direct
/// (answer but wrong); per off-topic question: rejected (decision none). An FAQ answer counts as right only when the
/// entry is about at most two differences and one of them is expected: a broad entry ("chuyển đổi số là gì") is not
/// an answer to a question about one particular difference.
/// </summary>
internal static class KnowledgeEval
{
    /// <summary>Reads the tab-separated file: "expected&lt;TAB&gt;question", expected "3" or "3,5", "0" = off-topic; '#' lines are comments.</summary>
    public static IReadOnlyList<EvalQuestion> Read(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('\t'))
            .Select(l => l.Split('\t', 2))
            .Select(p => new EvalQuestion(
                p[0].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(int.Parse).Where(n => n != 0).ToHashSet(), p[1].Trim()))
            .ToList();

    public static EvalResult Run(KnowledgeSearch search, IEnumerable<EvalQuestion> questions) =>
        Score(questions.Select(q => (q, search.Decide(q.Text), search.Rank(q.Text))));

    /// <summary>The figures of decisions already made (the bench's --loso decides one weighed question under many rules).</summary>
    public static EvalResult Score(IEnumerable<(EvalQuestion Question, KnowledgeDecision Decision, IReadOnlyList<Difference> Ranked)> decided)
    {
        int onTopic = 0, direct = 0, oneTap = 0, wrong = 0, offTopic = 0, rejected = 0, top1 = 0, top3 = 0;
        var misses = new List<string>();
        foreach (var (q, decision, ranked) in decided)
        {
            var got = Describe(decision);
            if (q.OffTopic)
            {
                offTopic++;
                if (decision.Kind == DecisionKind.None) rejected++;
                else misses.Add($"off-topic {got} {q.Text}");
                continue;
            }
            onTopic++;
            if (ranked.Count > 0 && q.Expected.Contains(ranked[0].Number)) top1++;
            if (ranked.Take(3).Any(d => q.Expected.Contains(d.Number))) top3++;
            var right = decision.Kind == DecisionKind.Answer && Right(decision, q.Expected);
            if (right) direct++;
            if (decision.Kind == DecisionKind.Answer && !right) wrong++;
            var tapped = right || decision.Kind == DecisionKind.Clarify && decision.Candidates.Any(c => q.Expected.Contains(c.Difference.Number));
            if (tapped) oneTap++;
            if (!right) misses.Add($"{(tapped ? "tap " : decision.Kind == DecisionKind.Answer ? "WRONG" : "MISS ")} expected {string.Join(",", q.Expected)} {got} {q.Text}");
        }
        return new EvalResult(onTopic, direct, oneTap, wrong, offTopic, rejected, top1, top3, misses);
    }

    static bool Right(KnowledgeDecision d, IReadOnlySet<int> expected) => d.Faq?.Entry is { } f
        ? f.Related.Count is > 0 and <= 2 && f.Related.Any(expected.Contains)
        : expected.Contains(d.Candidates[0].Difference.Number);

    static string Describe(KnowledgeDecision d) => d.Kind switch
    {
        DecisionKind.Answer when d.Faq is { } f => $"answer faq:{f.Entry.Id}",
        DecisionKind.None => $"none:{d.Reason}",
        _ => $"{d.Kind.ToString().ToLowerInvariant()} [{string.Join(",", d.Candidates.Select(c => $"{c.Difference.Number}:{c.Score:0.00}"))}]",
    };

    /// <summary>../shared/eval/questions.dev.tsv beside the repository (the folder holding Chatbot.sln); from a git
    /// worktree nested deeper (e.g. wt/name beside shared/), the nearest shared/eval above it.</summary>
    public static string? DevFile(string from)
    {
        var root = RepositoryRoot(from);
        for (var dir = root is null ? null : Directory.GetParent(root); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "eval", "questions.dev.tsv");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    public static string? RepositoryRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Chatbot.sln"))) return dir.FullName;
        return null;
    }
}
