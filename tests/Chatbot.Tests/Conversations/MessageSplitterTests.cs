using Chatbot.Web.Conversations;

namespace Chatbot.Tests.Conversations;

public sealed class MessageSplitterTests
{
    [Fact]
    public void A_short_text_is_one_message() => Assert.Equal(["Xin chào."], MessageSplitter.Split("Xin chào."));

    [Fact]
    public void Long_text_splits_at_paragraphs_then_sentences_and_loses_nothing()
    {
        var paragraph = string.Concat(Enumerable.Repeat("Chuyển đổi số là thay đổi cách làm. ", 30)).Trim();
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 4));
        var parts = MessageSplitter.Split(text, 2000);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 2000));
        Assert.All(parts, p => Assert.EndsWith(".", p));
        Assert.Equal(text.Replace("\n", "").Replace(" ", ""), string.Concat(parts).Replace("\n", "").Replace(" ", ""));
    }

    [Fact]
    public void A_word_longer_than_the_limit_is_cut()
    {
        var parts = MessageSplitter.Split(new string('a', 45), 20);
        Assert.Equal([20, 20, 5], parts.Select(p => p.Length));
    }
}
