using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// Under the Content-Security-Policy (issue 13, point 5) every page still works in Chromium: nothing is refused (the
/// browser reports each refused script, style or frame on the console), the scripts run (web chat, display rotation,
/// the calendar's ward filter), and the console and Hangfire dashboard load for a DistrictAdmin.
/// </summary>
[Trait("Storage", "None")] // the policy and the pages' scripts do not depend on the database
public sealed class SecurityPolicyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    static readonly string[] Pages =
    [
        "/", "/q/SG01A1", "/display/sai-gon?seconds=600", "/admin", "/admin/posts", "/admin/posts/new", "/admin/calendar",
        "/admin/calendar?view=month", "/admin/campaign", "/admin/channels", "/admin/sandbox", "/admin/insight", "/admin/audit",
        "/admin/users", "/admin/tokens", "/hangfire", "/hangfire/jobs/enqueued", "/hangfire/recurring",
    ];

    [SkippableFact]
    public async Task Every_page_loads_without_a_refused_script_style_or_frame()
    {
        BrowserFixture.RequireChromium();
        await StaffUsers.CreateAsync(browser.Database, "quan-tri", "DistrictAdmin", null);
        var page = await browser.NewPhonePageAsync();
        var refused = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error" && Regex.IsMatch(m.Text, "Content Security Policy|Refused to")) lock (refused) refused.Add(page.Url + ": " + m.Text); };
        page.PageError += (_, e) => { lock (refused) refused.Add(page.Url + ": " + e); };

        await page.GotoAsync("/admin/login");
        await page.GetByLabel("Tên đăng nhập").FillAsync("quan-tri");
        await page.GetByLabel("Mật khẩu").FillAsync(StaffUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Xin chào, quan-tri");

        foreach (var url in Pages)
        {
            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.True(response?.Ok == true, $"{url}: {response?.Status}");
        }
        // The scripts ran: the web chat shows the bot's words (a greeting, or the menu of the conversation the browser
        // already holds), the ward filter submits itself.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".chat-log .msg.bot").First).ToBeVisibleAsync();
        await page.GotoAsync("/admin/calendar");
        await page.Locator("select[name=ward]").SelectOptionAsync("tan-dinh");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("ward=tan-dinh"));

        lock (refused) Assert.True(refused.Count == 0, string.Join("\n", refused));
    }
}
