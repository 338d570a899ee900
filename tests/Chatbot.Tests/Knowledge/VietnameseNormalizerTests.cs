using Chatbot.Web.Knowledge;

namespace Chatbot.Tests.Knowledge;

public sealed class VietnameseNormalizerTests
{
    static string Read(string text) =>
        string.Join(" ", KnowledgeTestContent.Search.Normalizer.Tokenize(text).Where(t => !t.Stop).Select(t => t.Folded));

    [Theory]
    [InlineData("Chuyển đổi số?", "chuyen doi so")]
    [InlineData("CHUYỂN ĐỔI SỐ", "chuyen doi so")]
    [InlineData("cds", "chuyen doi so")]
    [InlineData("CĐS", "chuyen doi so")]
    [InlineData("cntt", "cong nghe thong tin")]
    [InlineData("cntt+", "cong nghe thong tin cong")]
    [InlineData("chuyeenr ddooir soos", "chuyen doi so")]                // Telex left unconverted
    [InlineData("chuye6n3 d9o6i3 so61", "chuyen doi so")]               // VNI left unconverted
    [InlineData("nen tang so ntn", "nen tang so")]                      // ntn = như thế nào: a question, no topic
    [InlineData("cho em hỏi nền tảng số là gì ạ", "nen tang so")]       // politeness dropped
    [InlineData("ad ơi, dữ liệu j vậy", "du lieu")]
    [InlineData("ko biết dc ko", "biet")]
    [InlineData("dùng bn trả bấy nhiêu", "dung tra bay nhieu")]
    public void Reads_what_citizens_type(string text, string expected) => Assert.Equal(expected, Read(text));

    [Fact]
    public void Decomposed_input_reads_like_composed()
    {
        var nfd = "Chuyển đổi số".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal(Read("Chuyển đổi số"), Read(nfd));
        Assert.Equal(KnowledgeTestContent.Search.Normalizer.Tokenize("Chuyển đổi số"), KnowledgeTestContent.Search.Normalizer.Tokenize(nfd));
    }

    [Fact]
    public void Old_and_new_tone_placement_share_one_accent_key()
    {
        Assert.Equal(VietnameseNormalizer.AccentKey("hoá"), VietnameseNormalizer.AccentKey("hóa"));
        Assert.NotEqual(VietnameseNormalizer.AccentKey("số"), VietnameseNormalizer.AccentKey("sổ"));
        Assert.Equal("đôi3", VietnameseNormalizer.AccentKey("đổi"));
    }

    [Fact]
    public void A_particle_typed_with_diacritics_is_dropped_but_a_word_folding_the_same_is_kept()
    {
        // "có" is a particle; "cơ" (cơ quan) folds to the same "co" but means something.
        var tokens = KnowledgeTestContent.Search.Normalizer.Tokenize("có cơ quan");
        Assert.True(tokens[0].Stop);
        Assert.False(tokens[1].Stop);
    }

    [Fact]
    public void Known_words_are_never_repaired_as_telex()
    {
        // "so" is a word of the content; Telex repair only applies to unknown words.
        Assert.Equal("so hoa", Read("so hoa"));
        Assert.Equal("server", Read("server"));
    }
}
