using System.Text.Json;
using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Web;

/// <summary>The page chrome in a real browser: keyboard use, language, errors and what a signed-in person sees.</summary>
public sealed class ShellTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Skip_link_is_the_first_stop_of_the_keyboard_and_moves_focus_to_the_main_content()
    {
        await using var browser = await chromium.OpenAsync(app, "/tilgjengelighet");
        var page = browser.Page;

        await page.Keyboard.PressAsync("Tab");
        var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Hopp til hovedinnholdet" });
        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToBeInViewportAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        // Still the same page: the link only moved focus.
        Assert.EndsWith("/tilgjengelighet#main", page.Url, StringComparison.Ordinal);

        // The next Tab continues inside the main content, not back in the header.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('main').contains(document.activeElement)"),
            "After the skip link, Tab should reach the first control of the main content.");
    }

    /// <summary>WCAG 2.4.11 (focus not obscured): nothing of the page chrome may lie over an element scrolled to or focused.</summary>
    [Fact]
    public async Task On_a_phone_the_header_never_covers_an_element_jumped_to_or_focused_low_on_a_long_page()
    {
        await using var browser = await chromium.OpenAsync(app, "/tilgjengelighet");
        var page = browser.Page;
        await page.SetViewportSizeAsync(390, 844);
        // Scrolling at once, not smoothly, so the position is measured where it ends.
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        // A heading in the middle of the page, with more than a screen below it, so the jump can put it at the top of the window.
        var heading = page.Locator("main h2").Nth(2);
        var link = page.Locator("main a[href='https://www.uutilsynet.no/']");

        // As an in-page link jumps: the element's top at the top of the window (less any scroll padding the page sets).
        await heading.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        await AssertUncoveredAsync(heading);

        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await link.FocusAsync();
        await Expect(link).ToBeFocusedAsync();
        await AssertUncoveredAsync(link);
    }

    private static async Task AssertUncoveredAsync(ILocator target)
    {
        var seen = await target.EvaluateAsync<JsonElement>("""
            e => {
                const box = e.getBoundingClientRect();
                const header = document.querySelector('header').getBoundingClientRect();
                // A link in running text may wrap: probe the middle of its first line, which is where it starts.
                const line = e.getClientRects()[0];
                const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
                return { top: box.top, bottom: box.bottom, headerBottom: header.bottom, windowHeight: window.innerHeight,
                         scrolled: window.scrollY, hitsTarget: !!hit && (hit === e || e.contains(hit)) };
            }
            """);
        Assert.True(seen.GetProperty("scrolled").GetDouble() > 0, $"The element should lie below the first screen: {seen}");
        Assert.True(seen.GetProperty("top").GetDouble() >= seen.GetProperty("headerBottom").GetDouble(), $"The header covers the element: {seen}");
        Assert.True(seen.GetProperty("bottom").GetDouble() <= seen.GetProperty("windowHeight").GetDouble(), $"The element is below the window: {seen}");
        Assert.True(seen.GetProperty("hitsTarget").GetBoolean(), $"Something lies over the element: {seen}");
    }

    [Theory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task Every_control_shows_a_visible_focus_outline_when_reached_by_keyboard(Screen screen)
    {
        await using var browser = await chromium.OpenAsync(app, "/", screen, TestUser.MunicipalityAdmin(Guid.NewGuid()) with { Name = "Kari Nordmann" });
        var page = browser.Page;

        var visited = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<JsonElement?>("""
                (() => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return null;
                  const style = getComputedStyle(e);
                  return { text: (e.textContent || '').trim(), outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) };
                })()
                """);
            if (focused is not { ValueKind: JsonValueKind.Object } element || visited.Contains(element.GetProperty("text").GetString()!))
            {
                break;
            }

            var text = element.GetProperty("text").GetString()!;
            var outlineStyle = element.GetProperty("outlineStyle").GetString();
            var outlineWidth = element.GetProperty("outlineWidth").GetDouble();
            visited.Add(text);
            Assert.True(outlineStyle != "none" && outlineWidth >= 2, $"'{text}' has no visible focus outline ({outlineStyle} {outlineWidth}px).");
        }

        Assert.Contains("Hopp til hovedinnholdet", visited);
        Assert.Contains("Logg ut", visited);
        Assert.Contains("Tilgjengelighetserklæring", visited);
    }

    [Fact]
    public async Task Language_switch_changes_the_language_of_the_page_and_is_remembered()
    {
        await using var browser = await chromium.OpenAsync(app, "/tilgjengelighet");
        var page = browser.Page;
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tilgjengelighetserklæring");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Accessibility statement");
        Assert.EndsWith("/tilgjengelighet", page.Url, StringComparison.Ordinal);
        // Dates keep the municipality's format in English too.
        await Expect(page.GetByText("This statement was last updated on 27.11.2026.")).ToBeVisibleAsync();

        // The choice is remembered on the next page.
        await page.GotoNamingWhatIsOpenAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToHaveCountAsync(1);
        await page.AssertFitsTheScreenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Norsk (bokmål)" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nb");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Velkommen til Meldebok");
    }

    [Fact]
    public async Task Unknown_address_shows_the_not_found_page_with_status_404()
    {
        await using var browser = await chromium.OpenAsync(app, "/elever/finnes-ikke");

        Assert.Equal(404, browser.Response.Status);
        await Expect(browser.Page.Locator("h1")).ToHaveTextAsync("Fant ikke siden");
        await Expect(browser.Page.GetByRole(AriaRole.Link, new() { Name = "Gå til forsiden" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Unknown_api_address_answers_problem_details_even_to_a_browser()
    {
        await using var browser = await chromium.OpenAsync(app, "/api/v1/finnes-ikke");

        Assert.Equal(404, browser.Response.Status);
        Assert.StartsWith("application/problem+json", await browser.Response.HeaderValueAsync("content-type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_shows_the_error_page_with_a_trace_id()
    {
        await using var browser = await chromium.OpenAsync(app, FaultPaths.Page);

        Assert.Equal(500, browser.Response.Status);
        await Expect(browser.Page.Locator("h1")).ToHaveTextAsync("Noe gikk galt");
        await Expect(browser.Page.Locator("code.trace-id")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\S+"));
    }

    [Fact]
    public async Task Signed_in_administrator_sees_name_sign_out_button_and_api_documentation_link()
    {
        var admin = TestUser.MunicipalityAdmin(Guid.NewGuid()) with { Name = "Kari Nordmann" };
        await using var browser = await chromium.OpenAsync(app, "/", Screen.Desktop, admin);
        var page = browser.Page;

        await Expect(page.GetByText("Logget inn som Kari Nordmann")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logg ut" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Logg inn", Exact = true })).ToHaveCountAsync(0);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "API-dokumentasjon" })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Hjem" })).ToHaveAttributeAsync("aria-current", "page");
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task Signed_in_guardian_sees_no_api_documentation_link_and_a_long_name_fits_a_phone()
    {
        var guardian = TestUser.Guardian(Guid.NewGuid(), Guid.NewGuid()) with { Name = "Kari-Anne Margrethe Nordmann-Ødegård" };
        await using var browser = await chromium.OpenAsync(app, "/", Screen.Phone, guardian);
        var page = browser.Page;

        await Expect(page.GetByText("Logget inn som Kari-Anne Margrethe Nordmann-Ødegård")).ToBeVisibleAsync();
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" });
        await Expect(menu.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Hjem", "Fravær", "Permisjon", "Meldinger", "Samtykker", "Henting", "SFO i dag", "Klasseliste", "Varslinger"]);
        // A long name still fits a phone.
        await page.AssertFitsTheScreenAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task Smooth_scrolling_is_off_for_those_who_ask_for_reduced_motion()
    {
        await using var browser = await chromium.OpenAsync(app, "/");
        var page = browser.Page;
        const string scrollBehaviour = "getComputedStyle(document.documentElement).scrollBehavior";

        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.NoPreference });
        Assert.Equal("smooth", await page.EvaluateAsync<string>(scrollBehaviour));

        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        Assert.Equal("auto", await page.EvaluateAsync<string>(scrollBehaviour));
    }
}
