using Chatbot.Web.Content;

namespace Chatbot.Web.Quiz;

/// <summary>One quiz bank from dialogs/quizzes/*.yaml.</summary>
public sealed record QuizBank(string Id, string Title, string Description, int QuestionsPerAttempt,
    IReadOnlyList<QuizQuestion> Questions)
{
    readonly Dictionary<string, QuizQuestion> byId = Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);

    public QuizQuestion? Find(string questionId) => byId.GetValueOrDefault(questionId);
}

/// <summary>A question; <see cref="Difference"/> is the number (1–17) of the difference it tests.</summary>
public sealed record QuizQuestion(string Id, int Difference, string Kind, string Ask, IReadOnlyList<string> Options,
    int Correct, string Explain)
{
    /// <summary>Two fixed sides or Đúng/Sai read oddly when swapped; only the other kinds are shuffled.</summary>
    public bool Shuffles => Kind is not ("true-false" or "side");
}

/// <summary>All quiz banks plus the quiz sentences from dialogs/menus/quiz.yaml.</summary>
public sealed record QuizCatalog(IReadOnlyList<QuizBank> Quizzes, IReadOnlyDictionary<string, string> Texts)
{
    /// <summary>Keys the code uses; a missing one stops start-up instead of showing an empty message.</summary>
    public static readonly string[] RequiredTexts =
    [
        "ask_ward", "intro", "resume", "question", "correct", "wrong", "explain", "reask", "ambiguous", "finished", "review",
        "perfect", "retry_label", "retry_say", "review_label", "review_say", "share", "share_chat", "share_chat_typed",
        "share_web", "standing", "team_joined", "unknown_code", "leaderboard_title",
        "leaderboard_row", "leaderboard_empty", "leaderboard_rule",
    ];

    public QuizBank Default => Quizzes[0];
    public QuizBank? Find(string id) => Quizzes.FirstOrDefault(q => string.Equals(q.Id, id, StringComparison.OrdinalIgnoreCase));
    public string Text(string key) => Texts[key];
    public string Text(string key, params object[] args) =>
        string.Format(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), Texts[key], args);
}

public sealed class QuizFile : YamlModel
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public int? QuestionsPerAttempt { get; init; }
    public List<QuestionFile>? Questions { get; init; }
}

public sealed class QuestionFile : YamlModel
{
    public string? Id { get; init; }
    public int? Difference { get; init; }
    public string? Kind { get; init; }
    public string? Ask { get; init; }
    public List<AnswerFile>? Answers { get; init; }
    public string? Explain { get; init; }
}

public sealed class AnswerFile : YamlModel
{
    public string? Text { get; init; }
    public bool Correct { get; init; }
}

public sealed class QuizTextsFile : YamlModel
{
    public Dictionary<string, string>? Texts { get; init; }
}

/// <summary>
/// Reads dialogs/quizzes/*.yaml and dialogs/menus/quiz.yaml. Differences are checked to be 1..17 here; checking them
/// against the knowledge base's list is for after the knowledge part lands (it loads independently of this one).
/// </summary>
internal sealed class QuizContentLoader : ContentPart<QuizCatalog>
{
    const string TextsFile = "menus/quiz.yaml";
    public const int MaxOptionLength = 100;
    public const int MaxAskLength = 300;
    static readonly string[] Kinds = ["side", "scenario", "true-false", "choice"];

    public override QuizCatalog? Load(ContentReader reader)
    {
        var before = reader.Errors.Count;
        var texts = reader.Read<QuizTextsFile>(TextsFile);
        foreach (var key in QuizCatalog.RequiredTexts.Where(k => texts?.Texts?.ContainsKey(k) != true))
            if (texts is not null) reader.Error(TextsFile, texts.Line, $"thiếu texts.{key} (missing)");

        var quizzes = new List<QuizBank>();
        var quizIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var files = reader.Files("quizzes");
        if (files.Count == 0) reader.Error("quizzes/", 0, "chưa có bộ câu hỏi nào (no quiz file)");
        foreach (var file in files)
        {
            var quiz = reader.Read<QuizFile>(file);
            if (quiz is null) continue;
            if (Load(reader, file, quiz) is { } bank)
            {
                if (!quizIds.Add(bank.Id)) reader.Error(file, quiz.Line, $"id bộ câu hỏi «{bank.Id}» bị trùng");
                quizzes.Add(bank);
            }
        }
        return reader.Errors.Count > before ? null : new QuizCatalog(quizzes, texts!.Texts!);
    }

