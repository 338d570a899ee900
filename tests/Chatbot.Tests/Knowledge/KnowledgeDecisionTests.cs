using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

/// <summary>The two questions of issue 12 on single messages: is it about the topic at all (small talk and support
/// questions are settled before the ranking), and which difference — answer, clarify or none.</summary>
public sealed class KnowledgeDecisionTests
{
    static KnowledgeSearch Search => KnowledgeTestContent.Search;

    [Theory]
    [InlineData("bot ơi bạn là người thật hay máy vậy", SmallTalkKind.Identity)]
    [InlineData("ad là người thật hay bot vậy", SmallTalkKind.Identity)]
    [InlineData("bạn là ai", SmallTalkKind.Identity)]
    [InlineData("chào ad", SmallTalkKind.Greeting)]
    [InlineData("cảm ơn nhiều nha", SmallTalkKind.Thanks)]
    [InlineData("tạm biệt nhé", SmallTalkKind.Goodbye)]
    [InlineData("ok", SmallTalkKind.Acknowledge)]
    [InlineData("bot ngu quá", SmallTalkKind.Insult)]
    [InlineData("hihi", SmallTalkKind.Laugh)]
    [InlineData("👍", SmallTalkKind.Emoji)]
    public void Small_talk_and_identity_are_answered_before_any_ranking(string text, SmallTalkKind kind)
    {
        var decision = Search.Decide(text);
        Assert.Equal((DecisionKind.None, NoneReason.SmallTalk, kind), (decision.Kind, decision.Reason!.Value, decision.SmallTalk!.Value));
    }

    [Fact]
    public void A_practical_question_naming_many_ideas_of_the_topic_is_offered_not_refused_and_not_answered_outright()
    {
        // «có bắt buộc» reads as a practical question, but three ideas of the topic say it is about them.
        var decision = Search.Decide("Làm chuyển đổi số có bắt buộc phải bỏ máy chủ riêng để chuyển lên điện toán đám mây không?");
        Assert.Equal(DecisionKind.Clarify, decision.Kind);
        Assert.Equal(7, decision.Candidates[0].Difference.Number);
    }

    [Theory]
    [InlineData("lớp tập huấn chuyển đổi số cho tổ công nghệ số cộng đồng học ở đâu")]
    [InlineData("báo cáo chuyển đổi số về dữ liệu người dùng của khu phố nộp hạn chót ngày nào")]
    public void A_practical_question_naming_one_or_two_ideas_stays_out_of_scope(string text) =>
        Assert.Equal((DecisionKind.None, NoneReason.OffTopic), (Search.Decide(text).Kind, Search.Decide(text).Reason!.Value));

    [Fact]
    public void A_meaning_question_with_no_word_of_the_topic_is_answered_when_it_is_very_close_to_an_example_question()
    {
        // No idea of the topic is named («lãnh đạo» alone is everyone's word), but an example question of point 11 says
        // almost the same.
        var decision = Search.Decide("người lãnh đạo có phải hiểu máy chạy thế nào không, hay chỉ cần nói phải làm gì");
        Assert.Equal((DecisionKind.Answer, 11), (decision.Kind, decision.Difference?.Number));
    }

    [Fact]
    public void A_group_telling_about_its_own_work_is_offered_a_choice_when_only_the_learned_topic_test_sees_the_topic()
    {
        // No idea of the dispatch is named and no example question is close: the rules alone refuse it.
        const string text = "đội văn nghệ của khu phố muốn mọi thành viên cùng xem lịch tập và bài hát ở một chỗ chung thay vì mỗi người giữ một bản, vậy dùng cái gì";
        var evidence = Search.Weigh(text);
        Assert.True(evidence.Learned >= QuestionEvidence.LearnedOnTopic, $"learned {evidence.Learned:0.00}");
        Assert.Equal(DecisionKind.None, (evidence with { Learned = 0.5 }).Decide(Search.Knowledge, 3).Kind);

        var decision = Search.Decide(text);
        Assert.Equal(DecisionKind.Clarify, decision.Kind); // offered with «Không phải», never answered on the model's word
        Assert.Contains(decision.Candidates, c => c.Difference.Number == 3); // one shared place: the shared platform
    }

    [Fact]
    public void A_message_the_learned_test_is_sure_is_off_topic_is_refused_unless_it_is_a_known_question()
    {
        var answered = Search.Weigh("chào bạn, cho mình hỏi điện toán đám mây là gì");
        Assert.Equal(DecisionKind.Answer, answered.Decide(Search.Knowledge, 3).Kind);
        Assert.Equal((DecisionKind.None, NoneReason.OffTopic),
            ((answered with { Learned = 0.05 }).Decide(Search.Knowledge, 3).Kind, (answered with { Learned = 0.05 }).Decide(Search.Knowledge, 3).Reason));

        // A question staff assigned (or the content lists) stays answered whatever the model says.
        var known = Search.Knowledge.Find(7)!.Questions[0];
        Assert.Equal(DecisionKind.Answer, (Search.Weigh(known) with { Learned = 0.05 }).Decide(Search.Knowledge, 3).Kind);
    }

