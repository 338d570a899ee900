using System.Net;
using System.Text.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Knowledge;
using Chatbot.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Knowledge;

public sealed class KnowledgeApiTests
{
    [Fact]
    public async Task Search_returns_differences_best_first_and_nothing_when_unsure()
    {
        await using var app = await ChatbotApp.StartAsync();
        using var client = app.CreateClient();

        using var found = JsonDocument.Parse(await client.GetStringAsync("/api/knowledge/search?q=" + Uri.EscapeDataString("điện toán đám mây là gì") + "&top=2"));
        var results = found.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal(7, results[0].GetProperty("number").GetInt32());
        Assert.Equal("Chuyển từ máy tính riêng lẻ sang điện toán đám mây", results[0].GetProperty("title").GetString());
        Assert.InRange(results[0].GetProperty("score").GetDouble(), KnowledgeSearch.Threshold, 1);

        var unsure = await client.GetStringAsync("/api/knowledge/search?q=" + Uri.EscapeDataString("tỷ giá đô la hôm nay"));
        Assert.Equal("{\"results\":[]}", unsure);
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
    public async Task Unanswered_questions_are_recorded_without_personal_data(StorageProvider provider)
    {
        await using var app = await ChatbotApp.StartAsync(provider);
        await app.SayAsync("đăng ký kết hôn cần giấy tờ gì", conversation: "c-42", user: "citizen-7", channel: "facebook");
        await app.SayAsync("đăng ký kết hôn cần giấy tờ gì", conversation: "c-43");
        await app.SayAsync("điện toán đám mây là gì", conversation: "c-42"); // answered: not recorded

        var store = app.Services.GetRequiredService<UnansweredQuestions>();
        var rows = await store.ListAsync(default);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("đăng ký kết hôn cần giấy tờ gì", "facebook", "c-42", app.Clock.GetUtcNow(), false),
            (rows[0].Text, rows[0].Channel, rows[0].ConversationId, rows[0].AskedAt, rows[0].Handled));
        var summary = Assert.Single(await store.SummaryAsync(default));
        Assert.Equal(("đăng ký kết hôn cần giấy tờ gì", 2), (summary.Text, summary.Count));
    }
}
