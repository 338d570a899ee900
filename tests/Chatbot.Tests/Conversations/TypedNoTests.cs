using Chatbot.Web.Conversations.Dialogs;

namespace Chatbot.Tests.Conversations;

public class TypedNoTests
{
    [Theory]
    [InlineData("Không phải")]
    [InlineData("ko phai")]
    [InlineData("k phải ạ")]
    [InlineData("hong dung ad")]
    [InlineData("sai roi ban oi")]
    [InlineData("Đều không phải!")]
    [InlineData("khong phai cai nao het")]
    public void A_short_no_typed_any_way_is_a_no(string text) => Assert.True(TypedNo.Matches(text));

    [Theory]
    [InlineData("không phải ai cũng biết cntt là gì")]
    [InlineData("phải")]
    [InlineData("điểm 12")]
    [InlineData("ko biết nữa")]
    [InlineData("")]
    public void A_question_or_another_answer_is_not(string text) => Assert.False(TypedNo.Matches(text));
}
