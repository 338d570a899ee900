using System.Net;
using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;

namespace Chatbot.Tests.Hosting;

/// <summary>Security headers on every kind of response (issue 13, point 5).</summary>
[Trait("Storage", "None")] // headers are added whatever the database
public sealed partial class SecurityHeadersTests
{
    static readonly (HttpMethod Method, string Path)[] Responses =
    [
        (HttpMethod.Get, "/"), (HttpMethod.Get, "/admin/login"), (HttpMethod.Get, "/admin"), (HttpMethod.Get, "/display/sai-gon"),
        (HttpMethod.Get, "/api/knowledge/search?q=điện toán đám mây"), (HttpMethod.Get, "/api/knowledge/search"),
        (HttpMethod.Get, "/khong-co-trang-nay"), (HttpMethod.Get, "/css/site.css"), (HttpMethod.Get, "/health"),
        (HttpMethod.Post, "/webhooks/facebook"), (HttpMethod.Post, "/webhooks/zalo"), (HttpMethod.Post, "/api/messages"),
        (HttpMethod.Get, "/hangfire"), (HttpMethod.Get, "/api/posts"), (HttpMethod.Get, "/media/00000000000000000000000000000000.png"),
    ];

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        await using var app = await ChatbotApp.StartAsync();
        var http = app.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var (method, path) in Responses)
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? new StringContent("{}") : null });
            var where = $"{method} {path} ({(int)response.StatusCode})";
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp is not null, where);
            Assert.Matches("script-src 'self'( 'nonce-[0-9a-f]{32}')?;", csp); // no 'unsafe-inline', no other source
            if (!path.StartsWith("/hangfire", StringComparison.Ordinal)) Assert.Matches("style-src 'self'( 'nonce-[0-9a-f]{32}')?;", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", where);
            Assert.True(Header(response, "Referrer-Policy") == "strict-origin-when-cross-origin", where);
            Assert.True(Header(response, "Permissions-Policy")?.Contains("camera=()") == true, where);
            Assert.True(Header(response, "X-Frame-Options") == "DENY", where);
            Assert.True(Header(response, "Strict-Transport-Security") is null, where + ": no HSTS over plain HTTP");
        }
    }

    [Fact]
    public async Task Inline_script_runs_only_with_the_responses_own_nonce()
    {
        await using var app = await ChatbotApp.StartAsync();
        var http = app.CreateClient();
        using var first = await http.GetAsync("/display/sai-gon");
        using var second = await http.GetAsync("/display/sai-gon");
        var html = await first.Content.ReadAsStringAsync();
        var nonce = NoncePattern().Match(Header(first, "Content-Security-Policy")!).Groups[1].Value;
        Assert.Contains($"<script nonce=\"{nonce}\">", html);
        Assert.Contains($"<style nonce=\"{nonce}\">", html);
        Assert.NotEqual(nonce, NoncePattern().Match(Header(second, "Content-Security-Policy")!).Groups[1].Value); // fresh per response
        foreach (var page in new[] { "/", "/admin/login", "/display/sai-gon" })
        {
            var body = await http.GetStringAsync(page);
            Assert.DoesNotMatch("<script(?![^>]*\\b(src|nonce)=)[^>]*>", body); // every script is a file or carries the nonce
            Assert.DoesNotMatch("\\son[a-z]+=\"", body);                     // no inline event handlers
        }
    }

    [Fact]
    public async Task Only_the_display_page_may_be_framed_and_only_by_the_configured_origin()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("Security:DisplayFrameAncestors:0", "https://bang-tin.phuong-sai-gon.gov.vn"));
        var http = app.CreateClient();
        using var display = await http.GetAsync("/display/sai-gon");
        Assert.Contains("frame-ancestors https://bang-tin.phuong-sai-gon.gov.vn", Header(display, "Content-Security-Policy"));
        Assert.Null(Header(display, "X-Frame-Options"));
        using var home = await http.GetAsync("/");
        Assert.Contains("frame-ancestors 'none'", Header(home, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(home, "X-Frame-Options"));
    }

    [Fact]
    public async Task A_bad_frame_ancestor_setting_stops_start_up()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ChatbotApp.StartAsync(configure: a => a.With("Security:DisplayFrameAncestors:0", "*; script-src *")));
        Assert.Contains("Security:DisplayFrameAncestors", failure.ToString());
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
        : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : null;

    [GeneratedRegex("script-src 'self' 'nonce-([^']+)'")]
    private static partial Regex NoncePattern();
}
