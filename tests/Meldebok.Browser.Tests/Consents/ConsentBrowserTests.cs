using System.Text;
using Meldebok.Browser.Tests.Absence;
using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Meldebok.Browser.Tests.Consents;

/// <summary>
/// A split household through the pages: both guardians with parental responsibility answer a consent where all must agree
/// from the request's own page (where the notification e-mail leads), one yes and one no, and the contact teacher's status
/// page shows "Ikke samtykket" with both answers and offers the evidence export under the browser session.
/// </summary>
public sealed class ConsentBrowserTests(BrowserApp app, Chromium chromium) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_split_household_disagrees_where_all_must_agree_and_the_teacher_sees_not_consented_with_both_answers()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (requestId, secondNin) = await app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.Id == world.PupilId);
            var fiveA = await db.GroupMemberships.Where(m => m.PupilId == pupil.Id)
                .Join(db.Groups.Where(g => g.Kind == GroupKind.Class), m => m.GroupId, g => g.Id, (m, g) => g).SingleAsync();
            var teacher = await db.Staff.SingleAsync(s => s.MunicipalityId == pupil.MunicipalityId && s.GivenName == "Kari");
            var nin = TestIdentifiers.NextNationalIdentityNumber();
            var anne = new Guardian(pupil.MunicipalityId) { GivenName = "Anne", FamilyName = "Hansen", NationalIdentityNumber = nin };
            db.Guardians.Add(anne);
            db.GuardianLinks.Add(new GuardianLink(pupil.MunicipalityId) { GuardianId = anne.Id, PupilId = pupil.Id, ParentalResponsibility = true });
            var request = new ConsentRequest
            {
                MunicipalityId = pupil.MunicipalityId, SchoolId = pupil.SchoolId, CreatedByStaffId = teacher.Id, Title = "Tur til Trollheimen",
                Kind = ConsentKind.OneTime, EventDate = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime).AddDays(10),
                Rule = ConsentRule.AllWithParentalResponsibility, Deadline = MeldebokApp.DefaultNow.AddDays(7), TargetKind = BulkTargetKind.Groups,
                TargetIds = [fiveA.Id], CreatedAt = MeldebokApp.DefaultNow,
            };
            db.ConsentRequests.Add(request);
            db.ConsentRequestPupils.Add(new ConsentRequestPupil { RequestId = request.Id, PupilId = pupil.Id });
            await db.SaveChangesAsync();
            return (request.Id, nin);
        });
        var anneUser = await app.AccountAsync("Anne Hansen", nationalIdentityNumber: secondNin);

        await using (var perBrowser = await chromium.OpenAsync(app, $"/samtykker/{requestId}", Screen.Phone, world.Guardian))
        {
            var phone = perBrowser.Page;
            await Expect(phone.Locator("h2")).ToHaveTextAsync("Tur til Trollheimen");
            await phone.GetByRole(AriaRole.Button, new() { Name = "Ja, jeg samtykker" }).ClickAsync();
            await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Svaret er lagret.");
            Assert.Equal($"/samtykker/{requestId}", new Uri(phone.Url).AbsolutePath);
        }

        await using (var anneBrowser = await chromium.OpenAsync(app, $"/samtykker/{requestId}", Screen.Phone, anneUser))
        {
            var phone = anneBrowser.Page;
            await Expect(phone.Locator("body")).ToContainTextAsync("Per Hansen: Ja");
            await phone.GetByRole(AriaRole.Button, new() { Name = "Nei", Exact = true }).ClickAsync();
            await Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("Svaret er lagret.");
            await Expect(phone.Locator("h3")).ToHaveTextAsync("Emma Hansen: Ikke samtykket");
            await phone.AssertNoSeriousAccessibilityViolationsAsync();
        }

        await using var teacherBrowser = await chromium.OpenAsync(app, $"/ansatt/samtykker/{requestId}", Screen.Desktop, world.ContactTeacher);
        var desk = teacherBrowser.Page;
        var row = desk.GetByRole(AriaRole.Row).Filter(new() { HasText = "Emma Hansen" });
        await Expect(row.GetByRole(AriaRole.Cell).First).ToHaveTextAsync("Ikke samtykket");
        await Expect(row).ToContainTextAsync("Anne Hansen: Nei");
        await Expect(row).ToContainTextAsync("Per Hansen: Ja");
        await desk.AssertNoSeriousAccessibilityViolationsAsync();

        // The link is fetched as the browser would with the session (a real download leaves the page's test sign-in header behind).
        var href = await desk.GetByRole(AriaRole.Link, new() { Name = "Last ned dokumentasjon (CSV)" }).GetAttributeAsync("href");
        Assert.Equal($"/ansatt/samtykker/{requestId}/eksport", href);
        var csv = await desk.APIRequest.GetAsync(href!, new() { Headers = new Dictionary<string, string> { ["Authorization"] = world.ContactTeacher.Header().ToString() } });
        Assert.Equal(200, csv.Status);
        var lines = Encoding.UTF8.GetString(await csv.BodyAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Elev;Foresatt;Svar;Besvart;Innlogging", lines[0]);
        Assert.Equal(["\"Emma Hansen\";\"Anne Hansen\";\"Nei\"", "\"Emma Hansen\";\"Per Hansen\";\"Ja\""],
            lines.Skip(1).Select(l => string.Join(';', l.Split(';').Take(3))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_office_asks_an_SFO_unit_from_the_page_sees_only_its_pupils_and_closes_the_request_early_with_a_reason()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        await app.AddClassmateWithoutSfoAsync(world);
        await using var officeBrowser = await chromium.OpenAsync(app, "/ansatt/samtykker/ny", Screen.Desktop, world.Office);
        var desk = officeBrowser.Page;
        await Expect(desk.GetByLabel("Alle elevene på Nettvik skole")).ToBeVisibleAsync();
        await desk.AssertNoSeriousAccessibilityViolationsAsync();

        await desk.GetByLabel("Alle elevene i Nettvik SFO").CheckAsync();
        await desk.GetByLabel("Tittel").FillAsync("Aktivitetsdag i SFO");
        await desk.GetByLabel("Svarfrist").FillAsync("2026-09-14T12:00");
        await desk.GetByLabel("Dato for hendelsen (engangssamtykke)").FillAsync("2026-09-16");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Send forespørsel" }).ClickAsync();

        await Expect(desk.Locator("h1")).ToHaveTextAsync("Aktivitetsdag i SFO");
        await Expect(desk.Locator("#consent-counts")).ToHaveTextAsync("0 samtykket, 0 ikke samtykket, 1 venter");
        await Expect(desk.GetByRole(AriaRole.Row).Filter(new() { HasText = "Emma Hansen" })).ToBeVisibleAsync();
        await Expect(desk.GetByRole(AriaRole.Row).Filter(new() { HasText = "Jonas Berg" })).ToHaveCountAsync(0);

        // Emma's guardian has the request open on his phone while the office closes it: it shows as closed without reloading.
        await using var guardianBrowser = await chromium.OpenAsync(app, "/samtykker", Screen.Phone, world.Guardian);
        var phone = guardianBrowser.Page;
        await Expect(phone.Locator("html[data-live=connected]")).ToHaveCountAsync(1);
        await Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Ja, jeg samtykker" })).ToHaveCountAsync(1);

        await desk.GetByLabel("Begrunnelse").FillAsync("SFO er stengt den dagen.");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Avslutt forespørselen" }).ClickAsync();
        await Expect(desk.Locator("#consent-closed")).ToContainTextAsync("av Olav Kontor: SFO er stengt den dagen.");
        await Expect(phone.Locator("[data-live-region]")).ToContainTextAsync("SFO er stengt den dagen.");
        await Expect(phone.GetByRole(AriaRole.Button, new() { Name = "Ja, jeg samtykker" })).ToHaveCountAsync(0);
        await Expect(desk.GetByRole(AriaRole.Button, new() { Name = "Avslutt forespørselen" })).ToHaveCountAsync(0);
        await Expect(desk.GetByRole(AriaRole.Row).Filter(new() { HasText = "Emma Hansen" }).GetByRole(AriaRole.Cell).First).ToHaveTextAsync("Ikke samtykket");
        await desk.AssertNoSeriousAccessibilityViolationsAsync();
    }
}
