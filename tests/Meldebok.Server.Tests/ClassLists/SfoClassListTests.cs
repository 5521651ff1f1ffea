using System.Net;
using System.Text;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.ClassLists;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Sfo;
using Meldebok.Server.Tests.Web;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.ClassLists;

/// <summary>
/// The class list of an SFO unit as a whole: every child with a place at the unit today, for the staff who work the unit's
/// board; a protected pupil only where the caller reaches the pupil, with the contacts hidden from the office; the CSV export;
/// who gets 404 and 403; the page and its menu link.
/// </summary>
public sealed class SfoClassListTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string List(Guid unitId) => $"/api/v1/sfo-units/{unitId}/class-list";

    /// <summary>
    /// The SFO world with places from today for Emma (in the SFO group), Nora (class 5B only) and Sofie (strictly confidential,
    /// class 5A only), and a place from tomorrow for Jakob (in the SFO group).
    /// </summary>
    private async Task<SfoWorld> ArrangeAsync()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var today = app.Today();
        await world.EnrolAsync(world.PupilA, today);
        await world.EnrolAsync(world.PupilB, today);
        await world.EnrolAsync(world.Absence.Roster.ProtectedPupil, today);
        await world.EnrolAsync(world.SfoPupil, today.AddDays(1));
        return world;
    }

    [Fact]
    public async Task SFO_staff_see_every_child_with_a_place_today_but_not_a_protected_pupil_they_do_not_reach()
    {
        var world = await ArrangeAsync();

        var list = await world.SfoStaff.GetJsonAsync<SfoUnitClassListResponse>(List(world.UnitId));

        Assert.Equal(world.UnitId, list.SfoUnitId);
        Assert.Equal(app.Today(), list.Date);
        Assert.Equal(["Emma Hansen", "Nora Berg"], list.Pupils.Select(p => $"{p.GivenName} {p.FamilyName}"));
        var emma = list.Pupils.Single(p => p.GivenName == "Emma");
        Assert.False(emma.GuardianContactsHidden);
        Assert.Equal(["kari@example.no", "per@example.no"], emma.Guardians.Select(g => g.Email).Order(StringComparer.Ordinal));
        // Nora is in no group of the SFO worker, but she is a child of the unit: her guardian's contacts are on the list.
        Assert.Equal(["ola@example.no"], list.Pupils.Single(p => p.GivenName == "Nora").Guardians.Select(g => g.Email));
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(
            e => e.Action == AuditActions.PupilReadProtected && e.SubjectPupilId == world.Absence.Roster.ProtectedPupil, Ct)));
    }

    [Fact]
    public async Task The_office_sees_the_protected_pupil_marked_without_contacts_and_the_read_is_audited()
    {
        var world = await ArrangeAsync();

        var list = await world.Office.GetJsonAsync<SfoUnitClassListResponse>(List(world.UnitId));

        Assert.Equal(["Emma", "Nora", "Sofie"], list.Pupils.Select(p => p.GivenName));
        var sofie = list.Pupils.Single(p => p.GivenName == "Sofie");
        Assert.True(sofie.HasProtectedAddress);
        Assert.True(sofie.GuardianContactsHidden);
        Assert.Empty(sofie.Guardians);
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(
            e => e.Action == AuditActions.PupilReadProtected && e.SubjectPupilId == world.Absence.Roster.ProtectedPupil, Ct)));
    }

    [Fact]
    public async Task The_csv_export_has_the_group_exports_columns_and_is_audited_for_the_unit()
    {
        var world = await ArrangeAsync();

        var response = await world.SfoStaff.GetAsync($"{List(world.UnitId)}/export.csv", Ct);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(';').Select(field => field.Trim('"')).ToArray()).ToList();
        var birth = RosterTestData.PupilBirthDate.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["Fornavn", "Etternavn", "Fødselsdato", "Fotosamtykke", "Foresatte"], rows[0]);
        Assert.Equal(
        [
            ["Emma", "Hansen", birth, "Ikke spurt", "Kari Hansen, kari@example.no / Per Hansen, per@example.no"],
            ["Nora", "Berg", birth, "Ikke spurt", "Ola Berg, ola@example.no"],
        ], rows.Skip(1));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(
            e => e.Action == AuditActions.ExportClassList && e.ObjectType == AuditObjects.SfoUnit && e.ObjectId == world.UnitId, Ct)));
    }

    [Fact]
    public async Task Staff_of_another_unit_and_a_teacher_without_the_unit_get_404_and_a_guardian_403()
    {
        var world = await ArrangeAsync();
        var roster = world.Absence.Roster;
        var otherUnit = await roster.Admin.Client.CreateSfoUnitAsync(world.SchoolId, "Nordre SFO");
        var otherGroup = await app.ArrangeGroupAsync(roster.Admin.MunicipalityId, world.SchoolId, "SFO 3–4", GroupKind.SfoGroup);
        await app.WithDbAsync(async db =>
        {
            (await db.Groups.SingleAsync(g => g.Id == otherGroup, Ct)).SfoUnitId = otherUnit.Id;
            return await db.SaveChangesAsync(Ct);
        });
        var (otherStaff, _, _) = await app.StaffClientAsync(roster.Admin, world.SchoolId, StaffRole.SfoStaff, otherGroup);

        foreach (var outsider in new[] { otherStaff, world.Teacher })
        {
            await (await outsider.GetAsync(List(world.UnitId), Ct)).ProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.GetAsync($"{List(world.UnitId)}/export.csv", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        }

        await (await world.GuardianA.GetAsync(List(world.UnitId), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await otherStaff.GetJsonAsync<SfoUnitClassListResponse>(List(otherUnit.Id))).Pupils);
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.ExportClassList && e.ObjectId == world.UnitId, Ct)));
    }

    [Fact]
    public async Task The_page_lists_the_unit_with_the_download_and_print_links_and_the_print_page_shows_the_same()
    {
        var world = await ArrangeAsync();
        var (_, accountId, _) = await app.StaffClientAsync(world.Absence.Roster.Admin, world.SchoolId, StaffRole.SfoLeader, world.Absence.Roster.SfoGroup);
        var pages = app.BrowserLikeClient(TestUser.Account(accountId));

        var (status, html) = await pages.GetPageAsync("/ansatt/klasselister/sfo");
        var (printStatus, print) = await pages.GetPageAsync($"/ansatt/klasselister/sfo/{world.UnitId}/utskrift");
        var (_, teacherPage) = await app.BrowserLikeClient(TestUser.Account(await TeacherAccountAsync(world))).GetPageAsync("/ansatt/klasselister/sfo");

        Assert.Equal(200, status);
        Assert.Contains("Emma Hansen", html, StringComparison.Ordinal);
        Assert.Contains("Nora Berg", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/ansatt/klasselister/sfo/{world.UnitId}/eksport\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/ansatt/klasselister/sfo/{world.UnitId}/utskrift\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/ansatt/klasselister/sfo\"", WebPageClient.MainMenu(html), StringComparison.Ordinal);
        Assert.Equal(200, printStatus);
        Assert.Contains("Nora Berg", print, StringComparison.Ordinal);
        Assert.Contains("Du jobber ikke på noen SFO.", teacherPage, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/ansatt/klasselister/sfo\"", WebPageClient.MainMenu(teacherPage), StringComparison.Ordinal);
    }

    private async Task<Guid> TeacherAccountAsync(SfoWorld world)
    {
        var (_, accountId, _) = await app.StaffClientAsync(world.Absence.Roster.Admin, world.SchoolId, StaffRole.ContactTeacher, world.ClassA);
        return accountId;
    }
}
