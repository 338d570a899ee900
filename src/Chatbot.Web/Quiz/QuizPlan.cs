using System.Globalization;
using Chatbot.Web.Knowledge;

namespace Chatbot.Web.Quiz;

/// <summary>One drawn question and the order its options are shown in (original indices).</summary>
public sealed record PlannedQuestion(QuizQuestion Question, IReadOnlyList<int> Order)
{
    public const string Letters = "ABCD";

    public string Letter(int displayIndex) => Letters[displayIndex].ToString();
    public string OptionText(int displayIndex) => Question.Options[Order[displayIndex]];
    public int CorrectDisplayIndex => Order.ToList().IndexOf(Question.Correct);

    /// <summary>"A. …\nB. …": options can be long, so they go in the text and the buttons only say A, B, C, D.</summary>
    public string OptionLines() =>
        string.Join("\n", Order.Select((_, i) => $"{Letter(i)}. {OptionText(i)}"));

    /// <summary>The display index an answer means: "a", "B", "câu c", "1", "đáp án 2", or an option's text with or
    /// without diacritics; null when it matches nothing.</summary>
    public int? Match(string text)
    {
        var folded = VietnameseText.Fold(text);
        foreach (var prefix in new[] { "cau ", "dap an ", "chon ", "phuong an ", "y " })
            if (folded.StartsWith(prefix, StringComparison.Ordinal)) { folded = folded[prefix.Length..]; break; }
        if (folded.Length == 1)
        {
            var letter = Letters.IndexOf(char.ToUpperInvariant(folded[0]));
            if (letter >= 0 && letter < Order.Count) return letter;
            if (folded[0] is >= '1' and <= '9' && folded[0] - '1' < Order.Count) return folded[0] - '1';
        }
        for (var i = 0; i < Order.Count; i++)
            if (VietnameseText.Fold(OptionText(i)) == folded) return i;
        return null;
    }
}

/// <summary>
/// The questions of one attempt: drawn to cover different differences, options shuffled, then stored with the attempt
/// ("q07:0,1;q02:3,1,0,2") so a resumed attempt shows the same questions in the same order, even if the seed source changes.
/// </summary>
public sealed record QuizPlan(IReadOnlyList<PlannedQuestion> Questions)
{
    public int Count => Questions.Count;
    public PlannedQuestion this[int index] => Questions[index];

    /// <summary>One question from each of as many different differences as possible, in random order; past 17 the
    /// draw goes round the differences again with questions not used yet.</summary>
    public static QuizPlan Draw(QuizBank quiz, Random random)
    {
        var byDifference = quiz.Questions.GroupBy(q => q.Difference)
            .Select(g => new Queue<QuizQuestion>(g.OrderBy(_ => random.Next())))
            .OrderBy(_ => random.Next())
            .ToList();
        var count = Math.Min(quiz.QuestionsPerAttempt, quiz.Questions.Count);
        var picked = new List<QuizQuestion>(count);
        while (picked.Count < count)
            foreach (var queue in byDifference.Where(q => q.Count > 0))
            {
                if (picked.Count == count) break;
                picked.Add(queue.Dequeue());
            }
        return new QuizPlan(picked.Select(q => new PlannedQuestion(q, Shuffle(q, random))).ToList());
    }

    static IReadOnlyList<int> Shuffle(QuizQuestion q, Random random)
    {
        var order = Enumerable.Range(0, q.Options.Count).ToArray();
        if (q.Shuffles) random.Shuffle(order);
        return order;
    }

    public string Format() => string.Join(';', Questions.Select(p => $"{p.Question.Id}:{string.Join(',', p.Order)}"));

    /// <summary>Reads a stored plan; a question edited away since (content changed) is dropped, an option order that no
    /// longer fits falls back to the file's order.</summary>
    public static QuizPlan Parse(string text, QuizBank quiz)
    {
        var questions = new List<PlannedQuestion>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (id, order) = part.Split(':') is [var i, var o] ? (i, o) : (part, "");
            if (quiz.Find(id) is not { } q) continue;
            var indices = order.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            if (indices.Count != q.Options.Count || indices.Order().Where((v, i) => v != i).Any())
                indices = Enumerable.Range(0, q.Options.Count).ToList();
            questions.Add(new PlannedQuestion(q, indices));
        }
        return new QuizPlan(questions);
    }
}
