using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// axe-core on the page as a user sees it now: no serious or critical violation (WCAG 2.1 A/AA and best practices).
/// A failure lists each rule with the first offending elements, and a screenshot of the page is kept beside the others.
/// </summary>
/// <remarks>
/// The axe-core bundled in Deque's package is put into the page and run here, asking only for violations. Deque's
/// Playwright wrapper took about 2.5 s a page, of which injecting and running axe were 0.3–0.6 s (the rest: embedding
/// into every frame and turning every kind of result into .NET objects); the console test checks 38 pages. Our pages
/// have no frames.
/// </remarks>
public static class Accessibility
{
    static readonly string[] Blocking = ["serious", "critical"];
    static readonly string AxeSource = new BundledAxeScriptProvider().GetScript();

    const string RunAxe = """
        async () => JSON.stringify((await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
            resultTypes: ['violations'],
        })).violations.map(v => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 3).map(n => String(n.target)) })))
        """;

    sealed record Violation(string Id, string Impact, string Help, string[] Targets);

    public static async Task AssertAccessibleAsync(this IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(AxeSource);
        var violations = JsonSerializer.Deserialize<Violation[]>(await page.EvaluateAsync<string>(RunAxe), JsonSerializerOptions.Web)!;
        var problems = violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(problems.Count == 0, $"axe on {name} ({page.Url}):\n" + string.Join("\n", problems.Select(v =>
            $"- {v.Impact} {v.Id}: {v.Help} — " + string.Join(" | ", v.Targets))));
    }
}