    static QuizBank? Load(ContentReader reader, string file, QuizFile quiz)
    {
        var before = reader.Errors.Count;
        void Error(int line, string message) => reader.Error(file, line, message);
        if (string.IsNullOrWhiteSpace(quiz.Id)) Error(quiz.Line, "thiếu «id» (missing)");
        if (string.IsNullOrWhiteSpace(quiz.Title)) Error(quiz.Line, "thiếu «title» (missing)");
        if (quiz.QuestionsPerAttempt is < 1) Error(quiz.Line, "questions_per_attempt phải ≥ 1");
        if (quiz.Questions is not { Count: > 0 }) Error(quiz.Line, "thiếu «questions» (missing)");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var questions = new List<QuizQuestion>();
        foreach (var q in quiz.Questions ?? [])
        {
            var name = q.Id ?? "?";
            if (string.IsNullOrWhiteSpace(q.Id)) Error(q.Line, "câu hỏi thiếu «id»");
            else if (!ids.Add(q.Id)) Error(q.Line, $"id câu hỏi «{q.Id}» bị trùng");
            if (q.Difference is not (>= 1 and <= 17)) Error(q.Line, $"«{name}»: difference phải từ 1 đến 17 (là {q.Difference?.ToString() ?? "trống"})");
            if (q.Kind is not null && !Kinds.Contains(q.Kind)) Error(q.Line, $"«{name}»: kind «{q.Kind}» không hợp lệ ({string.Join(", ", Kinds)})");
            if (string.IsNullOrWhiteSpace(q.Ask)) Error(q.Line, $"«{name}»: thiếu «ask»");
            else if (q.Ask.Length > MaxAskLength) Error(q.Line, $"«{name}»: «ask» dài {q.Ask.Length} ký tự, tối đa {MaxAskLength}");
            if (string.IsNullOrWhiteSpace(q.Explain)) Error(q.Line, $"«{name}»: thiếu «explain»");
            var answers = q.Answers ?? [];
            if (answers.Count is < 2 or > 4) Error(q.Line, $"«{name}»: cần 2–4 lựa chọn (có {answers.Count})");
            var correct = answers.Count(a => a.Correct);
            if (correct != 1) Error(q.Line, $"«{name}»: cần đúng một lựa chọn «correct: true» (có {correct})");
            foreach (var a in answers)
            {
                if (string.IsNullOrWhiteSpace(a.Text)) Error(a.Line, $"«{name}»: lựa chọn thiếu «text»");
                else if (a.Text.Length > MaxOptionLength) Error(a.Line, $"«{name}»: lựa chọn dài {a.Text.Length} ký tự, tối đa {MaxOptionLength}");
            }
            if (answers.Select(a => Knowledge.VietnameseText.Fold(a.Text)).Distinct().Count() != answers.Count)
                Error(q.Line, $"«{name}»: hai lựa chọn trùng nhau");
            questions.Add(new QuizQuestion(q.Id ?? "", q.Difference ?? 0, q.Kind ?? "choice", q.Ask ?? "",
                answers.Select(a => a.Text ?? "").ToList(), answers.FindIndex(a => a.Correct), q.Explain ?? ""));
        }
        if (reader.Errors.Count > before) return null;
        return new QuizBank(quiz.Id!, quiz.Title!, quiz.Description ?? "", quiz.QuestionsPerAttempt ?? 10, questions);
    }
}
