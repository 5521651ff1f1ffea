using System.Text.Json;
using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Web;

/// <summary>What every page of the web UI must do on a phone and on a desktop.</summary>
public sealed class EveryPageTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    public static TheoryData<string, int, Screen> Pages => WebPages.AtEveryScreenSize();

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_loads_with_one_h1_inside_the_page_landmarks(string path, int status, Screen screen)
    {
        await using var browser = await OpenAsync(path, status, screen);
        var page = browser.Page;

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await Expect(page.Locator("header")).ToHaveCountAsync(1);
        await Expect(page.Locator("main")).ToHaveCountAsync(1);
        await Expect(page.Locator("footer")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("Meldebok"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_fits_the_screen_without_sideways_scrolling(string path, int status, Screen screen)
    {
        await using var browser = await OpenAsync(path, status, screen);

        await browser.Page.AssertFitsTheScreenAsync();
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Buttons_and_menu_links_are_at_least_44_px_tall(string path, int status, Screen screen)
    {
        await using var browser = await OpenAsync(path, status, screen);

        // Links inside running text are exempt (WCAG 2.5.5); controls of the page chrome and buttons are not.
        var tooSmall = await browser.Page.EvaluateAsync<JsonElement>("""
            [...document.querySelectorAll('header a, header button, footer a, .button, button')]
              .filter(e => e.getClientRects().length > 0 && !e.classList.contains('skip-link'))
              .map(e => ({ text: e.textContent.trim(), height: e.getBoundingClientRect().height }))
              .filter(e => e.height < 44)
            """);
        Assert.True(tooSmall.GetArrayLength() == 0, $"Controls under 44 px on {path} ({screen}): {tooSmall}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_serious_accessibility_violations(string path, int status, Screen screen)
    {
        await using var browser = await OpenAsync(path, status, screen);

        await browser.Page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task The_accessibility_check_fails_naming_each_serious_violation_and_where_it_is()
    {
        await using var browser = await OpenAsync("/tilgjengelighet", 200, Screen.Phone);
        var page = browser.Page;
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        // An image without a text alternative and a button without a name: both critical in axe-core.
        await page.EvaluateAsync("""
            () => document.querySelector('main').insertAdjacentHTML('beforeend',
                '<img id="uten-alt" src="/favicon.ico"><button id="uten-navn" type="button"></button>')
            """);
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.FailException>(page.AssertNoSeriousAccessibilityViolationsAsync);

        Assert.Contains("- image-alt (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#uten-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- button-name (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#uten-navn", failure.Message, StringComparison.Ordinal);
    }

    private async Task<BrowserPage> OpenAsync(string path, int status, Screen screen)
    {
        var browser = await chromium.OpenAsync(app, path, screen);
        Assert.Equal(status, browser.Response.Status);
        return browser;
    }
}
