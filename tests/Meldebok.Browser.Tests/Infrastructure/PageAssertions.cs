using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Meldebok.Browser.Tests.Infrastructure;

/// <summary>Checks of a page as the browser shows it.</summary>
public static class PageAssertions
{
    private static readonly string[] FailingImpacts = ["serious", "critical"];

    /// <summary>
    /// Runs axe-core on the page as it is now and fails listing every violation of impact serious or
    /// critical: rule id, impact, what it asks for, and the elements that break it.
    /// </summary>
    public static async Task AssertNoSeriousAccessibilityViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Where(violation => FailingImpacts.Contains(violation.Impact)).ToList();
        if (violations.Count > 0)
        {
            Assert.Fail($"axe-core found {violations.Count} serious or critical accessibility violation(s) on {page.Url}:\n" +
                string.Join("\n", violations.Select(Describe)));
        }
    }

    private static string Describe(AxeResultItem violation) =>
        $"- {violation.Id} ({violation.Impact}): {violation.Help} [{violation.HelpUrl}]\n" +
        string.Join("\n", violation.Nodes.Select(node => $"    at {node.Target}: {node.Html}"));

    /// <summary>Fails when the page is wider than the browser window, i.e. a person would have to scroll sideways.</summary>
    public static async Task AssertFitsTheScreenAsync(this IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow} px wider than the window ({page.ViewportSize?.Width} px).");
    }
}
