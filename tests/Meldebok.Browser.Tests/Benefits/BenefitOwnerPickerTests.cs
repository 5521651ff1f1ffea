using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Benefits;

/// <summary>
/// The benefit owner chosen in the plan form: the administrator searches the municipality's staff by name, picks the contact
/// teacher and saves a revision; the benefit page names the owner, and the teacher, who could not read the plans before, now
/// opens the benefit and gets the forms for measurements and extractions.
/// </summary>
public sealed class BenefitOwnerPickerTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    private const string StaffTime = "Mindre tid for ansatte til å ta imot og føre fravær";

    [Fact]
    public async Task Administrator_picks_the_contact_teacher_as_owner_in_the_plan_form_and_the_teacher_then_sees_the_measurement_forms()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var m = await app.WithDbAsync(async db =>
        {
            var m = await db.Pupils.Where(p => p.Id == world.PupilId).Select(p => p.MunicipalityId).SingleAsync();
            DemoBenefitPlan.Add(db, m, MeldebokApp.DefaultNow);
            // Neither a former employee nor another municipality's staff is offered.
            var former = new Staff(m) { GivenName = "Tidligere", FamilyName = "Larsen" };
            former.Deactivate(MeldebokApp.DefaultNow);
            var elsewhere = new Municipality { Name = "Annenby kommune", OrganisationNumber = TestIdentifiers.NextOrganisationNumber() };
            db.AddRange(former, elsewhere, new Staff(elsewhere.Id) { GivenName = "Fremmed", FamilyName = "Larsen" });
            await db.SaveChangesAsync();
            return m;
        });
        var staffTime = await app.WithDbAsync(db => db.Benefits.Where(b => b.MunicipalityId == m && b.Description == StaffTime).Select(b => b.Id).SingleAsync());
        var measurementForm = new PageGetByRoleOptions { Name = "Registrer en måling" };

        // Before: the contact teacher owns nothing and gets no forms.
        await using (var before = await chromium.OpenAsync(app, $"/ansatt/gevinster/{staffTime}", Screen.Desktop, world.ContactTeacher))
        {
            await Expect(before.Page.GetByRole(AriaRole.Heading, measurementForm)).ToHaveCountAsync(0);
        }

        var admin = TestUser.MunicipalityAdmin(m) with { Name = "Anne Administrator" };
        await using var browser = await chromium.OpenAsync(app, $"/ansatt/gevinster/{staffTime}/endre", Screen.Desktop, admin);
        var page = browser.Page;
        var owner = page.GetByLabel("Gevinsteier i personalregisteret");
        await Expect(owner.Locator("option:checked")).ToHaveTextAsync("Ingen valgt");
        await Expect(owner.Locator("option")).ToHaveTextAsync(["Ingen valgt", "Olav Kontor", "Kari Larsen", "Randi Rektor"]);
        await Expect(page.GetByText("3 ansatte å velge mellom.")).ToBeVisibleAsync();

        // The search narrows the list by name, keeps what was typed, and saves nothing — by Enter in the search field too.
        await page.GetByLabel("Begrunnelse for endringen").FillAsync("Kontaktlæreren følger opp fraværsføringen");
        await page.GetByLabel("Søk etter ansatt").FillAsync("rekt");
        await page.GetByLabel("Søk etter ansatt").PressAsync("Enter");
        await Expect(owner.Locator("option")).ToHaveTextAsync(["Ingen valgt", "Randi Rektor"]);
        await Expect(page.GetByText("Planen er endret.")).ToHaveCountAsync(0);
        await page.GetByLabel("Søk etter ansatt").FillAsync("lars");
        await page.GetByRole(AriaRole.Button, new() { Name = "Søk", Exact = true }).ClickAsync();
        await Expect(owner.Locator("option")).ToHaveTextAsync(["Ingen valgt", "Kari Larsen"]);
        await Expect(page.GetByText("1 ansatt å velge mellom.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Begrunnelse for endringen")).ToHaveValueAsync("Kontaktlæreren følger opp fraværsføringen");
        await page.AssertNoSeriousAccessibilityViolationsAsync();

        // Enter in another field of the form saves the revision (the form's default button), not the owner search.
        await owner.SelectOptionAsync(new SelectOptionValue { Label = "Kari Larsen" });
        await page.GetByLabel("Gevinsteier", new() { Exact = true }).PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Planen er endret.");
        await Expect(page.Locator("#owner-person")).ToHaveTextAsync("Kari Larsen");
        // Saved through the service as the API's revision: revision 2 names her staff record.
        var (revision, ownerStaffId, teacherStaffId) = await app.WithDbAsync(async db =>
        {
            var current = await db.Benefits.Where(b => b.Id == staffTime).Select(b => b.CurrentRevision).SingleAsync();
            var ownerId = await db.BenefitRevisions.Where(r => r.BenefitId == staffTime && r.Number == current).Select(r => r.OwnerStaffId).SingleAsync();
            var teacherId = await db.Staff.Where(s => s.MunicipalityId == m && s.GivenName == "Kari" && s.FamilyName == "Larsen").Select(s => s.Id).SingleAsync();
            return (current, ownerId, teacherId);
        });
        Assert.Equal((2, (Guid?)teacherStaffId), (revision, ownerStaffId));

        // Opened again, the form starts from the owner; on a phone it fits and passes axe.
        await page.GotoNamingWhatIsOpenAsync($"/ansatt/gevinster/{staffTime}/endre");
        await Expect(owner.Locator("option:checked")).ToHaveTextAsync("Kari Larsen");
        await using (var phone = await chromium.OpenAsync(app, $"/ansatt/gevinster/{staffTime}/endre", Screen.Phone, admin))
        {
            await Expect(phone.Page.GetByLabel("Gevinsteier i personalregisteret").Locator("option:checked")).ToHaveTextAsync("Kari Larsen");
            await phone.Page.AssertNoSeriousAccessibilityViolationsAsync();
            await phone.Page.AssertFitsTheScreenAsync();
        }

        // The owner signs in: the benefit with the forms to record its measurements and extractions, and no plan editing.
        await using var ownerBrowser = await chromium.OpenAsync(app, $"/ansatt/gevinster/{staffTime}", Screen.Phone, world.ContactTeacher);
        var ownerPage = ownerBrowser.Page;
        await Expect(ownerPage.Locator("h1")).ToHaveTextAsync(StaffTime);
        await Expect(ownerPage.GetByRole(AriaRole.Heading, measurementForm)).ToBeVisibleAsync();
        await Expect(ownerPage.GetByRole(AriaRole.Heading, new() { Name = "Registrer et gevinstuttak" })).ToBeVisibleAsync();
        await Expect(ownerPage.GetByRole(AriaRole.Link, new() { Name = "Endre gevinsten" })).ToHaveCountAsync(0);
        await ownerPage.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
