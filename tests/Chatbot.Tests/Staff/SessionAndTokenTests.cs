using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Chatbot.Tests.Infrastructure;
using Chatbot.Web.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Staff;

/// <summary>Sessions end on the server and API tokens expire and can be revoked (issue 13, points 2 and 3).</summary>
[Collection(Chatbot.Tests.Broadcasting.HangfireCollection.Name)]
public sealed partial class SessionAndTokenTests
{
    static T Get<T>(ChatbotApp app) where T : notnull => app.Services.GetRequiredService<T>();

    static async Task<(string Cookie, ConsoleClient Client)> SignInAsync(ChatbotApp app, string name, string role, string? ward)
    {
        var staff = Get<StaffStore>(app);
        if (await staff.FindAsync(name, default) is null) await staff.CreateUserAsync(name, role, ward, ConsoleClient.Password, default);
        var client = ConsoleClient.Anonymous(app);
        var response = await client.PostFormAsync("/admin/login", "/admin/login", new() { ["user"] = name, ["password"] = ConsoleClient.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("chatbot.staff=", StringComparison.Ordinal));
        return (cookie[..cookie.IndexOf(';')], client);
    }

    /// <summary>What an attacker holding a copy of the cookie sends: the cookie alone, no other state.</summary>
    static async Task<HttpStatusCode> WithCopiedCookieAsync(ChatbotApp app, string cookie, string path)
    {
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    static HttpClient Api(ChatbotApp app, string token)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_on_the_console_and_on_hangfire()
    {
        await using var app = await ChatbotApp.StartAsync();
        var (cookie, admin) = await SignInAsync(app, "quan-tri", Roles.DistrictAdmin, null);
        Assert.Equal(HttpStatusCode.OK, await WithCopiedCookieAsync(app, cookie, "/admin/users"));
        Assert.Equal(HttpStatusCode.OK, await WithCopiedCookieAsync(app, cookie, "/hangfire"));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin", "/admin/logout", new())).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await WithCopiedCookieAsync(app, cookie, "/admin/users")); // to the sign-in page
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCopiedCookieAsync(app, cookie, "/hangfire"));
        // A new sign-in is a new session; the old copy stays dead.
        var (again, _) = await SignInAsync(app, "quan-tri", Roles.DistrictAdmin, null);
        Assert.Equal(HttpStatusCode.OK, await WithCopiedCookieAsync(app, again, "/admin/users"));
        Assert.Equal(HttpStatusCode.Redirect, await WithCopiedCookieAsync(app, cookie, "/admin/users"));
    }

    [Fact]
    public async Task A_password_reset_and_a_disabled_account_end_sessions_and_tokens()
    {
        await using var app = await ChatbotApp.StartAsync();
        var (_, admin) = await SignInAsync(app, "quan-tri", Roles.DistrictAdmin, null);
        var (editorCookie, _) = await SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var (approverCookie, _) = await SignInAsync(app, "ld-sai-gon", Roles.WardApprover, "sai-gon");
        var editor = (await Get<StaffStore>(app).FindAsync("bt-sai-gon", default))!;
        var approver = (await Get<StaffStore>(app).FindAsync("ld-sai-gon", default))!;
        var editorToken = (await Get<StaffTokens>(app).CreateAsync(editor.Id, default)).Token;
        var approverToken = (await Get<StaffTokens>(app).CreateAsync(approver.Id, default)).Token;
        Assert.Equal(HttpStatusCode.OK, (await Api(app, editorToken).GetAsync("/api/posts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api(app, approverToken).GetAsync("/api/posts")).StatusCode);

        await admin.PostFormAsync("/admin/users", "/admin/users?handler=Reset", new() { ["id"] = Id(editor), ["password"] = "mat-khau-moi-2" });
        Assert.Equal(HttpStatusCode.Redirect, await WithCopiedCookieAsync(app, editorCookie, "/admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, editorToken).GetAsync("/api/posts")).StatusCode);

        var disable = await admin.PostFormAsync("/admin/users", "/admin/users?handler=Disable", new() { ["id"] = Id(approver), ["disabled"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await WithCopiedCookieAsync(app, approverCookie, "/admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, approverToken).GetAsync("/api/posts")).StatusCode);
        // Enabling the account again does not bring back what was ended.
        await admin.PostFormAsync("/admin/users", "/admin/users?handler=Disable", new() { ["id"] = Id(approver), ["disabled"] = "false" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, approverToken).GetAsync("/api/posts")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await WithCopiedCookieAsync(app, approverCookie, "/admin"));
        var audit = await Get<AuditLog>(app).ListAsync(null, 50, default);
        Assert.Contains(audit, e => e is { Action: "user.disable", Actor: "quan-tri" });
    }

    [Fact]
    public async Task A_token_expires_after_its_configured_lifetime()
    {
        await using var app = await ChatbotApp.StartAsync(configure: a => a.With("Staff:TokenLifetime", "30.00:00:00"));
        var id = await Get<StaffStore>(app).CreateUserAsync("bt-sai-gon", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);
        var (token, expires) = await Get<StaffTokens>(app).CreateAsync(id, default);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(30), expires);

        app.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await Api(app, token).GetAsync("/api/posts")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, token).GetAsync("/api/posts")).StatusCode);
    }

    [Fact]
    public async Task By_default_a_token_lives_ninety_days()
    {
        await using var app = await ChatbotApp.StartAsync();
        var id = await Get<StaffStore>(app).CreateUserAsync("bt-sai-gon", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);
        var (token, expires) = await Get<StaffTokens>(app).CreateAsync(id, default);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(90), expires);
        app.Clock.Advance(TimeSpan.FromDays(90));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, token).GetAsync("/api/posts")).StatusCode);
    }

    [Fact]
    public async Task Staff_list_and_revoke_their_own_tokens_and_a_district_admin_anyones()
    {
        await using var app = await ChatbotApp.StartAsync();
        var (_, editor) = await SignInAsync(app, "bt-sai-gon", Roles.WardEditor, "sai-gon");
        var (_, other) = await SignInAsync(app, "bt-tan-dinh", Roles.WardEditor, "tan-dinh");
        var (_, admin) = await SignInAsync(app, "quan-tri", Roles.DistrictAdmin, null);

        // Created in the console: shown once on the answer page, then usable on the API.
        var created = await (await editor.PostFormAsync("/admin/tokens", "/admin/tokens?handler=Create", new())).Content.ReadAsStringAsync();
        var first = TokenPattern().Match(created).Value;
        var second = TokenPattern().Match(await (await editor.PostFormAsync("/admin/tokens", "/admin/tokens?handler=Create", new())).Content.ReadAsStringAsync()).Value;
        Assert.Equal(HttpStatusCode.OK, (await Api(app, first).GetAsync("/api/posts")).StatusCode);
        var listed = await editor.Http.GetStringAsync("/admin/tokens");
        Assert.DoesNotContain(first, listed); // never shown again
        var ids = (await Get<StaffTokens>(app).ListAsync(null, default)).Select(t => t.Id).Order().ToList();

        // Another ward's editor neither sees nor revokes them; the owner revokes one; a district admin the other.
        Assert.DoesNotContain("bt-sai-gon", await other.Http.GetStringAsync("/admin/tokens"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/admin/tokens", "/admin/tokens?handler=Revoke", new() { ["id"] = Id(ids[0]) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api(app, first).GetAsync("/api/posts")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostFormAsync("/admin/tokens", "/admin/tokens?handler=Revoke", new() { ["id"] = Id(ids[0]) })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, first).GetAsync("/api/posts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api(app, second).GetAsync("/api/posts")).StatusCode);

        Assert.Contains("bt-sai-gon", await admin.Http.GetStringAsync("/admin/tokens"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/tokens", "/admin/tokens?handler=Revoke", new() { ["id"] = Id(ids[1]) })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, second).GetAsync("/api/posts")).StatusCode);
        var audit = await Get<AuditLog>(app).ListAsync(null, 50, default);
        Assert.Equal(2, audit.Count(e => e.Action == "token.create"));
        Assert.Contains(audit, e => e is { Action: "token.revoke", Actor: "quan-tri" });
    }

    [Fact]
    public async Task Admin_revoke_token_ends_every_token_of_that_user()
    {
        await using var app = await ChatbotApp.StartAsync();
        var id = await Get<StaffStore>(app).CreateUserAsync("bt-sai-gon", Roles.WardEditor, "sai-gon", ConsoleClient.Password, default);
        var other = await Get<StaffStore>(app).CreateUserAsync("bt-tan-dinh", Roles.WardEditor, "tan-dinh", ConsoleClient.Password, default);
        var tokens = new[] { (await Get<StaffTokens>(app).CreateAsync(id, default)).Token, (await Get<StaffTokens>(app).CreateAsync(id, default)).Token };
        var kept = (await Get<StaffTokens>(app).CreateAsync(other, default)).Token;

        // The real command, as an operator runs it beside the running service.
        var (exit, output) = await AppProcess.RunCommandAsync(app.Database.Settings(), ["admin", "revoke-token", "--user", "bt-sai-gon"]);
        Assert.True(exit == 0, output);
        Assert.Contains("Đã thu hồi 2 mã truy cập của bt-sai-gon", output);

        foreach (var token in tokens) Assert.Equal(HttpStatusCode.Unauthorized, (await Api(app, token).GetAsync("/api/posts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api(app, kept).GetAsync("/api/posts")).StatusCode);
        var (unknown, message) = await AppProcess.RunCommandAsync(app.Database.Settings(), ["admin", "revoke-token", "--user", "khong-co"]);
        Assert.Equal(2, unknown);
        Assert.Contains("Không có người dùng", message);
    }

    static string Id(StaffUser user) => Id(user.Id);
    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("cb_[A-Za-z0-9_-]{43}")]
    private static partial Regex TokenPattern();
}
