using System.Net;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.Tests.Conversations;

public sealed class DisplayPageTests
{
    [Fact]
    public async Task A_ward_display_holds_all_17_differences_and_a_quiz_qr_code()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("Quiz:PublicBaseUrl", "https://chatbot.example.vn"));
        var html = await app.CreateClient().GetStringAsync("/display/sai-gon");
        Assert.Equal(17, System.Text.RegularExpressions.Regex.Matches(html, "data-slide=\"[0-9]+\"").Count);
        Assert.Contains("data-slide=\"standings\"", html); // the ward standings rotate in after point 17
        Assert.Contains("<svg", html);
        // The QR code's link is the configured public address, whatever address the board opened the page at.
        Assert.Contains("https://chatbot.example.vn/q/SG01A1", html);
        Assert.DoesNotContain("http://cdn", html);
    }

    [Fact]
    public async Task A_former_ward_leads_to_its_successor_and_an_unknown_ward_is_404()
    {
        await using var app = await ChatbotApp.StartAsync();
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using var former = await client.GetAsync("/display/ben-nghe");
        Assert.Equal(HttpStatusCode.Redirect, former.StatusCode);
        Assert.Contains("/display/sai-gon", former.Headers.Location?.ToString());
        using var unknown = await client.GetAsync("/display/khong-co");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
