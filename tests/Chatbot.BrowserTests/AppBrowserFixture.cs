using Chatbot.Simulator;
using Chatbot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// One app process on a fresh database of the default provider (SQLite, or PostgreSQL when CHATBOT_TEST_PROVIDER=Postgres)
/// and one headless Debian Chromium for a test class. Screenshots go to <see cref="BrowserFixture.ScreenshotDirectory"/>.
/// Without /usr/bin/chromium nothing starts: the tests skip, but fail under CI=true.
/// </summary>
public abstract class AppBrowserFixture : IAsyncLifetime
{
    IPlaywright? playwright;

    public AppProcess App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Starts what the app process talks to besides its database, and returns the settings that point it there.</summary>
    protected virtual Task<IEnumerable<KeyValuePair<string, string?>>> StartServicesAsync() =>
        Task.FromResult(Enumerable.Empty<KeyValuePair<string, string?>>());

    /// <summary>Stops what <see cref="StartServicesAsync"/> started, once the app process has stopped.</summary>
    protected virtual ValueTask StopServicesAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath)) return;
        // Expectations poll until true; Playwright's 5 s default is too short for a first bot turn (JIT, first SQL)
        // while a 2-core machine also runs the other test assembly. A passing check still returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(30_000);
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        Database = await TestDatabase.CreateAsync();
        App = await AppProcess.StartAsync(Database.Settings().Concat(await StartServicesAsync()));
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A page in a new browser context (no cookies) of this size, in Vietnamese and Vietnam's time zone.</summary>
    public async Task<IPage> NewPageAsync(int width, int height)
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

    /// <summary>A phone-sized page (390×844), as most citizens and many officers see the service.</summary>
    public Task<IPage> NewPhonePageAsync() => NewPageAsync(390, 844);

    /// <summary>A desktop-sized page (1366×768), the ward office's screen.</summary>
    public Task<IPage> NewDesktopPageAsync() => NewPageAsync(1366, 768);

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
        await StopServicesAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}

/// <summary>
/// <see cref="AppBrowserFixture"/> with the platform simulator on loopback: the app's platform clients point at it, and a
/// test reads from it what the app sent (and drives its OAuth dialogs).
/// </summary>
public abstract class SimulatorBrowserFixture : AppBrowserFixture
{
    public PlatformSimulator Simulator { get; private set; } = null!;

    /// <summary>The app's settings for this test class: platform secrets, and the simulator's addresses.</summary>
    protected abstract IEnumerable<KeyValuePair<string, string?>> AppSettings(PlatformSimulator simulator);

    protected sealed override async Task<IEnumerable<KeyValuePair<string, string?>>> StartServicesAsync()
    {
        Simulator = await PlatformSimulator.StartAsync();
        return AppSettings(Simulator);
    }

    protected sealed override async ValueTask StopServicesAsync()
    {
        if (Simulator is not null) await Simulator.DisposeAsync();
    }
}
