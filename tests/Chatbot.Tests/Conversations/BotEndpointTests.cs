using System.Net;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations.Dialogs;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Conversations;

public sealed class BotEndpointTests
{
    [Fact]
    public async Task A_new_conversation_is_greeted_in_Vietnamese_with_the_main_menu()
    {
        await using var app = await ChatbotApp.StartAsync();
        var replies = await app.SendAsync(new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = [new ChannelAccount("user-1")],
        });

        Assert.Contains("Xin chào", replies.Texts());
        Assert.Contains("xóa dữ liệu của tôi", replies.Texts());
        Assert.Equal(["17 điểm khác nhau", "Hỏi đáp", "Làm bài trắc nghiệm", "Nhận tin của phường", "Góp ý, gặp cán bộ"], replies.Buttons());
    }

    [Theory]
    [InlineData("xin chào")]
    [InlineData("Xin chao")]
    [InlineData("hi")]
    [InlineData("bắt đầu")]
    [InlineData("menu")]
    public async Task Greeting_words_and_menu_show_the_menu(string text)
    {
        await using var app = await ChatbotApp.StartAsync();
        var replies = await app.SayAsync(text);
        Assert.Contains("Góp ý, gặp cán bộ", replies.Buttons());
        Assert.All(replies, r => Assert.True(r.Text.IsNormalized(System.Text.NormalizationForm.FormC)));
    }

    [Fact]
    public async Task Malformed_json_gets_a_problem_details_400()
    {
        await using var app = await ChatbotApp.StartAsync();
        using var response = await app.CreateClient().PostAsync("/api/messages",
            new StringContent("{\"type\": \"message\", ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body); // no stack trace
    }

    [Fact]
    public async Task Problems_the_framework_writes_are_explained_in_Vietnamese()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();
        using var broken = await client.PostAsync("/api/webchat", new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json"));
        using var missing = await client.GetAsync("/api/khong-co");
        using var anonymous = await client.GetAsync("/api/posts");

        foreach (var (response, status, words) in new[] { (broken, 400, "kiểm tra JSON"), (missing, 404, "không có"), (anonymous, 401, "mã truy cập") })
        {
            Assert.Equal(status, (int)response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(words, problem.RootElement.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("{\"text\":\"không có type\"}")]
    [InlineData("\"chuỗi\"")]
    public async Task A_body_that_is_not_an_activity_gets_a_problem_details_400(string json)
    {
        await using var app = await ChatbotApp.StartAsync();
        using var response = await app.CreateClient().PostAsync("/api/messages",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        await using var app = await ChatbotApp.StartAsync();
        var big = "{\"type\":\"message\",\"text\":\"" + new string('a', 300 * 1024) + "\"}";
        using var response = await app.CreateClient().PostAsync("/api/messages",
            new StringContent(big, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    sealed class ExplodingTrigger : ITopicTrigger
    {
        public int Order => 0;
        public Task<bool> TryStartAsync(DialogContext dc, string text, CancellationToken ct) =>
            text == "nổ" ? throw new InvalidOperationException("boom") : Task.FromResult(false);
    }

    [Fact]
    public async Task An_exception_in_a_turn_gets_an_apology_and_the_next_message_works()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a =>
            a.WithServices(s => s.AddSingleton<ITopicTrigger, ExplodingTrigger>()));

        var failed = await app.SayAsync("nổ");
        Assert.Contains("Xin lỗi, mình vừa gặp sự cố", failed.Texts());
        Assert.DoesNotContain("boom", failed.Texts());

        var next = await app.SayAsync("menu");
        Assert.Contains("Góp ý, gặp cán bộ", next.Buttons());
    }

    [Fact]
    public async Task Feedback_offers_a_ward_officer()
    {
        await using var app = await ChatbotApp.StartAsync();
        await app.SayAsync("Góp ý");
        var replies = await app.SayAsync("Bến Thành");
        Assert.Contains("cho cán bộ Phường Bến Thành", replies.Texts());
        Assert.DoesNotContain("đang được xây dựng", replies.Texts());
    }

    [Fact]
    public async Task Without_an_app_id_outside_development_activities_are_refused()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("environment", "Production"));
        using var response = await app.CreateClient().PostAsync("/api/messages",
            new StringContent("{\"type\":\"message\",\"text\":\"hi\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("lam trac nghiem")]
    [InlineData("Thi trắc nghiệm")]
    [InlineData("làm quiz")]
    public async Task Asking_for_the_quiz_in_everyday_words_starts_it(string text)
    {
        await using var app = await ChatbotApp.StartAsync();
        var replies = await app.SayAsync(text);
        Assert.Contains("phường", replies.Texts()); // the quiz first asks the citizen's ward, once
        Assert.Contains("Sài Gòn", replies.Buttons());
    }
}
