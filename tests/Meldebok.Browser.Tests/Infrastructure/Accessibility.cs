using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Meldebok.Browser.Tests.Infrastructure;

public static class Accessibility
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
}
