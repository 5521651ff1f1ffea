using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace Meldebok.Browser.Tests.Infrastructure;

/// <summary>Checks of a page as the browser shows it.</summary>
public static class PageAssertions
{
    private static readonly string[] FailingImpacts = ["serious", "critical"];

    /// <summary>The axe-core script bundled with Deque.AxeCore.Commons.</summary>
    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>
    /// Runs axe-core on the page as it is now and fails listing every violation of impact serious or
    /// critical: rule id, impact, what it asks for, and the elements that break it.
    /// </summary>
    public static async Task AssertNoSeriousAccessibilityViolationsAsync(this IPage page)
    {
        var result = await RunAxeAsync(page);
        var violations = result.Violations.Where(violation => FailingImpacts.Contains(violation.Impact)).ToList();
        if (violations.Count > 0)
        {
            Assert.Fail($"axe-core found {violations.Count} serious or critical accessibility violation(s) on {page.Url}:\n" +
                string.Join("\n", violations.Select(Describe)));
        }
    }

    /// <summary>
    /// axe-core's <c>axe.run</c> on the whole document, in the page itself. Deque.AxeCore.Playwright's <c>RunAxe</c> also
    /// finishes every run in a new blank page of its own, into which it injects axe-core a second time — made for pages with
    /// cross-origin frames, which these pages do not have — and took about 2.8 s a scan here, against 0.9 s this way, with the
    /// same rules and results (there are some 150 scans in the suite).
    /// </summary>
    private static async Task<AxeResult> RunAxeAsync(IPage page)
    {
        await page.EvaluateAsync($"() => {{ {AxeScript.Value} }}");
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify(await window.axe.run(document))");
        return new AxeResult(JObject.Parse(json));
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
