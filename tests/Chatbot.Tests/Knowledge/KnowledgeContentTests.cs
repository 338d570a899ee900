using Chatbot.Web.Content;
using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

public sealed class KnowledgeContentTests
{
    static IContentPart[] Loaders => [new KnowledgeContentLoader(), new KnowledgeTextsLoader(), new QuestionLanguageLoader()];

    [Fact]
    public void The_shipped_knowledge_loads_with_17_differences_and_the_faq()
    {
        var catalog = ContentCatalog.Load(KnowledgeTestContent.Dialogs, Loaders);
        var knowledge = catalog.Get<KnowledgeBase>();
        Assert.Equal(Enumerable.Range(1, 17), knowledge.Differences.Select(d => d.Number));
        Assert.Contains("838/UBND-VHTT", knowledge.Source.Document);
        Assert.Equal("Chuyển từ đầu tư sang thuê", knowledge.Find(8)!.Title);
        Assert.NotNull(knowledge.FindFaq("cds-la-gi"));
        Assert.All(knowledge.Differences, d => Assert.InRange(d.Label.Length, 1, 20));
        Assert.All(catalog.Get<KnowledgeTexts>().Texts.Values, t => Assert.True(t.IsNormalized(System.Text.NormalizationForm.FormC)));
    }

    [Fact]
    public void Broken_knowledge_stops_loading_listing_every_problem_with_file_and_line()
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatbot-content-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyDirectory(KnowledgeTestContent.Dialogs, dir);
            var path = Path.Combine(dir, "knowledge", "differences.yaml");
            var yaml = File.ReadAllText(path)
                .Replace("  - number: 2\n", "  - number: 1\n")                               // duplicate number
                .Replace("    label: \"Làm toàn diện\"", "    label: \"Làm toàn diện ở mọi nơi, mọi chỗ\"") // label too long
                .Replace("    title: \"Chuyển từ đầu tư sang thuê\"\n", "    titel: \"Chuyển từ đầu tư sang thuê\"\n"); // unknown key
            File.WriteAllText(path, yaml);
            File.WriteAllText(Path.Combine(dir, "knowledge", "faq.yaml"), "faq:\n  - id: x\n    question: \"?\"\n");

            var e = Assert.Throws<ContentException>(() => ContentCatalog.Load(dir, Loaders));
            Assert.Contains(e.Errors, x => x.File == "knowledge/differences.yaml" && x.Line > 0 && x.Message.Contains("khoá không hợp lệ"));
            Assert.Contains(e.Errors, x => x.File == "knowledge/faq.yaml" && x.Line == 2 && x.Message.Contains("answer"));
            Assert.Matches(@"knowledge/\w+\.yaml:\d+: ", e.Message);

            // Without the unknown key, the other problems are all listed together.
            File.WriteAllText(path, yaml.Replace("    titel:", "    title:"));
            e = Assert.Throws<ContentException>(() => ContentCatalog.Load(dir, Loaders));
            Assert.Contains(e.Errors, x => x.Message.Contains("«number» 1 bị trùng"));
            Assert.Contains(e.Errors, x => x.Message.Contains("tối đa 20"));
            Assert.Contains(e.Errors, x => x.File == "knowledge/faq.yaml");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_question_language_loads_and_its_example_questions_point_at_real_differences_and_faq_entries()
    {
        var catalog = ContentCatalog.Load(KnowledgeTestContent.Dialogs, Loaders);
        var language = catalog.Get<QuestionLanguage>();
        var knowledge = catalog.Get<KnowledgeBase>();
        Assert.True(language.Concepts.Count > 50);
        Assert.All(knowledge.Differences, d => Assert.True(language.Examples.Count(e => e.Difference == d.Number) >= 10, $"difference {d.Number} has few example questions"));
        Assert.All(language.Examples.Where(e => e.FaqId is not null), e => Assert.NotNull(knowledge.FindFaq(e.FaqId!)));
        Assert.All(Enum.GetValues<SmallTalkKind>().Where(k => k != SmallTalkKind.Emoji), k => Assert.NotEmpty(language.Scope.SmallTalk[k]));
        // The clarify buttons are the differences' labels plus «Không phải»: all fit Messenger's 20 characters.
        Assert.InRange(catalog.Get<KnowledgeTexts>()["button_not_it"].Length, 1, 20);
        // The learned models are trained from questions.tsv at load.
        Assert.True(language.Learned.Read("chuyển đổi số khác công nghệ thông tin ở chỗ nào").OnTopic > 0.9);
        Assert.True(language.Learned.Read("giờ làm việc của bộ phận một cửa phường").OnTopic < 0.1);
        var cloud = language.Learned.Read("có nên đưa dữ liệu của phường lên điện toán đám mây không").Differences;
        Assert.Equal(7, Array.IndexOf(cloud, cloud.Max()));
    }