    [Fact]
    public void A_question_staff_assigned_is_answered_as_they_said_whatever_the_learned_model_thinks()
    {
        const string text = "có nên đưa dữ liệu của phường lên điện toán đám mây không";
        var likely = Search.Weigh(text).LearnedDifferences!;
        Assert.Equal(7, Array.IndexOf(likely, likely.Max())); // the learned model reads it as point 7

        var taught = KnowledgeTestContent.With([new ExampleQuestion(text, 8, null)]);
        var decision = taught.Decide(text);
        Assert.Equal((DecisionKind.Answer, 8), (decision.Kind, decision.Difference?.Number));
    }

    [Fact]
    public void A_greeting_around_a_real_question_does_not_hide_it()
    {
        var decision = Search.Decide("chào bạn, cho mình hỏi điện toán đám mây là gì");
        Assert.Equal(DecisionKind.Answer, decision.Kind);
        Assert.Equal(7, decision.Difference?.Number);
    }

    [Theory]
    [InlineData("quên mật khẩu Zalo thì lấy lại sao")]
    [InlineData("VNeID không đăng nhập được")]
    [InlineData("cài VNeID thế nào")]
    [InlineData("trang dịch vụ công không mở được")]
    public void Support_questions_about_particular_apps_and_services_are_none(string text)
    {
        var decision = Search.Decide(text);
        Assert.Equal((DecisionKind.None, NoneReason.Support), (decision.Kind, decision.Reason!.Value));
        Assert.Empty(decision.Candidates);
    }

    [Theory]
    [InlineData("zalo bi loi khong gui duoc tin")]
    [InlineData("dang bai len fb bi loi hoai")]
    public void A_problem_typed_without_diacritics_is_still_support(string text) =>
        Assert.Equal((DecisionKind.None, NoneReason.Support), (Search.Decide(text).Kind, Search.Decide(text).Reason!.Value));

    [Fact]
    public void A_benefit_typed_without_diacritics_is_not_an_error_with_an_app()
    {
        // «duoc loi» is read as «được lợi» (a benefit); the same letters must not count as «lỗi» with Facebook.
        var decision = Search.Decide("dang bai fb ve chuyen doi so thi nen noi ai duoc loi nhieu nhat");
        Assert.NotEqual(NoneReason.Support, decision.Reason);
        Assert.Contains(decision.Candidates, c => c.Difference.Number == 1);
    }

    [Theory]
    [InlineData("khu mình có 5G chưa")]
    [InlineData("tỷ giá đô la hôm nay")]
    [InlineData("đăng ký kết hôn cần giấy tờ gì")]
    [InlineData("học ngành công nghệ thông tin ra trường lương bao nhiêu")]
    public void Everyday_questions_that_only_brush_a_tech_word_are_none(string text) =>
        Assert.Equal(DecisionKind.None, Search.Decide(text).Kind);

    [Theory]
    [InlineData("buổi hướng dẫn của tổ công nghệ số cộng đồng tuần này ở nhà văn hóa nào vậy")]
    [InlineData("hội thảo chuyển đổi số của quận mấy giờ bắt đầu ạ")]
    [InlineData("sđt của tổ công nghệ số cộng đồng là gì vậy")]
    [InlineData("viết giúp tôi bài phát biểu về chuyển đổi số")]
    public void Asking_for_a_place_a_time_a_contact_or_a_job_is_none_even_when_it_names_the_topic(string text) =>
        Assert.Equal((DecisionKind.None, NoneReason.OffTopic), (Search.Decide(text).Kind, Search.Decide(text).Reason!.Value));

