using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Sfo;

/// <summary>Two SFO boards open at once stay in step: a check-in tapped on one appears live on the other, and the board passes axe.</summary>
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
}