    [Fact]
    public void Topic_questions_of_only_one_kind_are_refused_with_the_file_named()
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatbot-content-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyDirectory(KnowledgeTestContent.Dialogs, dir);
            File.WriteAllText(Path.Combine(dir, "knowledge", "questions.tsv"), "4\tcds khác cntt chỗ nào\n7\tđám mây là gì\n");
            var e = Assert.Throws<ContentException>(() => ContentCatalog.Load(dir, Loaders));
            Assert.Contains(e.Errors, x => x.File == "knowledge/questions.tsv" && x.Message.Contains("cần cả câu hỏi đúng chủ đề (1–17) lẫn ngoài chủ đề (0)"));

            // On topic and off, but every on-topic question of one difference: nothing to learn the choice from.
            File.WriteAllText(Path.Combine(dir, "knowledge", "questions.tsv"), "7\tđám mây là gì\n7\tlưu trên mây\n0\tgiá rau\n");
            e = Assert.Throws<ContentException>(() => ContentCatalog.Load(dir, Loaders));
            Assert.Contains(e.Errors, x => x.File == "knowledge/questions.tsv" && x.Line == 3
                                           && x.Message.Contains("cần thuộc ít nhất hai điểm khác nhau"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_broken_question_language_names_the_file_line_and_problem()
    {
        var dir = Path.Combine(Path.GetTempPath(), "chatbot-content-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyDirectory(KnowledgeTestContent.Dialogs, dir);
            File.WriteAllText(Path.Combine(dir, "knowledge", "concepts.yaml"),
                "concepts:\n  - say: \"thuê\"\n    also: [\"đi thuê\"]\n    topic: 2\n  - say: \"mướn\"\n    also: [\"đi thuê\"]\n");
            File.WriteAllText(Path.Combine(dir, "knowledge", "examples.yaml"),
                "differences:\n  18: [\"điểm thứ mười tám là gì\"]\nfaq:\n  khong-co: [\"hỏi gì đó\"]\n");
            File.WriteAllText(Path.Combine(dir, "knowledge", "questions.tsv"), "# câu hỏi\n1\tcds khác cntt chỗ nào\ncó\tthiếu nhãn\n18\tnhãn sai\n");

            var e = Assert.Throws<ContentException>(() => ContentCatalog.Load(dir, Loaders));
            Assert.Contains(e.Errors, x => x.File == "knowledge/concepts.yaml" && x.Line == 2 && x.Message.Contains("«topic» 2"));
            Assert.Contains(e.Errors, x => x.File == "knowledge/concepts.yaml" && x.Line == 5 && x.Message.Contains("«đi thuê» đã có"));
            Assert.Contains(e.Errors, x => x.File == "knowledge/examples.yaml" && x.Message.Contains("differences.18"));
            Assert.Contains(e.Errors, x => x.File == "knowledge/examples.yaml" && x.Message.Contains("faq.khong-co"));
            Assert.Contains(e.Errors, x => x.File == "knowledge/questions.tsv" && x.Line == 3 && x.Message.Contains("cần số điểm (1–17) hoặc 0"));
            Assert.Contains(e.Errors, x => x.File == "knowledge/questions.tsv" && x.Line == 4);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
