using System.Net;
using System.Net.Http.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Conversations;
using Chatbot.Web.Quiz;
using Chatbot.Web.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.PublicPages;

/// <summary>What the public web chat and pages promise, through their real HTTP endpoints (issue 17 «Public pages»).</summary>
public sealed class PublicWebTests
{
    sealed record OpenQuiz(string? Title, int Answered, int Questions);

    static async Task<WebChatResponse> SayAsync(HttpClient client, string? conversation, string? text)
    {
        using var response = await client.PostAsJsonAsync("/api/webchat", new WebChatRequest(conversation, text));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WebChatResponse>())!;
    }

    [Fact]
    public async Task Subscribing_on_the_web_offers_the_wards_Zalo_OA_and_Page_instead_of_a_subscription_it_cannot_serve()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();
        var id = (await SayAsync(client, null, null)).ConversationId;

        await SayAsync(client, id, "Nhận tin của phường");
        var reply = await SayAsync(client, id, "Sài Gòn");

        var text = string.Join("\n", reply.Replies.Select(r => r.Text));
        Assert.DoesNotContain("Đã đăng ký", text);
        Assert.Contains("không gửi tin chủ động", text);
        Assert.Contains("Zalo OA «UBND Phường Sài Gòn»: https://zalo.me/4000000000000000001", text);
        Assert.Contains("Trang Facebook «Phường Sài Gòn»: https://m.me/100000000000001", text);
        Assert.Null(await app.Services.GetRequiredService<SubscriptionStore>().FindAsync("webchat", "web:" + id, default));
    }

    [Fact]
    public async Task A_quiz_left_half_done_in_the_web_chat_is_reported_for_the_reload_prompt()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();
        var id = (await SayAsync(client, null, null)).ConversationId;
        Assert.Null((await client.GetFromJsonAsync<OpenQuiz>($"/api/webchat/{id}/quiz"))!.Title);

        await SayAsync(client, id, "Làm bài trắc nghiệm");
        await SayAsync(client, id, "Sài Gòn");
        await SayAsync(client, id, "A");

        var open = await client.GetFromJsonAsync<OpenQuiz>($"/api/webchat/{id}/quiz");
        Assert.Equal(("17 điểm khác nhau giữa CNTT và chuyển đổi số", 1, 10), (open!.Title, open.Answered, open.Questions));
        // What the page sends on «Làm tiếp»: the attempt resumes at its second question.
        await SayAsync(client, id, "dừng");
        var resumed = await SayAsync(client, id, "Làm bài trắc nghiệm");
        Assert.Contains(resumed.Replies, r => r.Text.StartsWith("Bạn đang làm dở bài", StringComparison.Ordinal));
        Assert.Contains(resumed.Replies, r => r.Text.StartsWith("Câu 2/10", StringComparison.Ordinal));

        using var bad = await client.GetAsync("/api/webchat/not-an-id/quiz");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_greeting_says_how_long_data_is_kept_under_Law_91_2025()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("Inbox:Retention", "14.00:00:00"));
        var opened = await SayAsync(app.CreateClient(), null, null);
        var privacy = Assert.Single(opened.Replies, r => r.Text.Contains("91/2025/QH15"));
        Assert.Contains("cho đến khi bạn nhắn «xóa dữ liệu của tôi»", privacy.Text);
        Assert.Contains("tự xóa sau 14 ngày", privacy.Text);

        var home = await app.CreateClient().GetStringAsync("/");
        Assert.Contains("Luật số 91/2025/QH15, có hiệu lực từ ngày 1/1/2026", home);
        Assert.Contains("tự động xóa sau 14 ngày", home);
    }

    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://[::1]/", true)]
    [InlineData("http://0.0.0.0:5000", true)]
    [InlineData("https://chatbot.phuongsaigon.gov.vn", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    public void A_loopback_public_address_is_recognised(string address, bool loopback) =>
        Assert.Equal(loopback, PublicAddressCheck.IsLoopback(new Uri(address)));

    [Fact]
    public async Task The_standings_page_lists_wards_and_teams_and_an_unknown_quiz_is_404()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient();
        var page = await client.GetStringAsync("/bang-xep-hang/cds-17");
        Assert.Contains("Theo phường", page);
        Assert.Contains("Phường Tân Định", page);
        Assert.Contains("Theo tổ công nghệ số cộng đồng", page);
        using var missing = await client.GetAsync("/bang-xep-hang/khong-co");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Opened in a browser, a wrong link is a page in Vietnamese with a way home, still 404; a program keeps ProblemDetails.
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/bang-xep-hang/khong-co");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        using var shown = await client.SendAsync(browser);
        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await shown.Content.ReadAsStringAsync());
        Assert.Contains("Không tìm thấy trang này", html);
        Assert.Contains("href=\"/\"", html);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}
