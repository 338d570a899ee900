using System.Net;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Knowledge;

public sealed class KnowledgeApiTests
{
    static async Task<JsonElement> SearchAsync(HttpClient client, string q, string? top = null)
    {
        var json = await client.GetStringAsync("/api/knowledge/search?q=" + Uri.EscapeDataString(q) + (top is null ? "" : "&top=" + top));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public async Task Search_returns_the_chats_decision_answer_clarify_or_none_with_the_old_fields()
    {
        await using var app = await ChatbotApp.StartAsync();
        using var client = app.CreateClient();

        var answer = await SearchAsync(client, "điện toán đám mây là gì", top: "2");
        Assert.Equal("answer", answer.GetProperty("decision").GetString());
        var results = answer.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal(7, results[0].GetProperty("number").GetInt32());
        Assert.Equal("Chuyển từ máy tính riêng lẻ sang điện toán đám mây", results[0].GetProperty("title").GetString());
        Assert.InRange(results[0].GetProperty("score").GetDouble(), results[1].GetProperty("score").GetDouble(), 1);

        var clarify = await SearchAsync(client, "người dùng quan trọng thế nào trong chuyển đổi số");
        Assert.Equal("clarify", clarify.GetProperty("decision").GetString());
        var candidates = clarify.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).ToList();
        Assert.InRange(candidates.Count, 2, 3);
        Assert.Contains(12, candidates);

        var faq = await SearchAsync(client, "chuyen doi so khac cntt cho nao");
        Assert.Equal("answer", faq.GetProperty("decision").GetString());
        var entry = Assert.Single(faq.GetProperty("results").EnumerateArray());
        Assert.Equal("cntt-khac-cds", entry.GetProperty("faq").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("number").ValueKind);

        foreach (var none in new[] { "tỷ giá đô la hôm nay", "quên mật khẩu Zalo thì lấy lại sao", "bạn là người thật hay máy vậy" })
            Assert.Equal("{\"decision\":\"none\",\"results\":[]}", await client.GetStringAsync("/api/knowledge/search?q=" + Uri.EscapeDataString(none)));
    }

    [Theory]
    [InlineData("/api/knowledge/search")]
    [InlineData("/api/knowledge/search?q=")]
    [InlineData("/api/knowledge/search?q=cds&top=0")]
    [InlineData("/api/knowledge/search?q=cds&top=18")]
    [InlineData("/api/knowledge/search?q=cds&top=abc")]
    public async Task Bad_input_gets_a_problem_details_400(string url)
    {
        await using var app = await ChatbotApp.StartAsync();
        using var response = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [SkippableTheory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unanswered_questions_are_recorded_with_their_ward_and_without_personal_data(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        await app.SayAsync("đăng ký kết hôn cần giấy tờ gì", conversation: "c-42", user: "citizen-7", channel: "facebook");
        await app.SayAsync("đăng ký kết hôn cần giấy tờ gì", conversation: "c-43");
        await app.SayAsync("quên mật khẩu Zalo thì lấy lại sao", conversation: "c-43");
        await app.SayAsync("điện toán đám mây là gì", conversation: "c-42"); // answered: not recorded
        await app.SayAsync("cảm ơn nhé", conversation: "c-42");               // small talk: not recorded

        var store = app.Services.GetRequiredService<UnansweredQuestions>();
        var rows = await store.ListAsync(default);
        Assert.Equal(3, rows.Count);
        Assert.Equal(("đăng ký kết hôn cần giấy tờ gì", "facebook", "c-42", app.Clock.GetUtcNow(), false, QuestionOutcomes.None),
            (rows[0].Text, rows[0].Channel, rows[0].ConversationId, rows[0].AskedAt, rows[0].Handled, rows[0].Outcome));
        Assert.Null(rows[0].WardId); // the emulator's test page is no ward's channel, and the citizen chose none
        Assert.Equal(QuestionOutcomes.Support, rows[2].Outcome);
        var group = (await store.QueueAsync(WardScope.All, default)).First();
        Assert.Equal(("đăng ký kết hôn cần giấy tờ gì", 2), (group.Text, group.Count));
    }
}
