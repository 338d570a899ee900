using System.Diagnostics;
using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;

// Quality and speed of question answering (issue 12): run from anywhere inside the repository with
//   dotnet run -c Release --project infra/bench/Chatbot.Bench [-- FILE.tsv ...] [--verbose] [--why "câu hỏi"] [--overlap] [--loso]
var root = KnowledgeEval.RepositoryRoot(Directory.GetCurrentDirectory())
           ?? KnowledgeEval.RepositoryRoot(AppContext.BaseDirectory)
           ?? throw new InvalidOperationException("Run inside the repository (the folder with Chatbot.sln).");
var catalog = ContentCatalog.Load(Path.Combine(root, "dialogs"), [new KnowledgeContentLoader(), new QuestionLanguageLoader()]);
var search = new KnowledgeSearch(catalog.Get<KnowledgeBase>(), catalog.Get<QuestionLanguage>());

if (args is ["--why", var asked])
{
    // Debugging aid: how one question is read, the scope flags and the candidates.
    var e = search.Weigh(asked);
    Console.WriteLine(string.Join(" ", (e.Read?.Tokens ?? []).Select(t => t.Stop ? $"({t.Folded})" : t.Accent ?? t.Folded)));
    Console.WriteLine($"concepts: {string.Join(", ", e.Read?.Concepts.Select(c => $"{c.Say}({c.Topic})") ?? [])}; topic {e.Topic}; support {e.Support}; off-topic {e.OffTopicIntents}; asks {e.Intent}; talk {e.Talk}; learned {e.Learned:0.00}");
    if (e.Talk is null)
        foreach (var c in e.Candidates(search.Knowledge).Take(5))
            Console.WriteLine($"  {c.Difference.Number,2} strength {c.Strength:0.00} doc {c.DocScore:0.00} coverage {c.Coverage:0.00} example {c.Example:0.00}");
    foreach (var x in e.Examples.Take(3)) Console.WriteLine($"  ~ {x.Similarity:0.00} {x.Example.Difference}{x.Example.FaqId} «{x.Example.Text}»");
    var d = search.Decide(asked);
    Console.WriteLine($"decision: {d.Kind} {d.Reason} {d.SmallTalk} {d.Faq?.Entry.Id} [{string.Join(",", d.Candidates.Select(c => $"{c.Difference.Number}:{c.Score:0.00}"))}]");
    return 0;
}

var files = args.Where(a => !a.StartsWith("--")).ToList();
if (files.Count == 0)
{
    // Every measured set: the tuning sets beside the tests, then the shared dev set.
    var sets = Path.Combine(root, "tests", "Chatbot.Tests", "Knowledge");
    files.AddRange(Directory.EnumerateFiles(sets, "*.tsv", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    if (KnowledgeEval.DevFile(root) is { } dev) files.Add(dev);
}
if (files.Count == 0)
{
    Console.Error.WriteLine($"No eval file: expected {Path.Combine(root, "..", "shared", "eval", "questions.dev.tsv")}");
    return 2;
}
var all = new List<(string File, EvalQuestion Question)>();
if (args.Contains("--loso"))
{
    // Leave one blind set out: the decision numbers chosen on the others, measured on it.
    LeaveOneOut.Run(search, files.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "blind").ToList());
    return 0;
}
if (args.Contains("--overlap"))
{
    // Content must not copy a measured question: every example question closer than EvalOverlap.TooClose is listed.
    var measured = files.SelectMany(f => KnowledgeEval.Read(f).Select(q => (Path.GetFileName(f), q)));
    var close = EvalOverlap.Closest(search.Knowledge, catalog.Get<QuestionLanguage>(), measured);
    foreach (var o in close.Take(args.Contains("--verbose") ? 40 : 0).Concat(close.Where(o => o.Similarity >= EvalOverlap.TooClose)).Distinct())
        Console.WriteLine($"{o.Similarity:0.00} «{o.Example}» ~ {o.File}: «{o.Measured}»");
    Console.WriteLine($"{close.Count(o => o.Similarity >= EvalOverlap.TooClose)} of {close.Count} example questions at or above {EvalOverlap.TooClose}");
    return 0;
}
foreach (var file in files)
{
    var questions = KnowledgeEval.Read(file);
    all.AddRange(questions.Select(q => (Path.GetFileName(file), q)));
    var result = KnowledgeEval.Run(search, questions);
    Console.WriteLine($"{Path.GetFileName(file)} ({questions.Count}): {result}");
    if (args.Contains("--verbose")) foreach (var miss in result.Misses) Console.WriteLine("  " + miss);
}
if (files.Count > 1) Console.WriteLine($"all {files.Count} files ({all.Count}): {KnowledgeEval.Run(search, all.Select(q => q.Question))}");
if (args.Contains("--features"))
{
    // For tuning the decision rule offline: one line per question with the evidence of the top three candidates.
    using var output = new StreamWriter("features.tsv");
    foreach (var (name, q) in all)
    {
        var e = search.Weigh(q.Text);
        var c = e.Talk is null ? e.Candidates(search.Knowledge).OrderBy(x => x.Difference.Number).ToList() : [];
        var faqTop = e.Examples.FirstOrDefault(x => x.Example.FaqId is not null);
        var decision = search.Decide(q.Text);
        var ranked = c.OrderByDescending(x => x.Strength).Take(3).Select(x => x.Difference.Number);
        output.WriteLine(string.Join('\t', [name, string.Join(",", q.Expected), e.Talk?.ToString() ?? "", e.Support, e.OffTopicIntents > 0,
            e.Topic, .. c.SelectMany(x => new object[] { x.DocScore, x.Coverage, x.Example }),
            faqTop.Example?.FaqId ?? "", faqTop.Similarity, e.Intent, e.AlsoPractical, decision.Kind,
            string.Join(",", decision.Candidates.Select(x => x.Difference.Number)), string.Join(",", ranked), q.Text]));
    }
}

// Speed: median of one decision, in-process, beside a baseline that only checks which differences contain the
// question's folded words as substrings of their folded text (no ranking worth the name, the cheapest honest match).
var texts = all.Select(q => q.Question.Text).ToArray();
var folded = search.Knowledge.Differences.Select(d => VietnameseText.Fold(string.Join(" ",
    new[] { d.Title, d.Label, d.Summary, d.It, d.Dx }.Concat(d.Keywords).Concat(d.Synonyms).Concat(d.Questions)))).ToArray();
int Baseline(string q)
{
    var words = VietnameseText.Fold(q).Split(' ');
    var best = -1; var bestCount = 0;
    for (var i = 0; i < folded.Length; i++)
    {
        var count = words.Count(w => folded[i].Contains(w, StringComparison.Ordinal));
        if (count > bestCount) (best, bestCount) = (i, count);
    }
    return best;
}
var ours = Median(texts, q => search.Decide(q));
var baseline = Median(texts, q => Baseline(q));
Console.WriteLine($"speed: decision median {ours * 1000:0.0} µs, substring baseline median {baseline * 1000:0.0} µs, ratio {ours / baseline:0.00}×");
return 0;

static double Median<T>(string[] inputs, Func<string, T> run)
{
    foreach (var q in inputs) run(q); // warm up (JIT)
    var times = new List<double>();
    for (var round = 0; round < 50; round++)
        foreach (var q in inputs)
        {
            var start = Stopwatch.GetTimestamp();
            run(q);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    times.Sort();
    return times[times.Count / 2];
}
