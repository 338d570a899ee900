using System.Diagnostics;
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
        var root = AppProcess.RepositoryRoot();
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(root, "src", "Chatbot.Web", "bin", configuration, "net10.0", "Chatbot.Web.dll");
        List<string> args = [dll, "admin", "create-user", "--user", user, "--role", role, "--password-stdin"];
        if (ward is not null) args.AddRange(["--ward", ward]);
        var info = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment[Chatbot.Tests.Infrastructure.TestSettings.ShortLivedRuntime.Key] = Chatbot.Tests.Infrastructure.TestSettings.ShortLivedRuntime.Value;
        foreach (var (k, v) in database.Settings().Prepend(Chatbot.Tests.Infrastructure.TestSettings.FastPasswordHashing)) info.Environment[k.Replace(":", "__")] = v;
        info.Environment["Jobs__ServerEnabled"] = "false";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        await process.StandardInput.WriteLineAsync(Password);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"admin create-user {user} exited with {process.ExitCode}: {await output}\n{await error}");
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
