using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

/// <summary>The pure parts of the FAQ editor: import checks with lines, the export's format, the readable diff.</summary>
public sealed class FaqYamlTests
{
    [Fact]
    public void The_content_faq_exports_and_imports_back_unchanged_with_diacritics_and_quotes_intact()
    {
        var content = KnowledgeTestContent.Knowledge.Faq;
        var tricky = new FaqEntry("ngoac-kep", "Câu có \"ngoặc kép\" và \\ gạch?", "Dòng một\nDòng hai: «Trái tim Thành phố».", [], [], []);
        var yaml = FaqYaml.Export([.. content, tricky], "Kiểm thử");
        Assert.StartsWith("# Kiểm thử\n", yaml);
        var (entries, errors) = FaqYaml.Import(yaml);
        Assert.Empty(errors);
        Assert.Equal(content.Count + 1, entries.Count);
        Assert.All(content.Append(tricky).Zip(entries), p => Assert.True(FaqJson.Same(p.First, p.Second), p.First.Id));
    }

    [Fact]
    public void An_import_lists_every_problem_with_its_line_and_returns_no_entries()
    {
        var (entries, errors) = FaqYaml.Import("""
            faq:
              - id: mot
                question: "Một?"
                answer: "Một."
              - id: mot
                question: "Hai?"
                answer: ""
                questions: ["a", "A"]
            """);
        Assert.Empty(entries);
        Assert.Equal(
        [
            "Dòng 5: mục «mot»: «Câu trả lời» không được để trống.",
            "Dòng 5: mục «mot»: «Câu hỏi mẫu» dòng 2 «A» bị lặp lại.",
            "Dòng 5: mục «mot»: «id» trùng với mục ở dòng 2.",
        ], errors.Select(e => e.ToString()));
        Assert.Equal("Dòng 2: tệp không có mục «faq» nào (cần danh sách «faq:» như dialogs/knowledge/faq.yaml).",
            Assert.Single(FaqYaml.Import("# rỗng\nfaq: []\n").Errors).ToString());
        var typed = Assert.Single(FaqYaml.Import("faq:\n  - id: a\n    question: q\n    answer: a\n    related: [mot]\n").Errors);
        Assert.Equal(5, typed.Line);
        Assert.StartsWith("giá trị không đúng kiểu: «related» là danh sách số từ 1 đến 17", typed.Message);
        Assert.StartsWith("Dòng 2: tệp YAML không đọc được ở đây:", Assert.Single(FaqYaml.Import("faq:\n  - id: [\n").Errors).ToString());
    }

    [Fact]
    public void The_diff_shows_words_removed_and_added_and_list_lines()
    {
        var before = new FaqEntry("a", "Hỏi?", "Chuyển đổi số là thay đổi cách làm.", [1], ["cũ"], ["một"]);
        var after = before with { Answer = "Chuyển đổi số là thay đổi cách làm việc.", Related = [1, 4], Keywords = ["mới"] };
        var changes = FaqDiff.Compare(before, after);
        Assert.Equal(["answer", "related", "keywords"], changes.Select(c => c.Field));
        Assert.Equal([(DiffKind.Same, "Chuyển đổi số là thay đổi cách"), (DiffKind.Added, "làm việc."), (DiffKind.Removed, "làm.")],
            changes[0].Words.Select(w => (w.Kind, w.Text)));
        Assert.Equal(["điểm 4"], changes[1].Added);
        Assert.Empty(changes[1].Removed);
        Assert.Equal("Câu trả lời; Điểm liên quan (thêm 1); Từ khóa (thêm 1, bỏ 1)", FaqDiff.Summary(changes));
    }

    [Theory]
    [InlineData("Nền tảng số là gì?", "nen-tang-so-la-gi")]
    [InlineData("Đăng ký chữ ký số ở đâu, mất bao lâu và tốn bao nhiêu tiền?", "dang-ky-chu-ky-so-o-dau-mat")]
    [InlineData("???", "hoi-dap")]
    public void A_new_id_is_made_from_the_question_and_never_reuses_one_taken(string question, string id)
    {
        Assert.Equal(id, FaqInput.NewId(question, []));
        Assert.Equal(id + "-2", FaqInput.NewId(question, [id]));
    }
}