    [Theory]
    [InlineData("khi nào thì một phường được coi là đã chuyển đổi số", AskKind.Meaning)]
    [InlineData("số điện thoại hỗ trợ chuyển đổi số là gì", AskKind.Fact)]
    [InlineData("lớp học kỹ năng số ở đâu", AskKind.Practical)]
    [InlineData("lớp học kỹ năng số mở ở trường nào", AskKind.Practical)]
    [InlineData("lãnh đạo đứng ở vị trí nào trong chuyển đổi số", AskKind.Neither)]
    [InlineData("dữ liệu đưa lên đám mây thì nằm ở đâu", AskKind.Neither)]
    [InlineData("sao cán bộ phụ trách kỹ thuật không tự lo được chuyện chuyển đổi số", AskKind.Meaning)]
    // Typed without question marks: the story's «khi nào» is not what the last sentence asks; a short thanks is not a question.
    [InlineData("phòng máy của xã hư hoài mà chưa biết khi nào có tiền sửa. chuyển đổi số có giúp được chuyện đó không", AskKind.Neither)]
    [InlineData("lớp chuyển đổi số cho người cao tuổi học ở đâu. cảm ơn ạ", AskKind.Practical)]
    public void The_question_form_says_what_is_asked(string text, AskKind intent) =>
        Assert.Equal(intent, Search.Weigh(text).Intent);

    [Fact]
    public void An_off_topic_word_is_the_subject_of_a_meaning_question_about_the_topic_not_its_intent() =>
        Assert.NotEqual(DecisionKind.None, Search.Decide("chuyển đổi số có phải là để giảm bớt tiền lương nhân viên không").Kind);

    [Theory]
    [InlineData("điện toán đám mây là gì", 7)]
    [InlineData("cho em hỏi tổ công nghệ số cộng đồng được lập ra để làm gì ạ", 10)]
    [InlineData("du lieu phi cau truc la sao", 16)]
    public void A_clear_question_is_answered_with_its_difference(string text, int number)
    {
        var decision = Search.Decide(text);
        Assert.Equal(DecisionKind.Answer, decision.Kind);
        Assert.Equal(number, decision.Difference?.Number);
        Assert.All(decision.Candidates, c => Assert.InRange(c.Score, 0, 1));
    }

    [Fact]
    public void A_broad_question_is_answered_by_the_faq()
    {
        var decision = Search.Decide("chuyen doi so khac cntt cho nao");
        Assert.Equal(DecisionKind.Answer, decision.Kind);
        Assert.Equal("cntt-khac-cds", decision.Faq?.Entry.Id);
        Assert.Null(decision.Difference);
    }

    [Theory]
    [InlineData("người dùng quan trọng thế nào trong chuyển đổi số", new[] { 12, 15 })]
    public void An_on_topic_question_without_a_clear_lead_offers_up_to_three_candidates(string text, int[] expected)
    {
        var decision = Search.Decide(text);
        Assert.Equal(DecisionKind.Clarify, decision.Kind);
        Assert.InRange(decision.Candidates.Count, 2, KnowledgeDecision.MaxCandidates);
        Assert.All(expected, n => Assert.Contains(decision.Candidates, c => c.Difference.Number == n));
        Assert.Equal(decision.Candidates.OrderByDescending(c => c.Score).Select(c => c.Score), decision.Candidates.Select(c => c.Score));
    }

    [Fact]
    public void A_long_scenario_gets_its_difference_or_a_one_tap_choice_containing_it()
    {
        // Written for this test from the dispatch's idea of difference 3, in a context no question set uses.
        var decision = Search.Decide("Nhà tôi có vườn lan, sổ sách ghi tay, đơn hàng nhận qua điện thoại. Con gái bảo " +
            "phải chuyển đổi số, đưa hết lên một nền tảng chung cho cả hợp tác xã dùng. Nền tảng ấy khác gì mấy phần mềm lẻ tẻ?");
        Assert.NotEqual(DecisionKind.None, decision.Kind);
        Assert.Contains(decision.Candidates, c => c.Difference.Number == 3);
    }

    [Fact]
    public void A_staff_example_question_teaches_the_index_without_touching_the_official_text()
    {
        const string asked = "app phường cứ bắt nhập lại thông tin mà phường đã có thì có đúng tinh thần không";
        Assert.NotEqual(1, Search.Decide(asked) is { Kind: DecisionKind.Answer } d ? d.Difference?.Number : null);

        var taught = KnowledgeTestContent.With([new ExampleQuestion(asked, 1, null)]);
        var decision = taught.Decide(asked);
        Assert.Equal((DecisionKind.Answer, 1), (decision.Kind, decision.Difference?.Number));
        Assert.Equal(Search.Knowledge.Find(1), taught.Knowledge.Find(1));
    }

    [Fact]
    public void Diacritics_typed_keep_rent_and_tax_apart()
    {
        // "thuê" (rent) is an idea of difference 8; "thuế" (tax) is not; typed without diacritics it may be either.
        Assert.DoesNotContain(Search.Weigh("nộp thuế đất ở đâu").Read!.Concepts, c => c.Say == "thuê");
        Assert.Contains(Search.Weigh("nen thue he thong hay tu dau tu").Read!.Concepts, c => c.Say == "thuê");
    }
}
