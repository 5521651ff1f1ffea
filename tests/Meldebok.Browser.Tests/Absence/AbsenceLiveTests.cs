using Meldebok.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Absence;

/// <summary>The morning flow end to end, live: a guardian reports on a phone, the contact teacher sees it and acknowledges, the guardian sees the receipt.</summary>
public sealed class AbsenceLiveTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Report_appears_live_in_the_teachers_inbox_and_the_receipt_appears_live_for_the_guardian()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var teacherBrowser = await chromium.OpenAsync(app, "/ansatt/fravaer", Screen.Desktop, world.ContactTeacher);
        var inbox = teacherBrowser.Page;
        await Expect(inbox.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await Expect(inbox.Locator("[data-live-region] .absence-card")).ToHaveCountAsync(0);

        await using var guardianBrowser = await chromium.OpenAsync(app, "/fravaer/meld", Screen.Phone, world.Guardian);
        var phone = guardianBrowser.Page;
        await phone.SetViewportSizeAsync(390, 844);
        // Child, today, school and SFO and the reason are preselected: one tap sends the notice.
        await Expect(phone.GetByLabel("SFO")).ToBeCheckedAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send fraværsmelding" }).ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Fraværet er meldt");
        await Expect(phone.Locator(".receipts--none")).ToHaveTextAsync("Ikke lest ennå");
        await Expect(phone.Locator("html[data-live=connected]")).ToHaveCountAsync(1);

        var card = inbox.Locator("[data-live-region] .absence-card", new() { HasText = "Emma Hansen" });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("Sykdom");
        await card.GetByRole(AriaRole.Button, new() { Name = "Kvitter Emma Hansen" }).ClickAsync();
        await Expect(inbox.Locator(".acknowledged")).ToHaveTextAsync("Kvittert av deg");

        await Expect(phone.Locator("[data-live-region] .receipts li")).ToContainTextAsync("Mottatt av Kari Larsen (kontaktlærer)");
    }
}
