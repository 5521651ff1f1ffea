using System.Text.RegularExpressions;
using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Usage;

/// <summary>
/// The usage statistics page: a principal and an administrator choose the interval, the dates and (administrators) the school,
/// and see the table and the server-drawn charts with their figures in words; a wrong range is named beside its field.
/// </summary>
public sealed class UsagePageTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    /// <summary>
    /// The absence world with four days of usage aggregated: the guardian signs in on 1–4 September 2026 and reports absence
    /// digitally on the 2nd; the office logs one absence by phone on the 3rd.
    /// </summary>
    private async Task<(AbsenceBrowserWorld World, Guid MunicipalityId, string SchoolName)> ArrangeAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == world.PupilId)
            .Select(p => new
            {
                p.MunicipalityId, p.SchoolId, SchoolName = db.Schools.Single(s => s.Id == p.SchoolId).Name,
                GuardianId = db.GuardianLinks.Single(l => l.PupilId == p.Id).GuardianId,
            })
            .SingleAsync());
        var (m, schoolId, schoolName, guardianId) = (pupil.MunicipalityId, pupil.SchoolId, pupil.SchoolName, pupil.GuardianId);
        await using var scope = app.Services.CreateAsyncScope();
        var guardianKey = scope.ServiceProvider.GetRequiredService<UsagePseudonyms>().KeyOf(guardianId);
        var officeKey = scope.ServiceProvider.GetRequiredService<UsagePseudonyms>().KeyOf(Guid.NewGuid());
        UsageEvent Event(int day, Guid? school, string action, string channel, string role, byte[] key) => new()
        {
            MunicipalityId = m, SchoolId = school, Action = action, Channel = channel, Role = role, Day = new DateOnly(2026, 9, day),
            OccurredAt = new DateTimeOffset(2026, 9, day, 6, 0, 0, TimeSpan.Zero), ActorKey = key,
        };
        await app.WithDbAsync(db =>
        {
            db.UsageEvents.AddRange(Enumerable.Range(1, 4).Select(day => Event(day, null, UsageActions.SignIn, UsageChannels.IdPorten, UsageRoles.Guardian, guardianKey)));
            db.UsageEvents.Add(Event(2, schoolId, UsageActions.AbsenceReported, UsageChannels.Digital, UsageRoles.Guardian, guardianKey));
            db.UsageEvents.Add(Event(3, schoolId, UsageActions.AbsenceLoggedLegacy, UsageChannels.Phone, UsageRoles.Office, officeKey));
            return db.SaveChangesAsync();
        });
        await scope.ServiceProvider.GetRequiredService<UsageAggregator>().AggregateAsync(m, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 6), default);
        return (world, m, schoolName);
    }

    [Theory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task A_principal_chooses_days_and_sees_the_table_and_the_charts_with_their_figures_in_words(Screen screen)
    {
        var (world, _, schoolName) = await ArrangeAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/bruksstatistikk", screen, world.Principal);
        var page = browser.Page;

        await page.GetByLabel("Vis per").SelectOptionAsync("day");
        await page.GetByLabel("Fra dato").FillAsync("2026-09-01");
        await page.GetByLabel("Til dato").FillAsync("2026-09-04");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis tallene" }).ClickAsync();

        // The choice is in the address (a GET form) and kept in the form.
        Assert.Contains("intervall=day", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByLabel("Vis per")).ToHaveValueAsync("day");
        await Expect(page.GetByLabel("Fra dato")).ToHaveValueAsync("2026-09-01");
        var table = page.Locator("table").First;
        await Expect(table.Locator("caption")).ToHaveTextAsync($"Dag for dag, 1. sep. 2026 – 4. sep. 2026, {schoolName}");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(4);
        // 2 September: the guardian active, activated, the only notice digital; 3 September: one by phone.
        await Expect(table.Locator("tbody tr").Nth(1).Locator("td")).ToHaveTextAsync(["1", "100 %", "100 %", "0"]);
        await Expect(table.Locator("tbody tr").Nth(2).Locator("td")).ToHaveTextAsync(["1", "100 %", "0 %", "1"]);

        // Two charts drawn on the server, each an image with a title and every period's figure in its description.
        var charts = page.Locator(".usage-chart svg[role=img]");
        await Expect(charts).ToHaveCountAsync(2);
        await Expect(charts.Nth(0).Locator("title")).ToHaveTextAsync("Aktive foresatte");
        await Expect(charts.Nth(0).Locator("desc")).ToHaveTextAsync(new Regex(@"^Aktive foresatte\. Aktive foresatte: \S+ 1\.9\.2026 1; \S+ 2\.9\.2026 1; \S+ 3\.9\.2026 1; \S+ 4\.9\.2026 1\.$"));
        await Expect(charts.Nth(1).Locator("desc")).ToContainTextAsync(new Regex(@"Digital andel fravær: \S+ 2\.9\.2026 100\s%; \S+ 3\.9\.2026 0\s%\."));

        await page.AssertFitsTheScreenAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task An_administrator_chooses_a_school_or_the_whole_municipality_by_month()
    {
        var (_, m, schoolName) = await ArrangeAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/bruksstatistikk?intervall=month&fra=2026-08-01&til=2026-09-06", Screen.Desktop, TestUser.MunicipalityAdmin(m));
        var page = browser.Page;
        // Months are whole months: the metrics widen the dates to the periods they fall in.
        var caption = page.Locator("table").First.Locator("caption");
        await Expect(caption).ToHaveTextAsync("Måned for måned, 1. aug. 2026 – 30. sep. 2026, hele kommunen");
        await Expect(page.Locator("table").First.Locator("tbody th")).ToHaveTextAsync(["august 2026", "september 2026"]);

        await page.GetByLabel("Skole", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = schoolName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vis tallene" }).ClickAsync();
        await Expect(caption).ToHaveTextAsync($"Måned for måned, 1. aug. 2026 – 30. sep. 2026, {schoolName}");
        await Expect(page.GetByLabel("Vis per")).ToHaveValueAsync("month");
    }

    [Theory]
    [InlineData(Screen.Phone)]
    [InlineData(Screen.Desktop)]
    public async Task A_range_that_ends_before_it_starts_is_named_beside_its_field(Screen screen)
    {
        var (world, _, _) = await ArrangeAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/bruksstatistikk?intervall=week&fra=2026-09-05&til=2026-09-01", screen, world.Principal);
        var page = browser.Page;

        await Expect(page.GetByLabel("Fra dato")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#from-error")).ToHaveTextAsync("Fra-datoen kan ikke være etter til-datoen.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Fra-datoen kan ikke være etter til-datoen.");
        await Expect(page.Locator("table")).ToHaveCountAsync(0);
        await page.AssertFitsTheScreenAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
