using System.Diagnostics;
using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;

// Quality and speed of question answering (issue 3): run from anywhere inside the repository with
//   dotnet run -c Release --project infra/bench/Chatbot.Bench [-- path/to/questions.tsv] [--verbose]
var root = KnowledgeEval.RepositoryRoot(Directory.GetCurrentDirectory())
           ?? KnowledgeEval.RepositoryRoot(AppContext.BaseDirectory)
           ?? throw new InvalidOperationException("Run inside the repository (the folder with Chatbot.sln).");
var file = args is ["--why", ..] ? null : args.FirstOrDefault(a => !a.StartsWith("--")) ?? KnowledgeEval.DevFile(root);
if (args is not ["--why", ..] && (file is null || !File.Exists(file)))
{
    Console.Error.WriteLine($"No eval file: expected {Path.Combine(root, "..", "shared", "eval", "questions.dev.tsv")}");
    return 2;
}

var knowledge = ContentCatalog.Load(Path.Combine(root, "dialogs"), [new KnowledgeContentLoader()]).Get<KnowledgeBase>();
var search = new KnowledgeSearch(knowledge);
if (args is ["--why", var asked])
{
    // Debugging aid: how one question is read and ranked.
    Console.WriteLine(string.Join(" ", search.Normalizer.Tokenize(asked).Select(t => t.Stop ? $"({t.Folded})" : t.Accent ?? t.Folded)));
    foreach (var hit in search.Explain(asked).Take(5)) Console.WriteLine($"  {hit.Item.Number,2} score {hit.Score:0.00} coverage {hit.Coverage:0.00}");
    return 0;
}
var questions = KnowledgeEval.Read(file!);
var result = KnowledgeEval.Run(search, questions);
Console.WriteLine($"eval: {Path.GetFullPath(file!)} ({questions.Count} questions)");
Console.WriteLine(result);
if (args.Contains("--verbose")) foreach (var miss in result.Misses) Console.WriteLine("  " + miss);
if (args.Contains("--margins"))
{
    // Where the threshold sits: the best document's coverage for every question, off-topic ones marked.
    foreach (var q in questions.Select(q => (q, top: search.Explain(q.Text).FirstOrDefault())).OrderBy(x => x.top?.Coverage ?? 0))
        Console.WriteLine($"  {q.top?.Coverage ?? 0:0.00} {(q.q.OffTopic ? "OFF" : q.q.Expected.Contains(q.top?.Item.Number ?? -1) ? "ok " : "bad")} {q.q.Text}");
}

// Speed: median of one search, in-process, beside a baseline that only checks which differences contain the
// question's folded words as substrings of their folded text (no ranking worth the name, the cheapest honest match).
var texts = questions.Select(q => q.Text).ToArray();
var folded = knowledge.Differences.Select(d => VietnameseText.Fold(string.Join(" ",
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
var ours = Median(texts, q => search.Search(q, 3));
var baseline = Median(texts, q => Baseline(q));
Console.WriteLine($"speed: search median {ours * 1000:0.0} µs, substring baseline median {baseline * 1000:0.0} µs, ratio {ours / baseline:0.00}×");
return result.Top1Rate >= 0.95 && result.Top3Rate >= 0.99 && result.RejectionRate >= 1.0 ? 0 : 1;

static double Median<T>(string[] inputs, Func<string, T> run)
{
    foreach (var q in inputs) run(q); // warm up (JIT)
    var times = new List<double>();
    for (var round = 0; round < 200; round++)
        foreach (var q in inputs)
        {
            var start = Stopwatch.GetTimestamp();
            run(q);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    times.Sort();
    return times[times.Count / 2];
}
