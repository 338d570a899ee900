using Chatbot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>Creates staff users the way an operator does: the real <c>admin create-user</c> command of the built app,
/// run from the repository root against the test's database, the password on stdin.</summary>
public static class StaffUsers
{
    public const string Password = "mat-khau-dai-1";

    public static async Task CreateAsync(TestDatabase database, string user, string role, string? ward)
    {
        string[] args = ["admin", "create-user", "--user", user, "--role", role, "--password-stdin", .. ward is null ? [] : new[] { "--ward", ward }];
        var (exitCode, output) = await AppProcess.RunCommandAsync(
            database.Settings().Append(new("Jobs:ServerEnabled", "false")), args, Password + "\n").WaitAsync(TimeSpan.FromSeconds(90));
        if (exitCode != 0) throw new InvalidOperationException($"admin create-user {user} exited with {exitCode}: {output}");
    }

    /// <summary>Fills the console's sign-in form on the login page the browser is at, and waits for the greeting.</summary>
    public static async Task SignInAsync(IPage page, string user)
    {
        await page.GetByLabel("Tên đăng nhập").FillAsync(user);
        await page.GetByLabel("Mật khẩu").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Xin chào, " + user);
    }

    /// <summary>A new browser context of this size, signed in to the console as <paramref name="user"/> from /admin/login.</summary>
    public static async Task<IPage> SignInAsync(this AppBrowserFixture app, string user, int width, int height)
    {
        var page = await app.NewPageAsync(width, height);
        await page.GotoAsync("/admin/login");
        await SignInAsync(page, user);
        return page;
    }
}
