using System.Text.RegularExpressions;
using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Quiz;

namespace Chatbot.Tests.Content;

/// <summary>
/// The wording a citizen reads (issue 17 «Content»): quotes of the dispatch are its words, one spelling per word, a
/// government tone, and quiz items that neither give each other away nor betray their answer by its length.
/// </summary>
public sealed partial class ContentWordingTests
{
    static string Dialogs => Path.Combine(AppContext.BaseDirectory, "dialogs");

    static readonly Lazy<ContentCatalog> catalog = new(() => ContentCatalog.Load(Dialogs,
        [new KnowledgeContentLoader(), new KnowledgeTextsLoader(), new MenuContentLoader(), new QuizContentLoader()]));

    static KnowledgeBase Knowledge => catalog.Value.Get<KnowledgeBase>();
    static QuizCatalog Quizzes => catalog.Value.Get<QuizCatalog>();

    // “…” marks the dispatch's own words; «…» marks words to type or buttons.
    [GeneratedRegex("“([^”]+)”")]
    private static partial Regex Quoted();

    // The tone mark on the first vowel of oa/oe/uy at the end of a syllable (hóa, ủy, xóa, khỏe), as most of the
    // content writes it; the other placement (hoá, uỷ) is the variant. «quý» is not this case.
    [GeneratedRegex(@"(?<![qQ])(o[áàảãạ]|o[éèẻẽẹ]|u[ýỳỷỹỵ])(?!\p{L})", RegexOptions.IgnoreCase)]
    private static partial Regex NewStyleToneMark();

    static string Fold(string s) => Regex.Replace(s.ToLowerInvariant(), @"\s+", " ").Trim();

    static string OfficialWords => Fold(string.Join(" ", Knowledge.Differences.SelectMany(d => new[] { d.Title, d.It, d.Dx })));

    /// <summary>Everything citizens read that is the team's own wording, with the dispatch's quoted words left out.</summary>
    static IEnumerable<(string Where, string Text)> OwnWording()
    {
        foreach (var d in Knowledge.Differences) yield return ($"điểm {d.Number} summary", d.Summary);
        foreach (var f in Knowledge.Faq) { yield return ($"faq {f.Id}", f.Question); yield return ($"faq {f.Id}", f.Answer); }
        foreach (var (k, v) in catalog.Value.Get<KnowledgeTexts>().Texts) yield return ($"knowledge text {k}", v);
        var menu = catalog.Value.Get<MenuContent>();
        yield return ("greeting", menu.Greeting);
        yield return ("privacy", menu.Privacy);
        foreach (var (k, v) in menu.Texts) yield return ($"menu text {k}", v);
        foreach (var (k, v) in Quizzes.Texts) yield return ($"quiz text {k}", v);
        foreach (var quiz in Quizzes.Quizzes)
        {
            yield return ($"quiz {quiz.Id}", quiz.Title + " " + quiz.Description);
            foreach (var q in quiz.Questions)
                yield return ($"{quiz.Id}/{q.Id}", string.Join(" ", q.Options.Prepend(q.Ask).Append(q.Explain)));
        }
    }

    [Fact]
    public void Every_quiz_quote_is_the_dispatchs_own_words()
    {
        var official = OfficialWords;
        var wrong = (from q in Quizzes.Quizzes.SelectMany(z => z.Questions)
                     from m in Quoted().Matches(q.Ask + " " + q.Explain)
                     let quote = Fold(m.Groups[1].Value).TrimEnd('.', ',', ';', ':', ' ', '…')
                     where !official.Contains(quote, StringComparison.Ordinal)
                     select $"{q.Id}: “{m.Groups[1].Value}”").ToList();
        Assert.True(wrong.Count == 0, "quotes that are not in the 17 official texts:\n" + string.Join("\n", wrong));
        // The first question quotes both sentences of point 1 as the dispatch writes them (issue 17).
        Assert.Contains("Phục vụ nhà quản lý, làm dễ việc cho họ.", Quizzes.Default.Find("q01")!.Ask);
    }

    [Fact]
    public void One_spelling_per_word_and_a_government_tone()
    {
        var problems = new List<string>();
        foreach (var (where, text) in OwnWording())
        {
            var own = Quoted().Replace(text, "“”");
            foreach (Match m in NewStyleToneMark().Matches(own)) problems.Add($"{where}: «{m.Value}» (viết hóa, ủy, xóa, khỏe)");
            if (own.Contains("hàng ngày", StringComparison.OrdinalIgnoreCase)) problems.Add($"{where}: «hàng ngày» (viết hằng ngày)");
            foreach (var casual in new[] { "bừa", "scan", "ở một cửa" })
                if (own.Contains(casual, StringComparison.OrdinalIgnoreCase)) problems.Add($"{where}: «{casual}»");
            if (!own.IsNormalized(System.Text.NormalizationForm.FormC)) problems.Add($"{where}: not NFC");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_right_option_is_never_the_only_long_one()
    {
        // With three or four options a guesser picks the longest; a distractor at least three quarters as long spoils that.
        var giveaways = Quizzes.Quizzes.SelectMany(z => z.Questions).Where(q => q.Options.Count >= 3)
            .Where(q => q.Options.Where((_, i) => i != q.Correct).Max(o => o.Length) < 0.75 * q.Options[q.Correct].Length)
            .Select(q => $"{q.Id}: «{q.Options[q.Correct]}»").ToList();
        Assert.True(giveaways.Count == 0, "the right option stands out by its length:\n" + string.Join("\n", giveaways));
    }

    [Fact]
    public void No_question_shows_the_answer_of_another_on_the_same_point()
    {
        var questions = Quizzes.Quizzes.SelectMany(z => z.Questions).ToList();
        var giveaways = (from a in questions
                         from b in questions
                         where a.Id != b.Id && a.Difference == b.Difference && a.Options[a.Correct].Length >= 20
                         // A quote of the dispatch in b's text keeps its spelling (hoá) where a's option has ours (hóa).
                         where Fold(b.Ask).Contains(Fold(a.Options[a.Correct]).Replace("hóa", "hoá"), StringComparison.Ordinal)
                               || Fold(b.Ask).Contains(Fold(a.Options[a.Correct]), StringComparison.Ordinal)
                         select $"{b.Id} shows the answer of {a.Id}").ToList();
        Assert.True(giveaways.Count == 0, string.Join("\n", giveaways));
    }

    [Fact]
    public void The_faq_cites_the_points_that_say_it()
    {
        var cds = Knowledge.FindFaq("cds-la-gi")!.Answer;
        Assert.Matches(@"cách vận hành[^()]*\(xem điểm[^)]*\b6\b", cds);
        var cntt = Knowledge.FindFaq("cntt-khac-cds")!.Answer;
        Assert.DoesNotContain("có sẵn", cntt);
        Assert.Matches(@"dữ liệu người dùng[^()]*\(xem điểm[^)]*\b15\b", cntt);
        // The service keeps no list of the teams nor their schedules: the answer must not promise them.
        var teams = Knowledge.FindFaq("to-cong-nghe-so-cong-dong")!.Answer;
        Assert.DoesNotContain("lịch hỗ trợ", teams);
        Assert.DoesNotContain("giới thiệu tổ gần nhất", teams);
    }
}
