using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

/// <summary>The learned models as pure logic: they learn from the questions they are given, generalise to spellings they
/// never saw, and train the same way every time.</summary>
public sealed class LearnedQuestionsTests
{
    static readonly (string, int)[] Questions =
    [
        ("người dân có phải là trung tâm của chuyển đổi số không", 1),
        ("làm chuyển đổi số thì ai được phục vụ trước, cán bộ hay người dân", 1),
        ("chuyển đổi số có lấy dân làm trung tâm không hay chỉ lo cho cơ quan", 1),
        ("dữ liệu để trên điện toán đám mây có an toàn không", 7),
        ("sao không mua máy chủ đặt ở phường mà lại đưa lên đám mây", 7),
        ("đám mây khác phòng máy chủ riêng chỗ nào", 7),
        ("thuê phần mềm theo tháng có lợi hơn tự đầu tư không", 8),
        ("đi thuê hệ thống thay vì bỏ tiền đầu tư có đúng không", 8),
        ("tự đầu tư máy móc hay thuê dịch vụ thì hơn", 8),
        ("mấy giờ bộ phận một cửa mở cửa", 0),
        ("làm căn cước cho con cần giấy tờ gì", 0),
        ("chiều nay trời có mưa không", 0),
        ("giá rau ở chợ hôm nay bao nhiêu", 0),
        ("đăng ký kết hôn ở đâu", 0),
    ];

    [Fact]
    public void It_tells_the_topic_from_errands_and_the_difference_asked_even_typed_without_diacritics()
    {
        var learned = LearnedQuestions.Train(Questions);
        var (onTopic, differences) = learned.Read("nen thue phan mem hay tu dau tu");
        Assert.True(onTopic > 0.5, $"on topic {onTopic:0.00}");
        Assert.Equal(8, Array.IndexOf(differences, differences.Max()));
        Assert.Equal(7, Array.IndexOf(learned.Read("du lieu dua len dam may").Differences, learned.Read("du lieu dua len dam may").Differences.Max()));
        Assert.True(learned.Read("cho hoi may gio mo cua").OnTopic < 0.5);
        Assert.Equal(1.0, differences.Sum(), 6);
    }

    [Fact]
    public void Training_twice_on_the_same_questions_gives_the_same_answers()
    {
        var (first, second) = (LearnedQuestions.Train(Questions), LearnedQuestions.Train(Questions));
        foreach (var text in new[] { "dữ liệu số", "hôm nay trời mưa", "", "🙂" })
            Assert.Equal(first.Read(text), second.Read(text), (a, b) => a.OnTopic == b.OnTopic && a.Differences.SequenceEqual(b.Differences));
        Assert.Same(LearnedQuestions.For(Questions), LearnedQuestions.For(Questions.ToList())); // once per process
    }

    [Fact]
    public void Questions_of_one_kind_only_cannot_train_it()
    {
        Assert.Throws<ArgumentException>(() => LearnedQuestions.Train(Questions.Where(q => q.Item2 > 0).ToList()));
        Assert.Throws<ArgumentException>(() => LearnedQuestions.Train(Questions.Where(q => q.Item2 is 0 or 7).ToList()));
    }

    [Fact]
    public void A_second_process_reads_the_trained_models_from_the_file_and_answers_exactly_as_the_first()
    {
        var folder = Directory.CreateTempSubdirectory("learned-").FullName;
        var trainings = 0;
        LearnedQuestions Train() { trainings++; return LearnedQuestions.Train(Questions); }
        var key = LearnedModelFile.KeyOf(Questions.Select(q => $"{q.Item2}\t{q.Item1}"));

        var first = new LearnedModelFile(folder).ReadOrTrain(key, Train);
        var second = new LearnedModelFile(folder).ReadOrTrain(key, Train); // as a new process would

        Assert.Equal(1, trainings);
        foreach (var text in new[] { "nen thue phan mem hay tu dau tu", "hôm nay trời mưa", "", "🙂" })
            Assert.Equal(first.Read(text), second.Read(text), (a, b) => a.OnTopic == b.OnTopic && a.Differences.SequenceEqual(b.Differences));
        Assert.NotEqual(key, LearnedModelFile.KeyOf(Questions.Skip(1).Select(q => $"{q.Item2}\t{q.Item1}"))); // edited questions: another file
    }

    [Fact]
    public void A_damaged_file_or_one_others_could_write_is_not_trusted_and_the_models_are_trained_again()
    {
        var folder = Directory.CreateTempSubdirectory("learned-").FullName;
        var trainings = 0;
        LearnedQuestions Train() { trainings++; return LearnedQuestions.Train(Questions); }
        var file = new LearnedModelFile(folder);
        var expected = file.ReadOrTrain("k", Train).Read("du lieu dua len dam may");

        var path = Path.Combine(folder, "k.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40; // one bit flipped in the weights
        File.WriteAllBytes(path, bytes);
        var read = file.ReadOrTrain("k", Train).Read("du lieu dua len dam may");
        Assert.Equal(2, trainings);
        Assert.True(expected.Differences.SequenceEqual(read.Differences));

        File.WriteAllBytes(path, bytes[..100]); // cut short
        file.ReadOrTrain("k", Train);
        Assert.Equal(3, trainings);

        if (OperatingSystem.IsWindows()) return;
        file.ReadOrTrain("k", Train); // whole again: read
        Assert.Equal(3, trainings);
        File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherWrite);
        file.ReadOrTrain("k", Train);
        Assert.Equal(4, trainings);
    }
}
