using System.Net;
using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Staff;

/// <summary>A browser-like client of the staff console: keeps cookies, does not follow redirects, reads each form's
/// antiforgery token from the page it came from, as a browser would.</summary>
public sealed partial class ConsoleClient(HttpClient http)
{
    public const string Password = "mat-khau-dai-1";
    public HttpClient Http => http;

    public static async Task<ConsoleClient> SignInAsync(ChatbotApp app, string name, string role, string? ward)
    {
        var staff = app.Services.GetRequiredService<StaffStore>();
        if (await staff.FindAsync(name, default) is null) await staff.CreateUserAsync(name, role, ward, Password, default);
        var client = Anonymous(app);
        var response = await client.PostFormAsync("/admin/login", "/admin/login", new() { ["user"] = name, ["password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
        return client;
    }

    public static ConsoleClient Anonymous(ChatbotApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<string> TokenAsync(string page)
    {
        var html = await http.GetStringAsync(page);
        return TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no form token on " + page);
    }

    /// <summary>GETs <paramref name="page"/> for its token, then posts the form to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenAsync(page);
        return await http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var all = fields.Append(new("__RequestVerificationToken", await TokenAsync(page)));
        return await http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(url);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
