using System.Net;
using System.Net.Http.Json;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Staff;

namespace Chatbot.Tests.Hosting;

/// <summary>
/// Behind a reverse proxy (issue 13, point 4), with the real service as its own process on loopback: X-Forwarded-For
/// and X-Forwarded-Proto count only from the configured proxy; then cookies are Secure and HSTS is sent under HTTPS,
/// and the web chat's limit applies per citizen, with Retry-After on 429.
/// </summary>
public sealed class ProxyTests
{
    static async Task<HttpResponseMessage> ViaProxyAsync(HttpClient http, HttpRequestMessage request, string client, string scheme = "https")
    {
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", scheme);
        request.Headers.Host = "chatbot.example.gov.vn";
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task From_the_configured_proxy_cookies_are_secure_hsts_is_sent_and_each_citizen_has_their_own_limit()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (exit, output) = await AppProcess.RunCommandAsync(database.Settings(),
            ["admin", "create-user", "--user", "quan-tri", "--role", Roles.DistrictAdmin, "--password-stdin"], "mat-khau-dai-1\n");
        Assert.True(exit == 0, output);
        await using var app = await AppProcess.StartAsync(database.Settings().Append(new("ForwardedHeaders:KnownProxies:0", "127.0.0.1")));
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };

        using var login = await ViaProxyAsync(http, new HttpRequestMessage(HttpMethod.Get, "/admin/login"), "203.0.113.7");
        Assert.Equal("max-age=31536000; includeSubDomains", SecurityHeadersTests.Header(login, "Strict-Transport-Security"));
        var antiforgery = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var token = System.Text.RegularExpressions.Regex.Match(await login.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "quan-tri", ["password"] = "mat-khau-dai-1", ["__RequestVerificationToken"] = token }),
        };
        signIn.Headers.Add("Cookie", antiforgery[..antiforgery.IndexOf(';')]);
        using var signedIn = await ViaProxyAsync(http, signIn, "203.0.113.7");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var staffCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("chatbot.staff=", StringComparison.Ordinal));
        Assert.Contains("; secure", staffCookie, StringComparison.OrdinalIgnoreCase);

        // The web chat's 40 per minute are per citizen: one citizen is limited, another behind the same proxy is not.
        HttpRequestMessage Chat() => new(HttpMethod.Post, "/api/webchat") { Content = JsonContent.Create(new { conversationId = "x", text = "a" }) };
        for (var i = 0; i < 40; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await ViaProxyAsync(http, Chat(), "203.0.113.7")).StatusCode); // counted, cheap
        using var limited = await ViaProxyAsync(http, Chat(), "203.0.113.7");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.TryParse(SecurityHeadersTests.Header(limited, "Retry-After"), out var seconds) && seconds is > 0 and <= 60,
            SecurityHeadersTests.Header(limited, "Retry-After"));
        Assert.Equal(HttpStatusCode.BadRequest, (await ViaProxyAsync(http, Chat(), "198.51.100.20")).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_proxy_forwarded_headers_are_ignored()
    {
        await using var app = await ChatbotApp.StartAsync();
        var http = app.CreateClient(new() { AllowAutoRedirect = false });
        using var login = await ViaProxyAsync(http, new HttpRequestMessage(HttpMethod.Get, "/admin/login"), "203.0.113.7");
        Assert.Null(SecurityHeadersTests.Header(login, "Strict-Transport-Security"));
        Assert.All(login.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));

        HttpRequestMessage Chat() => new(HttpMethod.Post, "/api/webchat") { Content = JsonContent.Create(new { conversationId = "x", text = "a" }) };
        for (var i = 0; i < 40; i++) await ViaProxyAsync(http, Chat(), $"203.0.113.{i}"); // a claimed address changes nothing
        using var limited = await ViaProxyAsync(http, Chat(), "198.51.100.20");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(SecurityHeadersTests.Header(limited, "Retry-After"));
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_start_up()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ChatbotApp.StartAsync(configure: a => a.With("ForwardedHeaders:KnownProxies:0", "nginx")));
        Assert.Contains("ForwardedHeaders:KnownProxies", failure.ToString());
    }
}
