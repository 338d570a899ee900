using System.Diagnostics;
using System.Net;
using System.Text;
using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Quiz;
using Chatbot.Web.Content;
using Chatbot.Web.Conversations;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace Chatbot.Tests.Conversations;

/// <summary>Issue 13 point 15: what Bot Framework channels (Web Chat, Azure Bot Service connectors) need of /api/messages.</summary>
public sealed class BotFrameworkChannelTests
{
    static StringContent Json(object activity) => new(JsonConvert.SerializeObject(activity), Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_activity_with_nowhere_to_reply_to_gets_a_Vietnamese_400()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();
        using var missing = await client.PostAsync("/api/messages", Json(new
        {
            type = "message", text = "xin chào", channelId = "webchat", from = new { id = "u1" }, recipient = new { id = "bot" },
            conversation = new { id = "c1" },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Thiếu địa chỉ trả lời (serviceUrl)", await missing.Content.ReadAsStringAsync());

        // With expectReplies the replies come back in the response: no serviceUrl needed.
        using var inline = await client.PostAsync("/api/messages", Json(new
        {
            type = "message", text = "xin chào", channelId = "webchat", from = new { id = "u1" }, recipient = new { id = "bot" },
            conversation = new { id = "c1" }, deliveryMode = "expectReplies",
        }));
        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
    }

    [Fact]
    public async Task A_connector_that_never_answers_holds_the_request_for_the_send_timeout_only_and_gets_no_apology()
    {
        await using var simulator = await PlatformSimulator.StartAsync();
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("Bot:SendTimeout", "00:00:03"));
        Assert.Equal(TimeSpan.FromSeconds(15), new BotTurnOptions().SendTimeout); // the shipped bound
        simulator.Faults.Enqueue(new Fault("/connector/", Delay: TimeSpan.FromMinutes(5)), times: 5);

        var watch = Stopwatch.StartNew();
        using var response = await app.CreateClient().PostAsync("/api/messages", Json(new
        {
            type = "message", id = "a1", text = "menu", channelId = "webchat", serviceUrl = simulator.ConnectorUrl(),
            from = new { id = "u1" }, recipient = new { id = "bot" }, conversation = new { id = "slow-1" },
        }));
        watch.Stop();

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"held {watch.Elapsed} (send timeout 3 s)");
        // One try to deliver the reply, and no apology sent the same way after it.
        Assert.Single(simulator.Requests, r => r.Path.StartsWith("/connector/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quiz_question_that_could_not_be_delivered_is_asked_again_on_the_next_message()
    {
        await using var simulator = await PlatformSimulator.StartAsync();
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("Bot:SendTimeout", "00:00:03"));
        var player = new QuizPlayer(app, "u-lost", channel: "webchat");
        await player.StartAsync();
        var first = player.Current();

        // The answer goes through a connector that fails: feedback and question 2 never reach the citizen.
        simulator.Faults.FailRandomly(1.0, new Fault("/connector/", Status: 503));
        using (var lost = await app.CreateClient().PostAsync("/api/messages", Json(new
        {
            type = "message", id = "lost-1", text = first.Correct, channelId = "webchat", serviceUrl = simulator.ConnectorUrl(),
            from = new { id = "u-lost" }, recipient = new { id = "bot" }, conversation = new { id = player.Conversation },
        })))
            Assert.True(lost.IsSuccessStatusCode);
        Assert.Empty(simulator.Messaging().Sent);

        // Whatever the citizen writes next is not taken as the answer to question 2: question 2 is shown again.
        var next = await player.SayAsync("A");
        Assert.Contains("Câu 2/10", next.Texts());
        Assert.DoesNotContain("Chính xác", next.Texts());
        Assert.DoesNotContain("Chưa đúng", next.Texts());
        Assert.Equal("A", next.Buttons()[0]);
        var answered = await player.SayAsync(player.Current().Correct);
        Assert.Contains("Câu 3/10", answered.Texts());
    }

    [Theory]
    [InlineData("xóa dữ liệu của tôi")]
    [InlineData("xoa du lieu cua toi")]
    [InlineData("Xoá dữ liệu")]
    public async Task Erasing_ones_data_during_a_quiz_is_obeyed_on_the_first_try(string words)
    {
        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u-erase");
        await player.StartAsync();
        var confirm = app.Services.GetRequiredService<MenuContent>().Text("erase_confirm");

        var replies = await player.SayAsync(words);
        Assert.Contains(confirm, replies.Texts());
        Assert.DoesNotContain("chưa nhận ra đáp án", replies.Texts());
    }

    [Fact]
    public async Task A_question_that_interrupts_browsing_keeps_its_own_buttons()
    {
        await using var app = await ChatbotApp.StartAsync();
        await app.SayAsync("Tìm hiểu 17 điểm khác nhau", conversation: "browse-q");
        await app.SayAsync("Trang sau", conversation: "browse-q");

        var replies = await app.SayAsync("nền tảng số là gì", conversation: "browse-q");
        var answer = replies.First(r => r.SuggestedActions?.Actions?.Count > 0);
        Assert.Contains("nền tảng", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(answer.SuggestedActions.Actions.Select(a => a.Title), replies.Buttons()); // nothing after it replaced them
        Assert.Contains("Mình quay lại phần 17 điểm khác nhau", replies.Texts());
        Assert.Contains("(trang 3/6)", (await app.SayAsync("Trang sau", conversation: "browse-q")).Texts()); // browsing goes on
    }

    [Fact]
    public async Task Quiz_options_are_Markdown_lines_on_Bot_Framework_channels_and_plain_lines_elsewhere()
    {
        Assert.Equal("Câu 1/10: Hỏi?  \nA. Một  \nB. Hai\n\nĐoạn mới  \nX", MarkdownLineBreaks.Format("Câu 1/10: Hỏi?\nA. Một\nB. Hai\n\nĐoạn mới\nX"));
        Assert.Equal("A  \nB", MarkdownLineBreaks.Format(MarkdownLineBreaks.Format("A\nB"))); // formatting twice changes nothing

        await using var app = await ChatbotApp.StartAsync();
        var player = new QuizPlayer(app, "u-md", channel: "webchat");
        await player.StartAsync();
        var question = player.Last.Single(r => r.Text?.Contains("Câu 1/10") == true);
        Assert.Equal(TextFormatTypes.Markdown, question.TextFormat);
        Assert.Matches(@"\S  \nA\. .+  \nB\. ", question.Text);

        // The site's own web chat shows text as written (pre-wrap): plain line breaks there.
        using var web = await app.CreateClient().PostAsync("/api/webchat", Json(new { conversationId = (string?)null, text = "" }));
        var body = await web.Content.ReadAsStringAsync();
        var id = Newtonsoft.Json.Linq.JObject.Parse(body)["conversationId"]!.ToString();
        await app.CreateClient().PostAsync("/api/webchat", Json(new { conversationId = id, text = "Làm bài trắc nghiệm" }));
        using var quiz = await app.CreateClient().PostAsync("/api/webchat", Json(new { conversationId = id, text = "Sài Gòn" }));
        var text = await quiz.Content.ReadAsStringAsync();
        Assert.Contains("\\nA. ", text);
        Assert.DoesNotContain("  \\n", text);
    }
}
