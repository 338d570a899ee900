using Chatbot.Web.Knowledge;

/// <summary>
/// An honesty check of the calibration (README, "Question answering"): for each blind set, the decision numbers are
/// chosen on the other sets alone, then measured on the one left out. When those figures stay near the ones with the
/// numbers chosen on every set, the calibration carries over to questions it did not see. Content (concepts, example
/// questions, scope words) is not re-chosen here: it was written once, from the dispatch.
/// </summary>
internal static class LeaveOneOut
{
    static readonly double[] ExampleWeights = [0.4, 0.5, 0.6, 0.7];
    static readonly double[] Leads = [0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.11, 0.12, 0.14];
    static readonly double[] OnTopics = [0.6, 0.7, 0.8, 0.9, 1.0];
    static readonly double[] LeadShares = [0, 0.15, 0.2, 0.25, 0.3];

    /// <summary>What a rule is worth on some sets: every right direct answer, one-tap success and rejection counts one,
    /// every wrong direct answer costs four (an outright wrong answer misleads; a clarification only costs a tap).</summary>
    static int Worth(EvalResult r) => r.DirectCorrect + r.OneTap + r.Rejected - 4 * r.WrongDirect;

    public static void Run(KnowledgeSearch search, IReadOnlyList<string> files)
    {
        var rules = (from w in ExampleWeights from l in Leads from t in OnTopics from s in LeadShares select new DecisionRule(w, l, t, s)).ToList();
        var weighed = files.ToDictionary(f => f, f => KnowledgeEval.Read(f).Select(q => (q, search.Weigh(q.Text))).ToList());
        // Every set under every rule, computed once.
        var results = files.ToDictionary(f => f, f => rules.Select(r => KnowledgeEval.Score(weighed[f].Select(x =>
            (x.q, x.Item2.Decide(search.Knowledge, KnowledgeDecision.MaxCandidates, r),
             (IReadOnlyList<Difference>)(x.Item2.Talk is null ? x.Item2.Candidates(search.Knowledge, r).Select(c => c.Difference).ToList() : []))))).ToList());
        DecisionRule Best(IEnumerable<string> on) => rules[Enumerable.Range(0, rules.Count)
            .MaxBy(i => on.Sum(f => Worth(results[f][i])))];

        var all = Best(files);
        Console.WriteLine($"chosen on all {files.Count} sets: {all}; the shipped rule: {DecisionRule.Tuned}");
        var held = new List<EvalResult>();
        foreach (var file in files)
        {
            var rule = Best(files.Where(f => f != file));
            var result = results[file][rules.IndexOf(rule)];
            held.Add(result);
            Console.WriteLine($"{Path.GetFileName(file)} left out, rule {rule}: {result}");
            Console.WriteLine($"    with the shipped rule: {results[file][rules.IndexOf(DecisionRule.Tuned)]}");
        }
        Console.WriteLine($"left-out sets together: {Sum(held)}");
    }

    static EvalResult Sum(List<EvalResult> r) => new(r.Sum(x => x.OnTopic), r.Sum(x => x.DirectCorrect), r.Sum(x => x.OneTap),
        r.Sum(x => x.WrongDirect), r.Sum(x => x.OffTopic), r.Sum(x => x.Rejected), r.Sum(x => x.RankTop1), r.Sum(x => x.RankTop3), []);
}
