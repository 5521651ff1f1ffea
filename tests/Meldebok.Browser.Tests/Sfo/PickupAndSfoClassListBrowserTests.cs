using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Sfo;

/// <summary>
/// The guardian changes a weekly pickup rule through its form (and sees a field error beside its field), reads the history of a
/// day's pickup message, and the school office opens the SFO unit's class list and its printable page; every page passes axe.
/// </summary>
public sealed class PickupAndSfoClassListBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime);

    /// <summary>Emma's grandmother as a pickup person, a Monday rule naming her, and two versions of a pickup message for tomorrow.</summary>
    private Task<Guid> ArrangePickupAsync(AbsenceBrowserWorld world) => app.WithDbAsync(async db =>
    {
        var link = await db.GuardianLinks.FirstAsync(l => l.PupilId == world.PupilId);
        var m = link.MunicipalityId;
        var granny = new AuthorizedPickupPerson
        {
            MunicipalityId = m, PupilId = world.PupilId, Name = "Randi Hansen", Relation = "Bestemor", Phone = "+4791234567",
            CreatedByGuardianId = link.GuardianId, CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
        };
        var rule = new PickupRule
        {
            MunicipalityId = m, PupilId = world.PupilId, Weekday = DayOfWeek.Monday, Method = DepartureMethod.PickedUp, Time = new TimeOnly(15, 30),
            AuthorizedPersonId = granny.Id, CreatedByGuardianId = link.GuardianId, CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
        };
        var schoolId = await db.Pupils.Where(p => p.Id == world.PupilId).Select(p => p.SchoolId).SingleAsync();
        var earlier = new PickupMessage
        {
            MunicipalityId = m, PupilId = world.PupilId, SchoolId = schoolId, Date = Today.AddDays(1), Method = DepartureMethod.Bus, Time = new TimeOnly(14, 0),
            SentByGuardianId = link.GuardianId, CreatedAt = MeldebokApp.DefaultNow.AddHours(-2), SupersededAt = MeldebokApp.DefaultNow.AddHours(-1),
        };
        var current = new PickupMessage
        {
            MunicipalityId = m, PupilId = world.PupilId, SchoolId = schoolId, Date = Today.AddDays(1), Method = DepartureMethod.PickedUp, Time = new TimeOnly(16, 0),
            AuthorizedPersonId = granny.Id, SentByGuardianId = link.GuardianId, CreatedAt = MeldebokApp.DefaultNow.AddHours(-1),
        };
        db.AddRange(granny, rule, earlier, current);
        await db.SaveChangesAsync();
        return rule.Id;
    });

    [Fact]
    public async Task A_guardian_changes_a_weekly_rule_and_sees_it_changed()
    {
        var world = await app.ArrangeAbsenceWorldAsync(withSfoPlace: true);
        await ArrangePickupAsync(world);
        await using var browser = await chromium.OpenAsync(app, "/henting", Screen.Desktop, world.Guardian);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Endre Mandag" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Endre henteregel for Emma: Mandag");
        await Expect(page.GetByLabel("Klokkeslett")).ToHaveValueAsync("15:30");
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        // A period that ends before it starts: the service's error is shown beside the field.
        await page.GetByLabel("Gyldig fra (valgfritt)").FillAsync(Today.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Gyldig til (valgfritt)").FillAsync(Today.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre henteregelen" }).ClickAsync();
        await Expect(page.Locator("#rule-until-error")).ToHaveTextAsync("Gyldig til må være samme dag som eller etter gyldig fra.");
        await Expect(page.GetByLabel("Gyldig til (valgfritt)")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        await page.GetByLabel("Gyldig fra (valgfritt)").FillAsync("");
        await page.GetByLabel("Gyldig til (valgfritt)").FillAsync("");
        await page.GetByLabel("Klokkeslett").FillAsync("16:15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre henteregelen" }).ClickAsync();

        await Expect(page.Locator("p.absence-status")).ToHaveTextAsync("Henteregelen er lagret.");
        Assert.Equal("/henting?lagret=regel", new Uri(page.Url).PathAndQuery);
        await Expect(page.Locator("table.overview-table tbody tr").First).ToContainTextAsync("16:15");
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task The_history_of_a_pickup_message_shows_both_versions_to_the_guardian_and_the_office()
    {
        var world = await app.ArrangeAbsenceWorldAsync(withSfoPlace: true);
        await ArrangePickupAsync(world);
        await using var guardian = await chromium.OpenAsync(app, "/henting", Screen.Phone, world.Guardian);
        var page = guardian.Page;

        // Followed from the keyboard: on a phone the page's sticky header covers a link scrolled to the top for a pointer click.
        await page.GetByRole(AriaRole.Link, new() { Name = "Se tidligere versjoner" }).First.PressAsync("Enter");

        var versions = page.Locator("ol.pickup-history > li");
        await Expect(versions).ToHaveCountAsync(2);
        await Expect(versions.Nth(0)).ToContainTextAsync("Gjeldende");
        await Expect(versions.Nth(0)).ToContainTextAsync("Randi Hansen (Bestemor) kl. 16:00");
        await Expect(versions.Nth(1)).ToContainTextAsync("Erstattet");
        await Expect(versions.Nth(1)).ToContainTextAsync("Sendt av Per Hansen");
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        await using var office = await chromium.OpenAsync(app, new Uri(page.Url).PathAndQuery, Screen.Desktop, world.Office);
        await Expect(office.Page.Locator("ol.pickup-history > li")).ToHaveCountAsync(2);
        await office.Page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task The_office_opens_the_sfo_units_class_list_and_its_printable_page()
    {
        var world = await app.ArrangeAbsenceWorldAsync(withSfoPlace: true);
        await using var browser = await chromium.OpenAsync(app, "/", Screen.Desktop, world.Office);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "SFO-klasseliste", Exact = true }).ClickAsync();
        await Expect(page.Locator("table.class-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.class-table tbody tr").First).ToContainTextAsync("Emma Hansen");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Last ned som CSV" })).ToHaveCountAsync(1);
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Skriv ut" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Klasseliste Nettvik SFO, Nettvik skole");
        await Expect(page.Locator("table.class-table tbody tr").First).ToContainTextAsync("Emma Hansen");
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
