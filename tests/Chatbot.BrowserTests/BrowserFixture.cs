namespace Chatbot.BrowserTests;

/// <summary>
/// The app process on its own database and Chromium, nothing else (see <see cref="AppBrowserFixture"/>); also where the
/// browser tests find Chromium and keep their screenshots (TestResults/screenshots, kept as CI artefacts).
/// </summary>
public sealed class BrowserFixture : AppBrowserFixture
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static string ScreenshotDirectory => Path.Combine(Chatbot.Tests.Infrastructure.AppProcess.RepositoryRoot(), "tests",
        "Chatbot.BrowserTests", "TestResults", "screenshots");

    public static void RequireChromium()
    {
        if (File.Exists(ChromiumPath)) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Chromium is missing in CI: the README's test command installs the Debian package 'chromium'.");
        throw new SkipException("Browser tests need Debian's chromium at /usr/bin/chromium (the README's test command installs it).");
    }
}
