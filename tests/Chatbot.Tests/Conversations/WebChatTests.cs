using System.Net;
using System.Net.Http.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations;

namespace Chatbot.Tests.Conversations;

public sealed class WebChatTests
{
    [Fact]
    public async Task Opening_the_web_chat_greets_and_then_the_same_conversation_continues()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("environment", "Production"));
        var client = app.CreateClient();

        var opened = await (await client.PostAsJsonAsync("/api/webchat", new WebChatRequest(null, null)))
            .Content.ReadFromJsonAsync<WebChatResponse>();
        Assert.NotNull(opened);
        Assert.Contains(opened.Replies, r => r.Text.StartsWith("Xin chào"));
        Assert.Contains(opened.Replies.SelectMany(r => r.Buttons), b => b.Label == "Góp ý, gặp cán bộ");

        var next = await (await client.PostAsJsonAsync("/api/webchat", new WebChatRequest(opened.ConversationId, "trợ giúp")))
            .Content.ReadFromJsonAsync<WebChatResponse>();
        Assert.Equal(opened.ConversationId, next!.ConversationId);
        Assert.Contains(next.Replies, r => r.Text.Contains("bắt đầu lại"));
    }

    [Fact]
    public async Task A_question_sent_with_the_first_call_is_greeted_and_then_answered()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();

        var first = await (await client.PostAsJsonAsync("/api/webchat", new WebChatRequest(null, "điện toán đám mây là gì")))
            .Content.ReadFromJsonAsync<WebChatResponse>();

        Assert.NotNull(first);
        Assert.StartsWith("Xin chào", first.Replies[0].Text);
        Assert.Contains(first.Replies, r => r.Text.Contains("Điểm 7/17"));
        var next = await (await client.PostAsJsonAsync("/api/webchat", new WebChatRequest(first.ConversationId, "điểm tiếp theo")))
            .Content.ReadFromJsonAsync<WebChatResponse>();
        Assert.Contains(next!.Replies, r => r.Text.Contains("Điểm 8/17"));
    }

    [Fact]
    public async Task A_first_hello_is_answered_by_the_welcome_once_and_a_later_hello_gets_its_own_reply()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();

        var first = await (await client.PostAsJsonAsync("/api/webchat", new WebChatRequest(null, "chào ad")))
            .Content.ReadFromJsonAsync<WebChatResponse>();

        Assert.NotNull(first);
        Assert.StartsWith("Xin chào", first.Replies[0].Text);
        Assert.DoesNotContain(first.Replies, r => r.Text.StartsWith("Chào bạn"));
        Assert.Single(first.Replies, r => r.Buttons.Any(b => b.Label == "Góp ý, gặp cán bộ")); // the menu once
        var later = await (await client.PostAsJsonAsync("/api/webchat", new WebChatRequest(first.ConversationId, "chào ad")))
            .Content.ReadFromJsonAsync<WebChatResponse>();
        Assert.StartsWith("Chào bạn! Mình là trợ lý tự động", Assert.Single(later!.Replies).Text);
    }

    [Theory]
    [InlineData("not-a-valid-id", "xin chào")]
    [InlineData("0123456789abcdef0123456789abcdef", "")]
    public async Task Bad_requests_get_a_validation_problem(string conversationId, string text)
    {
        await using var app = await ChatbotApp.StartAsync();
        using var response = await app.CreateClient().PostAsJsonAsync("/api/webchat", new WebChatRequest(conversationId, text));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_json_gets_400()
    {
        await using var app = await ChatbotApp.StartAsync();
        using var response = await app.CreateClient().PostAsync("/api/webchat",
            new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
