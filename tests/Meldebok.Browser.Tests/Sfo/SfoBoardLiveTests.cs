using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Sfo;

/// <summary>
/// Two SFO boards open at once stay in step: a check-in tapped on one appears live on the other, and the board passes axe. A
/// pupil of the school without a place today is checked in from the board with the reason, which the board shows.
/// </summary>
public sealed class SfoBoardLiveTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_check_in_on_one_board_appears_live_on_the_other()
    {
        var world = await app.ArrangeAbsenceWorldAsync(withSfoPlace: true);
        await using var first = await chromium.OpenAsync(app, "/sfo/tavle", Screen.Desktop, world.Office);
        await using var second = await chromium.OpenAsync(app, "/sfo/tavle", Screen.Desktop, world.Principal);
        var (one, two) = (first.Page, second.Page);
        await Expect(one.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await Expect(two.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await Expect(two.Locator("#sfo-expected + ul [data-pupil-id]")).ToHaveCountAsync(1);
        await one.AssertNoSeriousAccessibilityViolationsAsync();

        await one.GetByRole(AriaRole.Button, new() { Name = "Emma Hansen" }).ClickAsync();

        await Expect(one.Locator("#sfo-here + ul [data-pupil-id]")).ToContainTextAsync("Emma Hansen");
        await Expect(two.Locator("#sfo-here + ul [data-pupil-id]")).ToContainTextAsync("Emma Hansen");
        await Expect(two.Locator("#sfo-expected + ul [data-pupil-id]")).ToHaveCountAsync(0);
        await two.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task A_pupil_without_a_place_today_is_checked_in_from_the_board_with_the_reason()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var board = await chromium.OpenAsync(app, "/sfo/tavle", Screen.Desktop, world.Office);
        var page = board.Page;
        await Expect(page.Locator("#sfo-expected + ul [data-pupil-id]")).ToHaveCountAsync(0);
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        await page.GetByLabel("Elev", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Emma Hansen" });
        await page.GetByLabel("Grunn", new() { Exact = true }).FillAsync("Mor er på kurs i ettermiddag");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sjekk inn uten plass" }).ClickAsync();

        var here = page.Locator("#sfo-here + ul [data-pupil-id]");
        await Expect(here).ToContainTextAsync("Emma Hansen");
        await Expect(here).ToContainTextAsync("Uten plass: Mor er på kurs i ettermiddag");
        await Expect(page.Locator("#uten-plass-elev option", new() { HasText = "Emma Hansen" })).ToHaveCountAsync(0);
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
