using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Notifications;

/// <summary>The daily digest on the notification settings page (/varsler) in a real browser: switch it on, set its time, save.</summary>
public sealed class DigestBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_guardian_turns_on_the_daily_digest_at_a_time_of_their_own_and_the_page_passes_axe()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var browser = await chromium.OpenAsync(app, "/varsler", Screen.Phone, world.Guardian);
        var page = browser.Page;

        var digest = page.GetByRole(AriaRole.Checkbox, new() { Name = "Samle vanlige varsler i ett sammendrag om dagen" });
        var time = page.GetByLabel("Sendes klokken", new() { Exact = true });
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Daglig sammendrag" })).ToBeVisibleAsync();
        await Expect(digest).Not.ToBeCheckedAsync();
        await Expect(time).ToHaveValueAsync("16:00");
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        await digest.CheckAsync();
        await time.FillAsync("17:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre" }).ClickAsync();

        await Expect(page.GetByText("Innstillingene er lagret.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Samle vanlige varsler i ett sammendrag om dagen" })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Sendes klokken", new() { Exact = true })).ToHaveValueAsync("17:30");
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
