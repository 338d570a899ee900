using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Chatbot.BrowserTests;

/// <summary>
/// axe-core on the page as a user sees it now: no serious or critical violation (WCAG 2.1 A/AA and best practices).
/// A failure lists each rule with the first offending elements, and a screenshot of the page is kept beside the others.
/// </summary>
public static class Accessibility
{
    static readonly string[] Blocking = ["serious", "critical"];

    public static async Task AssertAccessibleAsync(this IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var problems = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(problems.Count == 0, $"axe on {name} ({page.Url}):\n" + string.Join("\n", problems.Select(v =>
            $"- {v.Impact} {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target.ToString())))));
    }
}
