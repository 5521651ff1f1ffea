using System.Net;
using System.Text;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.ClassLists;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Pupils;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.ClassLists;

/// <summary>
/// Class lists over HTTP: what a guardian sees of the child's groups (names, never a protected pupil, contacts only of
/// guardians who consent to share them, gone at once on withdrawal), the staff list with photo consent and contacts as
/// access allows, the CSV export parsed back, and who reaches which list.
/// </summary>
public sealed class ClassListTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Requests = "/api/v1/consent-requests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The absence world (5A: Emma Hansen with guardians Kari and Per, and Sofie Dahl at a strictly confidential address; Emma also in
    /// the SFO group) plus, in 5A, Ada Aas with her guardian Siv and Lea Lund at a confidential address; the contact teacher of 5A.
    /// </summary>
    private sealed record ClassWorld(AbsenceWorld Absence, Guid Ada, Guid Siv, Guid Lea, HttpClient TeacherA)
    {
        public Guid Emma => Absence.PupilA;
        public Guid ClassA => Absence.Roster.ClassA;
        public HttpClient Kari => Absence.GuardianA;
        public HttpClient Per => Absence.SecondGuardian;
    }

    private async Task<ClassWorld> ArrangeAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var admin = world.Admin;
        var ada = await admin.CreatePupilAsync(RosterTestData.Pupil(world.SchoolId, "Ada", "Aas") with { GroupIds = [world.Roster.ClassA] });
        var lea = await admin.CreatePupilAsync(RosterTestData.Pupil(world.SchoolId, "Lea", "Lund") with
        {
            GroupIds = [world.Roster.ClassA], ProtectedAddress = ProtectedAddressLevel.Confidential,
        });
        var siv = await admin.CreateGuardianAsync(RosterTestData.Guardian("Siv", "Aas", "siv@example.no"));
        await admin.LinkAsync(siv.Id, ada.Id);
        var (teacher, _, _) = await app.StaffClientAsync(admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        return new ClassWorld(world, ada.Id, siv.Id, lea.Id, teacher);
    }

    private ConsentRequestCreate Standing(Guid classId, ConsentPurpose purpose, ConsentRule rule = ConsentRule.AnyGuardian) => new(
        new BulkTarget(BulkTargetKind.Groups, [classId]), purpose == ConsentPurpose.PhotoPublication ? "Bilder på nettsiden" : "Kontaktinformasjon i klasselisten",
        null, ConsentKind.Standing, rule, app.Time.GetUtcNow().AddDays(5), ValidFrom: app.Today(), ValidUntil: app.Today().AddDays(300), Purpose: purpose);

    private static async Task<ConsentRequestResponse> CreateAsync(HttpClient staff, ConsentRequestCreate request) =>
        await (await staff.PostJsonAsync(Requests, request)).ReadAsync<ConsentRequestResponse>(HttpStatusCode.Created);

    private static async Task AnswerAsync(HttpClient guardian, Guid requestId, Guid pupilId, ConsentChoice choice) =>
        await (await guardian.PostJsonAsync($"/api/v1/consents/{requestId}/answers", new ConsentAnswerRequest(pupilId, choice)))
            .ReadAsync<GuardianConsentResponse>(HttpStatusCode.Created);

    private static Task<GuardianClassListsResponse> GuardianListsAsync(HttpClient guardian, Guid pupilId) =>
        guardian.GetJsonAsync<GuardianClassListsResponse>($"/api/v1/pupils/{pupilId}/class-lists");

    private static Task<StaffClassListResponse> StaffListAsync(HttpClient staff, Guid groupId) =>
        staff.GetJsonAsync<StaffClassListResponse>($"/api/v1/groups/{groupId}/class-list");

    [Fact]
    public async Task A_guardian_sees_the_names_in_each_of_the_childs_groups_and_never_a_pupil_with_a_protected_address()
    {
        var world = await ArrangeAsync();

        var response = await world.Kari.GetAsync($"/api/v1/pupils/{world.Emma}/class-lists", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var lists = await GuardianListsAsync(world.Kari, world.Emma);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Emma Hansen", lists.PupilName);
        Assert.Equal([("5A", GroupKind.Class), ("SFO 1–2", GroupKind.SfoGroup)], lists.Groups.Select(g => (g.Name, g.Kind)));
        var fiveA = lists.Groups[0];
        // Both protected pupils (strictly confidential and confidential) are absent — not named, not counted.
        Assert.Equal(["Ada Aas", "Emma Hansen"], fiveA.Pupils.Select(p => p.GivenName + " " + p.FamilyName));
        Assert.Equal(["Emma Hansen", "Jakob Lie"], lists.Groups[1].Pupils.Select(p => p.GivenName + " " + p.FamilyName));
        Assert.All(lists.Groups.SelectMany(g => g.Pupils), p => Assert.Empty(p.Guardians));
        foreach (var hidden in new[] { "Sofie", "Dahl", "Lea", "Lund", world.Lea.ToString(), world.Absence.Roster.ProtectedPupil.ToString() })
        {
            Assert.DoesNotContain(hidden, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Contacts_show_only_for_guardians_who_consented_and_a_withdrawal_removes_them_at_once()
    {
        var world = await ArrangeAsync();
        var sharing = await CreateAsync(world.TeacherA, Standing(world.ClassA, ConsentPurpose.ContactSharing));
        var general = await CreateAsync(world.TeacherA, Standing(world.ClassA, ConsentPurpose.General));
        await AnswerAsync(world.Kari, sharing.Id, world.Emma, ConsentChoice.Yes);
        await AnswerAsync(world.Per, sharing.Id, world.Emma, ConsentChoice.No);
        // A yes to a consent of another purpose shares nothing.
        await AnswerAsync(await app.GuardianClientAsync(world.Siv), general.Id, world.Ada, ConsentChoice.Yes);

        var emma = Entry(await GuardianListsAsync(world.Per, world.Emma), "Emma");
        var ada = Entry(await GuardianListsAsync(world.Per, world.Emma), "Ada");

        Assert.Equal([new SharedGuardianContact("Kari Hansen", "kari@example.no", null)], emma.Guardians);
        Assert.Empty(ada.Guardians);
        Assert.Equal(ConsentPurpose.ContactSharing, sharing.Purpose);

        await AnswerAsync(world.Kari, sharing.Id, world.Emma, ConsentChoice.Withdrawn);

        Assert.Empty(Entry(await GuardianListsAsync(world.Per, world.Emma), "Emma").Guardians);
        Assert.Empty(Entry(await GuardianListsAsync(world.Kari, world.Emma), "Emma").Guardians);
    }

    [Fact]
    public async Task A_guardian_with_a_right_to_information_sees_the_lists_and_other_families_and_blocked_guardians_get_404()
    {
        var world = await ArrangeAsync();
        var informed = await app.GuardianClientAsync(await MessageTests.GuardianWithLinkAsync(world.Absence, "Ina", responsibility: false, information: true, blocked: false));
        var blocked = await app.GuardianClientAsync(await MessageTests.GuardianWithLinkAsync(world.Absence, "Bjørn", responsibility: true, information: false, blocked: true));

        Assert.Equal(2, (await GuardianListsAsync(informed, world.Emma)).Groups.Count);
        foreach (var outsider in new[] { blocked, world.Absence.GuardianB })
        {
            await (await outsider.GetAsync($"/api/v1/pupils/{world.Emma}/class-lists", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        }

        await (await world.Kari.GetAsync($"/api/v1/groups/{world.ClassA}/class-list", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.TeacherA.GetAsync($"/api/v1/pupils/{world.Emma}/class-lists", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Staff_see_every_pupil_they_reach_with_birth_date_photo_consent_by_the_rule_and_contacts_as_access_allows()
    {
        var world = await ArrangeAsync();
        var photos = await CreateAsync(world.TeacherA, Standing(world.ClassA, ConsentPurpose.PhotoPublication, ConsentRule.AllWithParentalResponsibility));

        var before = await StaffListAsync(world.TeacherA, world.ClassA);
        Assert.Equal(["Ada", "Emma", "Lea", "Sofie"], before.Pupils.Select(p => p.GivenName));
        Assert.Equal([PhotoConsentState.Pending, PhotoConsentState.Pending, PhotoConsentState.None, PhotoConsentState.None], before.Pupils.Select(p => p.PhotoConsent));

        await AnswerAsync(world.Kari, photos.Id, world.Emma, ConsentChoice.Yes);
        await AnswerAsync(world.Per, photos.Id, world.Emma, ConsentChoice.No);
        var siv = await app.GuardianClientAsync(world.Siv);
        await AnswerAsync(siv, photos.Id, world.Ada, ConsentChoice.Yes);
        var list = await StaffListAsync(world.TeacherA, world.ClassA);

        Assert.Equal(("5A", GroupKind.Class), (list.Name, list.Kind));
        Assert.Equal([PhotoConsentState.Given, PhotoConsentState.Refused, PhotoConsentState.None, PhotoConsentState.None], list.Pupils.Select(p => p.PhotoConsent));
        Assert.Equal([false, false, true, true], list.Pupils.Select(p => p.HasProtectedAddress));
        Assert.Equal(RosterTestData.PupilBirthDate, list.Pupils[0].BirthDate);
        var emma = list.Pupils[1];
        Assert.Equal([("Kari", "kari@example.no"), ("Per", "per@example.no")], emma.Guardians.Select(g => (g.GivenName, g.Email)));
        // The teacher is assigned to 5A, so also a protected pupil's guardians' contacts are shown (none are registered here).
        Assert.All(list.Pupils, p => Assert.False(p.GuardianContactsHidden));

        // The office reaches the protected pupils, but not their guardians' contacts; each protected read is audited.
        var (office, _, _) = await app.StaffClientAsync(world.Absence.Admin, world.Absence.SchoolId, StaffRole.Office);
        var officeList = await StaffListAsync(office, world.ClassA);
        Assert.Equal([false, false, true, true], officeList.Pupils.Select(p => p.GuardianContactsHidden));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.PupilReadProtected && e.SubjectPupilId == world.Lea, Ct)));

        // The staff view of the pupil carries the photo consent; a guardian's view of the pupil does not.
        Assert.Equal(PhotoConsentState.Refused, (await world.TeacherA.GetJsonAsync<ReachablePupilResponse>($"/api/v1/pupils/{world.Emma}")).PhotoConsent);
        Assert.Null((await world.Kari.GetJsonAsync<ReachablePupilResponse>($"/api/v1/pupils/{world.Emma}")).PhotoConsent);

        // A withdrawal changes the state at once.
        await AnswerAsync(siv, photos.Id, world.Ada, ConsentChoice.Withdrawn);
        Assert.Equal(PhotoConsentState.Refused, (await StaffListAsync(world.TeacherA, world.ClassA)).Pupils[0].PhotoConsent);
    }

    [Fact]
    public async Task The_csv_export_parses_back_with_the_staff_list_and_is_audited()
    {
        var world = await ArrangeAsync();
        var photos = await CreateAsync(world.TeacherA, Standing(world.ClassA, ConsentPurpose.PhotoPublication));
        await AnswerAsync(world.Kari, photos.Id, world.Emma, ConsentChoice.Yes);

        var response = await world.TeacherA.GetAsync($"/api/v1/groups/{world.ClassA}/class-list/export.csv", Ct);
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
            ["Ada", "Aas", birth, "Venter på svar", "Siv Aas, siv@example.no"],
            ["Emma", "Hansen", birth, "Samtykket", "Kari Hansen, kari@example.no / Per Hansen, per@example.no"],
            ["Lea", "Lund", birth, "Ikke spurt", ""],
            ["Sofie", "Dahl", birth, "Ikke spurt", ""],
        ], rows.Skip(1));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.ExportClassList && e.ObjectId == world.ClassA, Ct)));
    }

    [Fact]
    public async Task Staff_outside_the_group_or_the_school_get_404_and_sfo_staff_open_their_sfo_group()
    {
        var world = await ArrangeAsync();
        var admin = world.Absence.Admin;
        var (teacherB, _, _) = await app.StaffClientAsync(admin, world.Absence.SchoolId, StaffRole.Teacher, world.Absence.Roster.ClassB);
        var otherSchool = await admin.CreateSchoolAsync("Nordre skole");
        var (otherOffice, _, _) = await app.StaffClientAsync(admin, otherSchool, StaffRole.Office);
        var (sfoStaff, _, _) = await app.StaffClientAsync(admin, world.Absence.SchoolId, StaffRole.SfoStaff, world.Absence.Roster.SfoGroup);

        foreach (var outsider in new[] { teacherB, otherOffice, sfoStaff })
        {
            await (await outsider.GetAsync($"/api/v1/groups/{world.ClassA}/class-list", Ct)).ProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.GetAsync($"/api/v1/groups/{world.ClassA}/class-list/export.csv", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(["Emma", "Jakob"], (await StaffListAsync(sfoStaff, world.Absence.Roster.SfoGroup)).Pupils.Select(p => p.GivenName));
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.ExportClassList && e.ObjectId == world.ClassA, Ct)));
    }

    private static ClassListEntry Entry(GuardianClassListsResponse lists, string givenName) =>
        lists.Groups.Single(g => g.Kind == GroupKind.Class).Pupils.Single(p => p.GivenName == givenName);
}
