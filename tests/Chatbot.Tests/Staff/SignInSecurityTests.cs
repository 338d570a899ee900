using System.Net;
using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Staff;

/// <summary>The sign-in page under attack: parallel guessing, and what its answers give away (issue 13, points 1 and 8).</summary>
public sealed partial class SignInSecurityTests
{
    [Fact]
    public async Task Forty_wrong_passwords_sent_twenty_at_a_time_get_no_more_than_five_checked()
    {
        await using var app = await ChatbotApp.StartAsync();
        await app.Services.GetRequiredService<StaffStore>().CreateUserAsync("bt-sai-gon", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);
        var client = ConsoleClient.Anonymous(app);
        var token = await client.TokenAsync("/admin/login");

        async Task<string> GuessAsync(int i)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
                { ["user"] = "bt-sai-gon", ["password"] = $"doan-sai-{i}", ["__RequestVerificationToken"] = token });
            using var response = await client.Http.PostAsync("/admin/login", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        for (var round = 0; round < 2; round++)
            await Task.WhenAll(Enumerable.Range(round * 20, 20).Select(GuessAsync));

        var audit = await app.Services.GetRequiredService<AuditLog>().ListAsync(null, 100, default);
        Assert.Equal(StaffStore.MaxFailedSignIns, audit.Count(e => e.Action == "user.sign-in-failed")); // checked, and no more
        Assert.Single(audit, e => e.Action == "user.locked-out");
        var right = await client.PostFormAsync("/admin/login", "/admin/login", new() { ["user"] = "bt-sai-gon", ["password"] = ConsoleClient.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // still locked: the right password does not get in either
    }

    [Fact]
    public async Task A_locked_account_and_an_unknown_name_get_the_same_answer()
    {
        await using var app = await ChatbotApp.StartAsync();
        await app.Services.GetRequiredService<StaffStore>().CreateUserAsync("bt-sai-gon", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);
        var client = ConsoleClient.Anonymous(app);
        async Task<string> ErrorAsync(string user, string password)
        {
            var html = await (await client.PostFormAsync("/admin/login", "/admin/login", new() { ["user"] = user, ["password"] = password }))
                .Content.ReadAsStringAsync();
            return ErrorPattern().Match(html).Groups[1].Value;
        }

        var unknown = await ErrorAsync("khong-co-ai", "doan-sai-0");
        var wrong = await ErrorAsync("bt-sai-gon", "doan-sai-1");
        for (var i = 2; i <= StaffStore.MaxFailedSignIns; i++) await ErrorAsync("bt-sai-gon", $"doan-sai-{i}");
        var locked = await ErrorAsync("bt-sai-gon", ConsoleClient.Password);
        var unknownAfter = await ErrorAsync("khong-co-ai", "doan-sai-9");

        Assert.Contains("không đúng", unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
        Assert.Equal(unknown, unknownAfter);
    }

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ErrorPattern();
}
