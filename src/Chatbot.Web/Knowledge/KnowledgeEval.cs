namespace Chatbot.Web.Knowledge;

/// <summary>One labelled question: the difference numbers accepted as right, or none for an off-topic question.</summary>
internal sealed record EvalQuestion(IReadOnlySet<int> Expected, string Text)
{
    public bool OffTopic => Expected.Count == 0;
}

internal sealed record EvalResult(int OnTopic, int Top1, int Top3, int OffTopic, int Rejected, IReadOnlyList<string> Misses)
{
    public double Top1Rate => OnTopic == 0 ? 1 : (double)Top1 / OnTopic;
    public double Top3Rate => OnTopic == 0 ? 1 : (double)Top3 / OnTopic;
    public double RejectionRate => OffTopic == 0 ? 1 : (double)Rejected / OffTopic;

    public override string ToString() =>
        $"top-1 {Top1Rate:P1} ({Top1}/{OnTopic}), top-3 {Top3Rate:P1} ({Top3}/{OnTopic}), " +
        $"off-topic rejected {RejectionRate:P1} ({Rejected}/{OffTopic})";
}

/// <summary>The quality measure of the issue, shared by infra/bench and the test: top-1, top-3, off-topic rejection.</summary>
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

    public static EvalResult Run(KnowledgeSearch search, IEnumerable<EvalQuestion> questions)
    {
        int onTopic = 0, top1 = 0, top3 = 0, offTopic = 0, rejected = 0;
        var misses = new List<string>();
        foreach (var q in questions)
        {
            var hits = search.Search(q.Text, 3);
            var got = string.Join(",", hits.Select(h => $"{h.Difference.Number}:{h.Score:0.00}"));
            if (q.OffTopic)
            {
                offTopic++;
                if (hits.Count == 0) rejected++;
                else misses.Add($"off-topic accepted [{got}] {q.Text}");
                continue;
            }
            onTopic++;
            if (hits.Count > 0 && q.Expected.Contains(hits[0].Difference.Number)) top1++;
            else misses.Add($"expected {string.Join(",", q.Expected)} got [{got}] {q.Text}");
            if (hits.Any(h => q.Expected.Contains(h.Difference.Number))) top3++;
        }
        return new EvalResult(onTopic, top1, top3, offTopic, rejected, misses);
    }

    /// <summary>../shared/eval/questions.dev.tsv beside the repository (the folder holding Chatbot.sln); from a git
    /// worktree nested deeper (/work/wt/name), the nearest shared/eval above it.</summary>
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
