using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

/// <summary>The learned topic test as pure logic: it learns from the questions it is given, generalises to spellings it
/// never saw, and trains the same way every time.</summary>
public sealed class TopicModelTests
{
    static readonly (string, bool)[] Questions =
    [
        ("chuyển đổi số khác tin học hoá ở chỗ nào", true),
        ("phần mềm của phường có phải là chuyển đổi số không", true),
        ("dữ liệu người dân để trên điện toán đám mây có an toàn không", true),
        ("lãnh đạo phường phải làm gì trong chuyển đổi số", true),
        ("nền tảng số dùng chung khác phần mềm riêng thế nào", true),
        ("số hoá hồ sơ giấy có phải là chuyển đổi số", true),
        ("mấy giờ bộ phận một cửa mở cửa", false),
        ("làm căn cước cho con cần giấy tờ gì", false),
        ("chiều nay trời có mưa không", false),
        ("giá rau ở chợ hôm nay bao nhiêu", false),
        ("đăng ký kết hôn ở đâu", false),
        ("xin giấy xác nhận cư trú mất mấy ngày", false),
    ];

    [Fact]
    public void It_tells_the_topic_from_everyday_errands_even_typed_without_diacritics()
    {
        var model = TopicModel.Train(Questions);
        Assert.True(model.Probability("chuyen doi so la gi vay") > 0.5);
        Assert.True(model.Probability("phan mem va nen tang so khac nhau sao") > 0.5);
        Assert.True(model.Probability("cho hoi may gio mo cua") < 0.5);
        Assert.True(model.Probability("lam giay to ket hon o dau") < 0.5);
    }

    [Fact]
    public void Training_twice_on_the_same_questions_gives_the_same_model()
    {
        var (first, second) = (TopicModel.Train(Questions), TopicModel.Train(Questions));
        foreach (var text in new[] { "dữ liệu số", "hôm nay trời mưa", "", "🙂" })
            Assert.Equal(first.Probability(text), second.Probability(text));
        Assert.Same(TopicModel.For(Questions), TopicModel.For(Questions.ToList())); // once per process
    }

    [Fact]
    public void Questions_of_one_kind_only_cannot_train_it() =>
        Assert.Throws<ArgumentException>(() => TopicModel.Train(Questions.Where(q => q.Item2).ToList()));
}
