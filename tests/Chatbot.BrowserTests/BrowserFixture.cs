using Chatbot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// One app process on a fresh database of the default provider (SQLite, or PostgreSQL when CHATBOT_TEST_PROVIDER=Postgres)
/// and one headless Debian Chromium for a test class. Screenshots go to
/// TestResults/screenshots (kept as CI artefacts). Without /usr/bin/chromium the tests skip, but fail under CI=true.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    IPlaywright? playwright;

    public AppProcess App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;
    public static string ScreenshotDirectory => Path.Combine(AppProcess.RepositoryRoot(), "tests", "Chatbot.BrowserTests", "TestResults", "screenshots");

    public static void RequireChromium()
    {
        if (File.Exists(ChromiumPath)) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Chromium is missing in CI: the README's test command installs the Debian package 'chromium'.");
        throw new SkipException("Browser tests need Debian's chromium at /usr/bin/chromium (the README's test command installs it).");
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) return;
        // Expectations poll until true; Playwright's 5 s default is too short for a first bot turn (JIT, first SQL)
        // while a 2-core machine also runs the other test assembly. A passing check still returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(ScreenshotDirectory);
        Database = await TestDatabase.CreateAsync();
        App = await AppProcess.StartAsync(Database.Settings());
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A phone-sized page (390×844), as most citizens and many officers see the service.</summary>
    public Task<IPage> NewPhonePageAsync() => NewPageAsync(390, 844);

    /// <summary>A desktop-sized page (1366×768), the ward office's screen.</summary>
    public Task<IPage> NewDesktopPageAsync() => NewPageAsync(1366, 768);

    async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
            BaseURL = App.BaseUrl,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}
