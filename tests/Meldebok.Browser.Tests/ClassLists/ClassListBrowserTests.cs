using System.Text;
using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.ClassLists;

/// <summary>
/// The class-list pages walked as their users do: a guardian reads the child's groups, the contact teacher opens the group's
/// list from the menu, downloads it as CSV and opens the printable page; and a guardian's open list shows a classmate's
/// guardian who starts sharing contacts, without reloading. Every page passes axe.
/// </summary>
public sealed class ClassListBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    /// <summary>Emma (5A and SFO) with her guardian Per, who has an e-mail address, and her classmate Jonas with his guardian Lise.</summary>
    private async Task<(AbsenceBrowserWorld World, TestUser Lise, Guid FiveA)> ArrangeAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await app.AddClassmateWithoutSfoAsync(world);
        var liseNin = await app.WithDbAsync(async db =>
        {
            var emma = await db.Pupils.SingleAsync(p => p.Id == world.PupilId);
            await db.Guardians.Where(g => g.MunicipalityId == emma.MunicipalityId && g.GivenName == "Per")
                .ExecuteUpdateAsync(set => set.SetProperty(g => g.Email, "per@example.no"));
            return await db.Guardians.Where(g => g.MunicipalityId == emma.MunicipalityId && g.GivenName == "Lise").Select(g => g.NationalIdentityNumber).SingleAsync();
        });
        return (world, await app.AccountAsync("Lise Berg", nationalIdentityNumber: liseNin), await app.ClassOfAsync(world.PupilId));
    }

    [Fact]
    public async Task A_guardian_reads_the_childs_lists_and_the_contact_teacher_opens_downloads_and_prints_the_groups_list()
    {
        var (world, _, fiveA) = await ArrangeAsync();

        await using (var guardian = await chromium.OpenAsync(app, "/", Screen.Phone, world.Guardian))
        {
            var phone = guardian.Page;
            await phone.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Klasseliste", Exact = true }).PressAsync("Enter");
            await Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Emma Hansen");
            var classList = phone.GetByRole(AriaRole.Region, new() { Name = "Klasse 5A" });
            await Expect(classList.Locator("ul.class-list > li")).ToHaveTextAsync(["Emma Hansen", "Jonas Berg"]);
            await Expect(phone.GetByRole(AriaRole.Region, new() { Name = "SFO-gruppe SFO" }).Locator("ul.class-list > li")).ToHaveTextAsync(["Emma Hansen"]);
            await phone.AssertNoSeriousAccessibilityViolationsAsync();
        }

        await using var teacher = await chromium.OpenAsync(app, "/", Screen.Desktop, world.ContactTeacher);
        var desk = teacher.Page;
        await desk.GetByRole(AriaRole.Navigation, new() { Name = "Hovedmeny" }).GetByRole(AriaRole.Link, new() { Name = "Klasselister", Exact = true }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Klasselister");
        await Expect(desk.Locator("table.class-table tbody th")).ToHaveTextAsync(["Emma Hansen", "Jonas Berg"]);
        await Expect(desk.Locator("table.class-table tbody tr").First).ToContainTextAsync("Per Hansen · per@example.no");
        await desk.AssertNoSeriousAccessibilityViolationsAsync();

        // The download is fetched as the browser would with the session (a real download leaves the test sign-in header behind).
        var href = await desk.GetByRole(AriaRole.Link, new() { Name = "Last ned som CSV" }).GetAttributeAsync("href");
        Assert.Equal($"/ansatt/klasselister/{fiveA}/eksport", href);
        var csv = await desk.APIRequest.GetAsync(href!, new() { Headers = new Dictionary<string, string> { ["Authorization"] = world.ContactTeacher.Header().ToString() } });
        Assert.Equal(200, csv.Status);
        var lines = Encoding.UTF8.GetString(await csv.BodyAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Fornavn;Etternavn;Fødselsdato;Fotosamtykke;Foresatte", lines[0]);
        Assert.Equal(["\"Emma\";\"Hansen\"", "\"Jonas\";\"Berg\""], lines.Skip(1).Select(l => string.Join(';', l.Split(';').Take(2))));

        await desk.GetByRole(AriaRole.Link, new() { Name = "Skriv ut" }).ClickAsync();
        Assert.Equal($"/ansatt/klasselister/{fiveA}/utskrift", new Uri(desk.Url).AbsolutePath);
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Klasseliste 5A, Nettvik skole");
        await Expect(desk.Locator("table.class-table tbody th")).ToHaveTextAsync(["Emma Hansen", "Jonas Berg"]);
        await desk.AssertNoSeriousAccessibilityViolationsAsync();
        await desk.GetByRole(AriaRole.Link, new() { Name = "Tilbake til klasselistene" }).ClickAsync();
        await Expect(desk.Locator("#group")).ToHaveValueAsync(fiveA.ToString());
    }

    [Fact]
    public async Task An_open_class_list_shows_a_guardian_who_starts_sharing_contacts_without_reloading()
    {
        var (world, lise, fiveA) = await ArrangeAsync();
        var requestId = await app.WithDbAsync(async db =>
        {
            var emma = await db.Pupils.SingleAsync(p => p.Id == world.PupilId);
            var teacher = await db.Staff.SingleAsync(s => s.MunicipalityId == emma.MunicipalityId && s.GivenName == "Kari");
            var today = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime);
            var request = new ConsentRequest
            {
                MunicipalityId = emma.MunicipalityId, SchoolId = emma.SchoolId, CreatedByStaffId = teacher.Id, Title = "Kontaktinformasjon i klasselisten",
                Kind = ConsentKind.Standing, Purpose = ConsentPurpose.ContactSharing, ValidFrom = today.AddDays(-1), ValidUntil = today.AddDays(300),
                Rule = ConsentRule.AnyGuardian, Deadline = MeldebokApp.DefaultNow.AddDays(7), TargetKind = BulkTargetKind.Groups, TargetIds = [fiveA],
                CreatedAt = MeldebokApp.DefaultNow,
            };
            db.ConsentRequests.Add(request);
            db.ConsentRequestPupils.Add(new ConsentRequestPupil { RequestId = request.Id, PupilId = emma.Id });
            await db.SaveChangesAsync();
            return request.Id;
        });
        await using var browser = await chromium.OpenAsync(app, "/klasseliste", Screen.Phone, lise);
        var page = browser.Page;
        await Expect(page.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        var emma = page.GetByRole(AriaRole.Region, new() { Name = "Klasse 5A" }).Locator("ul.class-list > li", new() { HasText = "Emma Hansen" });
        await Expect(emma.Locator(".contacts")).ToHaveCountAsync(0);

        // Per gives his consent through the API, as the phone app would.
        var answer = await page.APIRequest.PostAsync($"/api/v1/consents/{requestId}/answers", new()
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = world.Guardian.Header().ToString() },
            DataObject = new { pupilId = world.PupilId, answer = "Yes" },
        });
        Assert.Equal(201, answer.Status);

        await Expect(emma.Locator(".contacts li")).ToHaveTextAsync("Per Hansen · per@example.no");
        await Expect(emma.GetByRole(AriaRole.Link, new() { Name = "per@example.no" })).ToHaveAttributeAsync("href", "mailto:per@example.no");
        await page.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
