using System.Net;
using System.Net.Http.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Tests.Staff;
using Chatbot.Web.Staff;

namespace Chatbot.Tests.Broadcasting;

/// <summary>Dates at the ends of the calendar get a 400 or a Vietnamese message, never a 500 (issue 13, point 13).</summary>
[Collection(HangfireCollection.Name)]
public sealed class ExtremeDateTests
{
    [Theory]
    [InlineData("/api/posts?from=0001-01-01")]
    [InlineData("/api/posts?to=9999-12-31T23:59:59")]
    [InlineData("/api/posts?from=0001-01-01T00:00:00%2B07:00")]
    [InlineData("/api/posts?to=9999-12-31T23:59:59Z")]
    public async Task A_filter_at_the_ends_of_the_calendar_is_a_400_problem(string url)
    {
        await using var kit = await BroadcastKit.StartAsync();
        var admin = await kit.StaffAsync("quan-tri", Roles.DistrictAdmin, null);
        using var response = await admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("từ năm 2000 đến hết năm 2099", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00")]
    [InlineData("0001-01-01T00:00:00+07:00")]
    [InlineData("9999-12-31T23:59:59")]
    [InlineData("9999-12-31T23:59:59+07:00")]
    public async Task A_post_at_the_ends_of_the_calendar_is_a_400_with_a_field_error(string at)
    {
        await using var kit = await BroadcastKit.StartAsync();
        var editor = await kit.StaffAsync("bt-sai-gon", Roles.WardEditor, "sai-gon");
        using var response = await editor.PostAsJsonAsync("/api/posts", new { text = "Thông báo", wards = new[] { "sai-gon" }, at });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"at\"", await response.Content.ReadAsStringAsync());
        using var recurring = await editor.PostAsJsonAsync("/api/posts", new { text = "Thông báo", wards = new[] { "sai-gon" }, cron = "0 8 * * *", until = at });
        Assert.Equal(HttpStatusCode.BadRequest, recurring.StatusCode);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("2099-12-31")]
    [InlineData("0001-01-01")]
    public async Task A_campaign_starting_at_the_ends_of_the_calendar_is_a_400(string startDate)
    {
        await using var kit = await BroadcastKit.StartAsync();
        var editor = await kit.StaffAsync("bt-sai-gon", Roles.WardEditor, "sai-gon");
        using var response = await editor.PostAsJsonAsync("/api/campaigns/17-ngay-chuyen-doi-so", new { wards = new[] { "sai-gon" }, startDate, time = "08:00" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/admin/calendar?date=9999-12-31", "ngoài khoảng")]
    [InlineData("/admin/calendar?view=month&date=0001-01-01", "ngoài khoảng")]
    [InlineData("/admin/calendar?date=2099-12-31", "ngoài khoảng")]
    [InlineData("/admin/posts?from=0001-01-01", "ngoài khoảng")]
    [InlineData("/admin/posts?to=9999-12-31", "ngoài khoảng")]
    public async Task The_console_answers_with_a_Vietnamese_message(string url, string message)
    {
        await using var app = await ChatbotApp.StartAsync();
        var editor = await ConsoleClient.SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        using var response = await editor.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
