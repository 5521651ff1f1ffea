using System.Text.RegularExpressions;
using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Benefits;

/// <summary>
/// An administrator manages the demo municipality's benefit plan (the Meldebok project's own, as seeded) in the web UI: edits a
/// target with a reason and finds the revision in the history and the comparison, enters a measurement and sees the dashboard's
/// status move, adds a measure and changes its status, meets the service's rules beside the fields; a principal only reads.
/// </summary>
public sealed class BenefitEditingTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    private const string StaffTime = "Mindre tid for ansatte til å ta imot og føre fravær";
    private const string Sms = "Færre SMS til ansattes private telefoner";
    private static readonly string Today = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A municipality with the demo plan and its administrator, who signs in by name (the revisions' author).</summary>
    private async Task<(TestUser Admin, Guid MunicipalityId)> ArrangeAdministratorAsync()
    {
        var m = await app.WithDbAsync(async db =>
        {
            var municipality = new Municipality { Name = "Nettvik kommune", OrganisationNumber = TestIdentifiers.NextOrganisationNumber() };
            db.Municipalities.Add(municipality);
            db.Schools.Add(new School(municipality.Id) { Name = "Nettvik skole" });
            DemoBenefitPlan.Add(db, municipality.Id, MeldebokApp.DefaultNow);
            await db.SaveChangesAsync();
            return municipality.Id;
        });
        return (TestUser.MunicipalityAdmin(m) with { Name = "Anne Administrator" }, m);
    }

    private Task<Guid> BenefitIdAsync(Guid m, string description) =>
        app.WithDbAsync(db => db.Benefits.Where(b => b.MunicipalityId == m && b.Description == description).Select(b => b.Id).SingleAsync());

    private static ILocator DashboardRow(IPage page, string description) => page.Locator("tbody tr").Filter(new() { HasText = description });

    [Fact]
    public async Task Administrator_edits_a_target_with_a_reason_and_the_history_and_comparison_show_old_and_new()
    {
        var (admin, _) = await ArrangeAdministratorAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", Screen.Desktop, admin);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = StaffTime, Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(StaffTime);
        await page.GetByRole(AriaRole.Link, new() { Name = "Endre gevinsten" }).ClickAsync();
        await Expect(page.GetByLabel("Målpunkt 2: verdi")).ToHaveValueAsync("40");
        await page.GetByLabel("Målpunkt 2: verdi").FillAsync("30");
        await page.GetByLabel("Begrunnelse for endringen").FillAsync("Skolene har lovet mer: ny avtale i oktober");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny revisjon" }).ClickAsync();

        // Post, redirect, get: back on the benefit page, which says what happened.
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Planen er endret. Endringen er lagret som en ny revisjon.");
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Revisjoner, nyeste først" });
        var newest = history.Locator("tbody tr").First;
        await Expect(newest.Locator("th")).ToHaveTextAsync("2");
        await Expect(newest).ToContainTextAsync("Anne Administrator");
        await Expect(newest).ToContainTextAsync("Skolene har lovet mer: ny avtale i oktober");
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(2);

        // The comparison shows the current revision against the one before, field by field.
        var comparison = page.Locator("table.comparison-table");
        await Expect(comparison.Locator("caption")).ToHaveTextAsync("Revisjon 1 mot revisjon 2, felt for felt");
        var curve = comparison.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "Målkurve" }) });
        await Expect(curve.Locator("td").Nth(0)).ToHaveTextAsync(new Regex(@"2027-03-07: 40$"));
        await Expect(curve.Locator("td").Nth(1)).ToHaveTextAsync(new Regex(@"2027-03-07: 30$"));
        await Expect(curve.Locator("td").Nth(2)).ToHaveTextAsync("Endret");
        var owner = comparison.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "Gevinsteier" }) });
        await Expect(owner.Locator("td").Nth(2)).ToHaveTextAsync("Uendret");

        // Choosing the same revision twice compares it with itself: nothing changed in the plan.
        await page.GetByLabel("Fra revisjon").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sammenlign" }).ClickAsync();
        await Expect(comparison.Locator("caption")).ToHaveTextAsync("Revisjon 2 mot revisjon 2, felt for felt");
        await Expect(curve.Locator("td").Nth(2)).ToHaveTextAsync("Uendret");
    }

    [Fact]
    public async Task A_manual_measurement_moves_the_dashboards_status_and_measured_value()
    {
        var (admin, m) = await ArrangeAdministratorAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", Screen.Desktop, admin);
        var page = browser.Page;
        // The SMS count was 55 in June against a target of about 45 now: a little behind.
        await Expect(DashboardRow(page, Sms).Locator(".rag")).ToHaveTextAsync("Gul: litt bak");
        await Expect(DashboardRow(page, Sms).Locator("td").Nth(2)).ToHaveTextAsync("55 SMS/uke");

        await page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/{await BenefitIdAsync(m, Sms)}");
        await page.GetByLabel("Dato", new() { Exact = true }).FillAsync(Today);
        await page.GetByLabel("Verdi (SMS/uke)").FillAsync("20");
        await page.GetByLabel("Kilde eller merknad").FillAsync("SMS-loggen, august");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrer målingen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Målingen er registrert.");
        var measurements = page.GetByRole(AriaRole.Region, new() { Name = "Målinger, nyeste først" });
        await Expect(measurements.Locator("tbody tr").First).ToContainTextAsync("SMS-loggen, august");
        await Expect(measurements.Locator("tbody tr")).ToHaveCountAsync(4);

        await page.GetByRole(AriaRole.Link, new() { Name = "Tilbake til gevinstoversikten" }).ClickAsync();
        await Expect(DashboardRow(page, Sms).Locator(".rag")).ToHaveTextAsync("Grønn: i rute");
        await Expect(DashboardRow(page, Sms).Locator("td").Nth(2)).ToHaveTextAsync("20 SMS/uke");
    }

    [Fact]
    public async Task Administrator_adds_a_measure_linked_to_a_benefit_and_changes_its_status()
    {
        var (admin, m) = await ArrangeAdministratorAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster/tiltak", Screen.Desktop, admin);
        var page = browser.Page;
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(6);

        await page.GetByRole(AriaRole.Link, new() { Name = "Nytt tiltak" }).ClickAsync();
        await page.GetByLabel("Hva skal gjøres").FillAsync("Skru av SMS-videresending på lærernes telefoner");
        await page.GetByLabel("Ansvarlig", new() { Exact = true }).FillAsync("IT-avdelingen");
        await page.GetByLabel("Frist").FillAsync("2026-12-01");
        await page.GetByLabel(Sms).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett tiltaket" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tiltaket er lagret.");
        var row = page.Locator("tbody tr").Filter(new() { HasText = "Skru av SMS-videresending" });
        await Expect(row).ToContainTextAsync("IT-avdelingen");
        await Expect(row).ToContainTextAsync("1. desember 2026");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = Sms })).ToBeVisibleAsync();
        var status = row.GetByLabel("Status for «Skru av SMS-videresending på lærernes telefoner»", new() { Exact = true });
        await Expect(status).ToHaveValueAsync("Planned");

        await status.SelectOptionAsync("InProgress");
        await row.GetByRole(AriaRole.Button, new() { Name = "Lagre status for «Skru av SMS-videresending på lærernes telefoner»" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tiltaket er lagret.");
        await Expect(page.Locator("tbody tr").Filter(new() { HasText = "Skru av SMS-videresending" }).Locator("select")).ToHaveValueAsync("InProgress");

        // The benefit lists the measure that brings it about.
        await page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/{await BenefitIdAsync(m, Sms)}");
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Skru av SMS-videresending" })).ToContainTextAsync("ansvarlig: IT-avdelingen, frist 1. des. 2026, pågår");
    }

    [Fact]
    public async Task Errors_are_shown_beside_their_fields_and_a_measured_benefit_cannot_be_deleted()
    {
        var (admin, m) = await ArrangeAdministratorAsync();
        var staffTime = await BenefitIdAsync(m, StaffTime);
        await using var browser = await chromium.OpenAsync(app, $"/ansatt/gevinster/{staffTime}/endre", Screen.Desktop, admin);
        var page = browser.Page;

        // No reason: the contract's own message, under the reason field, which points to it.
        await page.GetByLabel("Målpunkt 2: verdi").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny revisjon" }).ClickAsync();
        var reason = page.GetByLabel("Begrunnelse for endringen");
        await Expect(page.Locator("#reason-error")).ToHaveTextAsync("Begrunnelsen for endringen må fylles ut.");
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToHaveAttributeAsync("aria-describedby", "reason-hint reason-error");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Begrunnelsen for endringen må fylles ut.");
        // What was typed is kept.
        await Expect(page.GetByLabel("Målpunkt 2: verdi")).ToHaveValueAsync("30");
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        // A target point typed in the third row, on the baseline's date: the service's rule, beside that row.
        await reason.FillAsync("Nytt delmål");
        await page.GetByLabel("Målpunkt 3: dato").FillAsync("2025-09-07");
        await page.GetByLabel("Målpunkt 3: verdi").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny revisjon" }).ClickAsync();
        await Expect(page.Locator("#target-2-date-error")).ToHaveTextAsync("Målpunktene må ligge etter datoen for nullpunktet.");
        await Expect(page.GetByLabel("Målpunkt 3: dato")).ToHaveAttributeAsync("aria-describedby", "target-2-date-error");
        await Expect(page.Locator("#reason-error")).ToHaveCountAsync(0);

        // A measured benefit is closed, never deleted: the rule is shown where the button is.
        await page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/{staffTime}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Slett gevinsten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("En gevinst med målinger kan ikke slettes, bare avsluttes med en begrunnelse");
        Assert.True(await app.WithDbAsync(db => db.Benefits.AnyAsync(b => b.Id == staffTime)));

        // Closing asks for a reason and then keeps the benefit, closed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt gevinsten" }).ClickAsync();
        await Expect(page.Locator("#close-reason-error")).ToHaveTextAsync("Begrunnelsen for å avslutte må fylles ut.");
        await page.GetByLabel("Begrunnelse for å avslutte").FillAsync("Erstattet av ny gevinst for hele oppvekst");
        await page.GetByRole(AriaRole.Button, new() { Name = "Avslutt gevinsten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Gevinsten er avsluttet.");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"{StaffTime} (avsluttet)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrer målingen" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Administrator_creates_a_benefit_in_a_project_and_deletes_it_while_it_is_unmeasured()
    {
        var (admin, _) = await ArrangeAdministratorAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", Screen.Desktop, admin);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Ny gevinst i «Meldebok – digital meldebok mellom hjem og skole/SFO»" }).ClickAsync();
        await page.GetByLabel("Beskrivelse").FillAsync("Færre papirlapper i sekken");
        await page.GetByLabel("Gevinsttype").SelectOptionAsync("BudgetEffect");
        await page.GetByLabel("Realiseringsperiode fra").FillAsync("2026-08-01");
        await page.GetByLabel("Realiseringsperiode til").FillAsync("2027-07-31");
        await page.GetByLabel("Gevinsteier", new() { Exact = true }).FillAsync("Kommunalsjef oppvekst");
        await page.GetByLabel("Enhet", new() { Exact = true }).FillAsync("ark/uke");
        await page.GetByLabel("Nullpunkt (verdi)").FillAsync("5000");
        await page.GetByLabel("Dato for nullpunkt").FillAsync("2026-08-01");
        await page.GetByLabel("Målpunkt 1: dato").FillAsync("2027-06-30");
        await page.GetByLabel("Målpunkt 1: verdi").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett gevinsten" }).ClickAsync();

        // A budget effect needs its value per unit: the service says so beside the field.
        await Expect(page.Locator("#value-per-unit-error")).ToContainTextAsync("må ha verdi per enhet i kroner");
        await page.GetByLabel("Verdi per enhet (kr)").FillAsync("0,35");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett gevinsten" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Gevinsten er opprettet.");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Færre papirlapper i sekken");
        await Expect(page.Locator(".benefit-facts")).ToContainTextAsync("0,35 kr per ark/uke");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Revisjoner, nyeste først" }).Locator("tbody tr")).ToContainTextAsync("Første versjon");

        await page.GetByRole(AriaRole.Button, new() { Name = "Slett gevinsten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Gevinsten er slettet.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Færre papirlapper i sekken" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_principal_reads_the_benefit_page_without_edit_controls_and_may_not_open_the_edit_page()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var m = await app.WithDbAsync(async db =>
        {
            var m = await db.Pupils.Where(p => p.Id == world.PupilId).Select(p => p.MunicipalityId).SingleAsync();
            DemoBenefitPlan.Add(db, m, MeldebokApp.DefaultNow);
            await db.SaveChangesAsync();
            return m;
        });
        var staffTime = await BenefitIdAsync(m, StaffTime);

        await using var browser = await chromium.OpenAsync(app, $"/ansatt/gevinster/{staffTime}", Screen.Desktop, world.Principal);
        var page = browser.Page;
        await Expect(page.Locator("h1")).ToHaveTextAsync(StaffTime);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Målinger, nyeste først" }).Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("main form[method=post]")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Endre gevinsten" })).ToHaveCountAsync(0);

        await page.GotoNamingWhatIsOpenAsync("/ansatt/gevinster/tiltak");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(6);
        await Expect(page.Locator("main select")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nytt tiltak" })).ToHaveCountAsync(0);

        // The editing pages are for administrators only: a principal is sent to the no-access page.
        var edit = await page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/{staffTime}/endre");
        Assert.Equal(403, edit!.Status);
        Assert.Equal("/konto/ingen-tilgang", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny revisjon" })).ToHaveCountAsync(0);
    }

    public static TheoryData<string, Screen> NewPages()
    {
        var data = new TheoryData<string, Screen>();
        foreach (var page in new[] { "benefit", "edit", "new-benefit", "measures", "new-measure", "measure", "new-portfolio", "portfolio", "new-project", "project" })
        {
            foreach (var screen in Enum.GetValues<Screen>())
            {
                data.Add(page, screen);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NewPages))]
    public async Task Each_new_page_has_one_h1_fits_the_screen_and_passes_axe(string which, Screen screen)
    {
        var (admin, m) = await ArrangeAdministratorAsync();
        var benefit = await BenefitIdAsync(m, StaffTime);
        var measure = await app.WithDbAsync(db => db.BenefitMeasures.Where(x => x.MunicipalityId == m).OrderBy(x => x.Description).Select(x => x.Id).FirstAsync());
        var project = await app.WithDbAsync(db => db.BenefitProjects.Where(x => x.MunicipalityId == m).Select(x => x.Id).SingleAsync());
        var portfolio = await app.WithDbAsync(db => db.BenefitPortfolios.Where(x => x.MunicipalityId == m).Select(x => x.Id).SingleAsync());
        var path = which switch
        {
            "new-portfolio" => "/ansatt/gevinster/portefoljer/ny",
            "portfolio" => $"/ansatt/gevinster/portefoljer/{portfolio}",
            "new-project" => $"/ansatt/gevinster/prosjekter/ny?portefolje={portfolio}",
            "project" => $"/ansatt/gevinster/prosjekter/{project}",
            "benefit" => $"/ansatt/gevinster/{benefit}",
            "edit" => $"/ansatt/gevinster/{benefit}/endre",
            "new-benefit" => $"/ansatt/gevinster/ny?prosjekt={project}",
            "measures" => "/ansatt/gevinster/tiltak",
            "new-measure" => $"/ansatt/gevinster/tiltak/ny?gevinst={benefit}",
            _ => $"/ansatt/gevinster/tiltak/{measure}",
        };

        await using var browser = await chromium.OpenAsync(app, path, screen, admin);
        var page = browser.Page;

        Assert.Equal(200, browser.Response.Status);
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" })).ToBeVisibleAsync();
        if (which == "benefit")
        {
            // The curve is drawn by the server and said in words.
            var curve = page.Locator("img.benefit-curve");
            await Expect(curve).ToHaveAttributeAsync("alt", new Regex("3 målinger, den siste 74 timer/uke"));
            await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await curve.ElementHandleAsync());
        }

        await page.AssertFitsTheScreenAsync();
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task Administrator_creates_and_renames_a_portfolio_and_a_project_with_errors_beside_their_fields()
    {
        var (admin, m) = await ArrangeAdministratorAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", Screen.Desktop, admin);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Ny portefølje" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ny portefølje");
        // An empty name is refused beside the field, in bokmål, and the field points to the message.
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett porteføljen" }).ClickAsync();
        var name = page.GetByLabel("Navn på porteføljen");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#name-error")).ToHaveTextAsync("Navn må fylles ut.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Navn må fylles ut.");
        await name.FillAsync("Velferdsteknologi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett porteføljen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Porteføljen er opprettet.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Velferdsteknologi", Level = 2 })).ToBeVisibleAsync();

        // A project in the new portfolio: the goal is required.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nytt prosjekt i «Velferdsteknologi»" }).ClickAsync();
        await Expect(page.GetByLabel("Portefølje", new() { Exact = true }).Locator("option:checked")).ToHaveTextAsync("Velferdsteknologi");
        await page.GetByLabel("Navn på prosjektet").FillAsync("Digitalt tilsyn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett prosjektet" }).ClickAsync();
        await Expect(page.Locator("#goal-error")).ToHaveTextAsync("Målet må fylles ut.");
        await Expect(page.GetByLabel("Målet prosjektets gevinster skal bidra til")).ToHaveAttributeAsync("aria-describedby", "goal-hint goal-error");
        await Expect(page.GetByLabel("Navn på prosjektet")).ToHaveValueAsync("Digitalt tilsyn");
        await page.GetByLabel("Målet prosjektets gevinster skal bidra til").FillAsync("Periodemål 2 for helse og velferd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opprett prosjektet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Prosjektet er opprettet.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Digitalt tilsyn", Level = 3 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Mål: Periodemål 2 for helse og velferd", new() { Exact = false })).ToBeVisibleAsync();

        // Renaming both.
        await page.GetByRole(AriaRole.Link, new() { Name = "Endre prosjektet «Digitalt tilsyn»" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Endre prosjektet «Digitalt tilsyn»");
        await page.GetByLabel("Navn på prosjektet").FillAsync("Digitalt nattilsyn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre prosjektet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Prosjektet er lagret.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Endre navn på porteføljen «Velferdsteknologi»" }).ClickAsync();
        await page.GetByLabel("Navn på porteføljen").FillAsync("Velferdsteknologi i omsorg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre porteføljen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Porteføljen er lagret.");

        var saved = await app.WithDbAsync(db => db.BenefitProjects.Where(p => p.MunicipalityId == m && p.Name == "Digitalt nattilsyn")
            .Join(db.BenefitPortfolios, p => p.PortfolioId, f => f.Id, (p, f) => new { p.Goal, Portfolio = f.Name }).SingleAsync());
        Assert.Equal(("Periodemål 2 for helse og velferd", "Velferdsteknologi i omsorg"), (saved.Goal, saved.Portfolio));
    }

    [Fact]
    public async Task A_principal_may_not_open_the_portfolio_and_project_forms()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await using var browser = await chromium.OpenAsync(app, "/ansatt/gevinster", Screen.Desktop, world.Principal);
        var page = browser.Page;
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ny portefølje" })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/ansatt/gevinster/portefoljer/ny", "/ansatt/gevinster/prosjekter/ny" })
        {
            var response = await page.GotoNamingWhatIsOpenAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(page.Locator("main form[method=post]")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task A_benefit_of_another_municipality_is_not_found()
    {
        var (admin, _) = await ArrangeAdministratorAsync();
        var (_, other) = await ArrangeAdministratorAsync();
        var theirs = await BenefitIdAsync(other, StaffTime);

        await using var browser = await chromium.OpenAsync(app, $"/ansatt/gevinster/{theirs}", Screen.Desktop, admin);
        Assert.Equal(404, browser.Response.Status);
        var edit = await browser.Page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/{theirs}/endre");
        Assert.Equal(404, edit!.Status);
        var theirPortfolio = await app.WithDbAsync(db => db.BenefitPortfolios.Where(x => x.MunicipalityId == other).Select(x => x.Id).SingleAsync());
        var theirProject = await app.WithDbAsync(db => db.BenefitProjects.Where(x => x.MunicipalityId == other).Select(x => x.Id).SingleAsync());
        Assert.Equal(404, (await browser.Page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/portefoljer/{theirPortfolio}"))!.Status);
        Assert.Equal(404, (await browser.Page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/prosjekter/{theirProject}"))!.Status);
    }

    [Fact]
    public async Task Administrator_binds_an_indicator_to_one_channel_and_a_series_the_metric_lacks_is_named_beside_its_field()
    {
        const string Legacy = "Færre henvendelser om fravær via telefon, e-post, SMS og lapper";
        const string OneChannel = "Én kanal i stedet for mange: foresatte melder fravær i Meldebok";
        var (admin, m) = await ArrangeAdministratorAsync();
        await using var browser = await chromium.OpenAsync(app, $"/ansatt/gevinster/{await BenefitIdAsync(m, OneChannel)}/endre", Screen.Desktop, admin);
        var page = browser.Page;

        // The digital share has only its total: choosing the phone channel is refused beside the series field.
        await page.GetByLabel("Serie av måltallet").SelectOptionAsync("phone");
        await page.GetByLabel("Begrunnelse for endringen").FillAsync("Prøver telefon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny revisjon" }).ClickAsync();
        await Expect(page.Locator("#metric-series-error")).ToContainTextAsync("har bare totalen");
        await Expect(page.GetByLabel("Serie av måltallet")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/{await BenefitIdAsync(m, Legacy)}/endre");
        await Expect(page.GetByLabel("Serie av måltallet")).ToHaveValueAsync("");
        await page.GetByLabel("Serie av måltallet").SelectOptionAsync("phone");
        await page.GetByLabel("Begrunnelse for endringen").FillAsync("Telefonen er den største kanalen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lagre ny revisjon" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Planen er endret. Endringen er lagret som en ny revisjon.");
        await Expect(page.Locator("dd").Filter(new() { HasTextString = "Måltall fra bruksstatistikken" })).ToContainTextAsync("Henvendelser via gamle kanaler – Telefon");
        var comparison = page.Locator("table.comparison-table");
        var series = comparison.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "Serie av måltallet" }) });
        await Expect(series.Locator("td").Nth(0)).ToHaveTextAsync("Totalen");
        await Expect(series.Locator("td").Nth(1)).ToHaveTextAsync("Telefon");
        await Expect(series.Locator("td").Nth(2)).ToHaveTextAsync("Endret");
        var legacyId = await BenefitIdAsync(m, Legacy);
        var stored = await app.WithDbAsync(db => db.BenefitRevisions.Where(r => r.BenefitId == legacyId).OrderByDescending(r => r.Number).Select(r => r.MetricSeries).FirstAsync());
        Assert.Equal("phone", stored);
    }
}
