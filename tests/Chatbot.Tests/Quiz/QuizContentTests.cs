using Chatbot.Web.Content;
using Chatbot.Web.Quiz;

namespace Chatbot.Tests.Quiz;

public sealed class QuizContentTests
{
    static string ShippedDialogs => Path.Combine(AppContext.BaseDirectory, "dialogs");

    [Fact]
    public void The_shipped_quiz_has_at_least_two_questions_per_difference_and_all_texts()
    {
        var catalog = new QuizContentLoader().Load(new ContentReader(ShippedDialogs));
        Assert.NotNull(catalog);
        var quiz = catalog.Find("cds-17")!;
        Assert.True(quiz.Questions.Count >= 34);
        Assert.All(Enumerable.Range(1, 17), d => Assert.True(quiz.Questions.Count(q => q.Difference == d) >= 2, $"difference {d}"));
        Assert.Equal(10, quiz.QuestionsPerAttempt);
        Assert.All(catalog.Texts.Values, t => Assert.True(t.IsNormalized(System.Text.NormalizationForm.FormC)));
    }

    [Fact]
    public void Broken_questions_are_reported_with_file_and_line()
    {
        var root = Path.Combine(Path.GetTempPath(), "quiz-content-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "quizzes"));
        Directory.CreateDirectory(Path.Combine(root, "menus"));
        File.Copy(Path.Combine(ShippedDialogs, "menus", "quiz.yaml"), Path.Combine(root, "menus", "quiz.yaml"));
        File.WriteAllText(Path.Combine(root, "quizzes", "bad.yaml"), $"""
            id: bad
            title: "Hỏng"
            questions:
              - id: q1
                difference: 18
                ask: "Câu một?"
                answers: [ {"{"} text: "A", correct: true {"}"}, {"{"} text: "B", correct: true {"}"} ]
                explain: "Vì thế."
              - id: q1
                difference: 2
                ask: "Câu hai?"
                answers: [ {"{"} text: "{new string('x', 101)}", correct: true {"}"} ]
              - id: q3
                difference: 3
                ask: "Câu ba?"
                answers: [ {"{"} text: "Đúng" {"}"}, {"{"} text: "Sai", correct: true {"}"} ]
                explain: "Vì thế."
            """);
        try
        {
            var reader = new ContentReader(root);
            Assert.Null(new QuizContentLoader().Load(reader));
            var errors = reader.Errors.Select(e => e.ToString()).ToList();
            Assert.Contains(errors, e => e.StartsWith("quizzes/bad.yaml:4:") && e.Contains("difference phải từ 1 đến 17"));
            Assert.Contains(errors, e => e.StartsWith("quizzes/bad.yaml:4:") && e.Contains("đúng một lựa chọn"));
            Assert.Contains(errors, e => e.StartsWith("quizzes/bad.yaml:9:") && e.Contains("bị trùng"));
            Assert.Contains(errors, e => e.Contains("cần 2–4 lựa chọn"));
            Assert.Contains(errors, e => e.Contains("tối đa 100"));
            Assert.Contains(errors, e => e.Contains("thiếu «explain»"));
        }
        finally { Directory.Delete(root, true); }
    }
}
