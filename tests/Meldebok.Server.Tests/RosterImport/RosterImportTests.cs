using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.RosterImport;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.RosterImport;

public sealed class RosterImportTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Url = "/api/v1/admin/roster-imports";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Valid_set_imports_with_exact_counts_and_the_schools_are_listed_by_the_admin_api()
    {
        var (client, _) = await AdminAsync();
        var files = RosterFiles.Valid();

        var result = await ImportAsync(client, files);

        Assert.Equal("full", result.Mode);
        Assert.False(result.DryRun);
        Assert.Equal(new RosterRecordCounts(2, 0, 0, 0), result.Schools);
        Assert.Equal(new RosterRecordCounts(1, 0, 0, 0), result.SfoUnits);
        Assert.Equal(new RosterRecordCounts(4, 0, 0, 0), result.Groups);
        Assert.Equal(new RosterRecordCounts(3, 0, 0, 0), result.Pupils);
        Assert.Equal(new RosterRecordCounts(4, 0, 0, 0), result.Guardians);
        Assert.Equal(new RosterRecordCounts(5, 0, 0, 0), result.GuardianLinks);
        Assert.Equal(new RosterRecordCounts(3, 0, 0, 0), result.Staff);
        Assert.Equal(new RosterRecordCounts(4, 0, 0, 0), result.StaffAssignments);
        Assert.Equal(new RosterRelationCounts(4, 0, 0), result.GroupMemberships);
        Assert.Equal(new RosterRelationCounts(3, 0, 0), result.StaffAssignmentGroups);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("orgs.csv", 4, "identifier"), (warning.File, warning.Line, warning.Field));

        var schools = await client.GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools", Ct);
        Assert.Equal(["Byåsen skole", "Lianvatnet skole"], schools!.Items.Select(s => s.Name));
        Assert.Equal([files.Id("s2"), files.Id("s1")], schools.Items.Select(s => s.SourcedId));
        Assert.Equal(files.Get("orgs.csv", "s1", "identifier"), schools.Items[1].OrganisationNumber);
    }

    [Fact]
    public async Task Imported_records_carry_the_values_of_the_files()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);

        await app.WithDbAsync(async db =>
        {
            var pupils = await db.Pupils.Where(p => p.MunicipalityId == municipality).ToDictionaryAsync(p => p.SourcedId!, Ct);
            var p1 = pupils[files.Id("p1")];
            Assert.Equal(("Kari Marie", "Nordmann"), (p1.GivenName, p1.FamilyName));
            Assert.Equal(new DateOnly(2019, 3, 14), p1.BirthDate);
            Assert.Equal(files.NationalIdentityNumbers["p1"], p1.NationalIdentityNumber);
            var p3 = pupils[files.Id("p3")];
            Assert.Equal(new DateOnly(2016, 5, 4), p3.BirthDate);
            Assert.Null(p3.NationalIdentityNumber);
            Assert.Equal(ProtectedAddressLevel.StrictlyConfidential, p3.ProtectedAddress);
            Assert.Equal(ProtectedAddressLevel.None, p1.ProtectedAddress);
            var schools = await db.Schools.Where(s => s.MunicipalityId == municipality).ToDictionaryAsync(s => s.SourcedId!, Ct);
            Assert.Equal(schools[files.Id("s2")].Id, p3.SchoolId);

            var guardians = await db.Guardians.Where(g => g.MunicipalityId == municipality).ToDictionaryAsync(g => g.SourcedId!, Ct);
            Assert.Equal(("+4791234567", "anne.nordmann@example.no"), (guardians[files.Id("g1")].Mobile, guardians[files.Id("g1")].Email));
            Assert.Equal("+4798765432", guardians[files.Id("g2")].Mobile);
            Assert.Equal("+4741234567", guardians[files.Id("g3")].Mobile);
            Assert.Equal(files.NationalIdentityNumbers["g1"], guardians[files.Id("g1")].NationalIdentityNumber);

            var links = await db.GuardianLinks.Where(l => l.MunicipalityId == municipality).ToListAsync(Ct);
            var parentLink = links.Single(l => l.GuardianId == guardians[files.Id("g1")].Id && l.PupilId == p1.Id);
            Assert.True(parentLink is { ParentalResponsibility: true, DailyCare: true, RightToInformation: true, Blocked: false });
            var relativeLink = links.Single(l => l.GuardianId == guardians[files.Id("r1")].Id);
            Assert.True(relativeLink is { ParentalResponsibility: false, DailyCare: false, RightToInformation: true, Blocked: false });
            Assert.Equal(pupils[files.Id("p2")].Id, relativeLink.PupilId);
            Assert.Equal(2, links.Count(l => l.GuardianId == guardians[files.Id("g3")].Id));

            var groups = await db.Groups.Where(g => g.MunicipalityId == municipality).ToDictionaryAsync(g => g.SourcedId!, Ct);
            Assert.Equal((GroupKind.Class, 1, 2026), (groups[files.Id("c1")].Kind, groups[files.Id("c1")].Grade, groups[files.Id("c1")].SchoolYear));
            var sfo = groups[files.Id("sfo")];
            Assert.Equal(GroupKind.SfoGroup, sfo.Kind);
            Assert.Null(sfo.Grade);
            var unit = await db.SfoUnits.SingleAsync(u => u.MunicipalityId == municipality, Ct);
            Assert.Equal((unit.Id, schools[files.Id("s1")].Id), (sfo.SfoUnitId!.Value, unit.SchoolId));
            Assert.Equal("Lianvatnet skole SFO", unit.Name);

            var staff = await db.Staff.Where(s => s.MunicipalityId == municipality).ToDictionaryAsync(s => s.SourcedId!, Ct);
            Assert.Equal($"lise@{files.FeideDomain}", staff[files.Id("t1")].FeideId);
            Assert.Equal($"tor@{files.FeideDomain}", staff[files.Id("t2")].FeideId);
            Assert.Equal($"rita@{files.FeideDomain}", staff[files.Id("h1")].FeideId);
            var assignments = await db.StaffAssignments.Where(a => a.MunicipalityId == municipality).ToListAsync(Ct);
            Assert.Equal([StaffRole.Teacher, StaffRole.ContactTeacher], assignments.Where(a => a.StaffId == staff[files.Id("t1")].Id).Select(a => a.Role).Order());
            Assert.Equal([StaffRole.ContactTeacher], assignments.Where(a => a.StaffId == staff[files.Id("t2")].Id).Select(a => a.Role));
            var principal = assignments.Single(a => a.StaffId == staff[files.Id("h1")].Id);
            Assert.Equal((StaffRole.Principal, schools[files.Id("s2")].Id), (principal.Role, principal.SchoolId));
            var contact = assignments.Single(a => a.StaffId == staff[files.Id("t1")].Id && a.Role == StaffRole.ContactTeacher);
            Assert.Equal([groups[files.Id("c1")].Id], await db.StaffAssignmentGroups.Where(g => g.StaffAssignmentId == contact.Id).Select(g => g.GroupId).ToListAsync(Ct));

            var memberships = await db.GroupMemberships.Where(m => m.PupilId == p1.Id).Select(m => m.GroupId).ToListAsync(Ct);
            Assert.Equal(new[] { groups[files.Id("c1")].Id, sfo.Id }.Order(), memberships.Order());
            return 0;
        });
    }

    [Fact]
    public async Task Importing_the_same_files_again_changes_nothing()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);
        var before = await StateAsync(municipality);
        app.Time.Advance(TimeSpan.FromHours(1));

        var again = await ImportAsync(client, files);

        Assert.All(RecordCounts(again), c => Assert.Equal((0, 0, 0), (c.Created, c.Updated, c.Deactivated)));
        Assert.Equal([2, 1, 4, 3, 4, 5, 3, 4], RecordCounts(again).Select(c => c.Unchanged));
        Assert.Equal(new RosterRelationCounts(0, 0, 4), again.GroupMemberships);
        Assert.Equal(new RosterRelationCounts(0, 0, 3), again.StaffAssignmentGroups);
        Assert.Equal(before, await StateAsync(municipality));
    }

    [Fact]
    public async Task A_changed_value_updates_only_that_record()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);

        var result = await ImportAsync(client, files.Set("users.csv", "p2", "familyName", "Hansen-Berg"));

        Assert.Equal(new RosterRecordCounts(0, 1, 0, 2), result.Pupils);
        Assert.Equal(new RosterRecordCounts(0, 0, 0, 4), result.Guardians);
        var name = await app.WithDbAsync(db => db.Pupils.Where(p => p.MunicipalityId == municipality && p.SourcedId == files.Id("p2"))
            .Select(p => p.FamilyName).SingleAsync(Ct));
        Assert.Equal("Hansen-Berg", name);
    }

    [Fact]
    public async Task Full_import_without_a_pupil_deactivates_the_pupil_and_its_links_and_removes_its_memberships()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);

        var result = await ImportAsync(client, files.Clone().Remove("users.csv", "p1").Remove("roles.csv", "ro1").Remove("enrollments.csv", "e1").Remove("enrollments.csv", "e4"));

        Assert.Equal(new RosterRecordCounts(0, 0, 1, 2), result.Pupils);
        Assert.Equal(new RosterRecordCounts(0, 0, 2, 3), result.GuardianLinks);
        Assert.Equal(new RosterRelationCounts(0, 2, 2), result.GroupMemberships);
        await app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.MunicipalityId == municipality && p.SourcedId == files.Id("p1"), Ct);
            Assert.False(pupil.IsActive);
            Assert.All(await db.GuardianLinks.Where(l => l.PupilId == pupil.Id).ToListAsync(Ct), l => Assert.False(l.IsActive));
            Assert.Empty(await db.GroupMemberships.Where(m => m.PupilId == pupil.Id).ToListAsync(Ct));
            return 0;
        });
    }

    [Fact]
    public async Task Pupil_who_returns_is_activated_again()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);
        await ImportAsync(client, files.Clone().Remove("users.csv", "p3").Remove("roles.csv", "ro3").Remove("enrollments.csv", "e3").Remove("meldebok-pupils.csv", "p3"));

        var result = await ImportAsync(client, files);

        Assert.Equal(new RosterRecordCounts(0, 1, 0, 2), result.Pupils);
        Assert.True(await app.WithDbAsync(db => db.Pupils.Where(p => p.MunicipalityId == municipality && p.SourcedId == files.Id("p3"))
            .Select(p => p.IsActive).SingleAsync(Ct)));
    }

    [Fact]
    public async Task New_source_id_is_matched_by_national_identity_number_and_feide_id()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);
        var before = await app.WithDbAsync(db => db.Pupils.Where(p => p.MunicipalityId == municipality && p.SourcedId == files.Id("p1")).Select(p => p.Id).SingleAsync(Ct));

        // The source system gave pupil p1 and teacher t1 new ids.
        var renamed = files.Clone()
            .Set("users.csv", "p1", "sourcedId", files.Id("p1-new")).Set("roles.csv", "ro1", "userSourcedId", files.Id("p1-new"))
            .Set("enrollments.csv", "e1", "userSourcedId", files.Id("p1-new")).Set("enrollments.csv", "e4", "userSourcedId", files.Id("p1-new"))
            .Set("users.csv", "t1", "sourcedId", files.Id("t1-new")).Set("roles.csv", "ro8", "userSourcedId", files.Id("t1-new"))
            .Set("enrollments.csv", "e5", "userSourcedId", files.Id("t1-new")).Set("enrollments.csv", "e6", "userSourcedId", files.Id("t1-new"));
        var result = await ImportAsync(client, renamed);

        Assert.Equal(new RosterRecordCounts(0, 1, 0, 2), result.Pupils);
        Assert.Equal(new RosterRecordCounts(0, 1, 0, 2), result.Staff);
        Assert.Equal(new RosterRelationCounts(0, 0, 4), result.GroupMemberships);
        Assert.Equal(new RosterRelationCounts(0, 0, 3), result.StaffAssignmentGroups);
        Assert.Equal(before, await app.WithDbAsync(db => db.Pupils.Where(p => p.MunicipalityId == municipality && p.SourcedId == files.Id("p1-new")).Select(p => p.Id).SingleAsync(Ct)));
        Assert.Equal(3, await app.WithDbAsync(db => db.Staff.CountAsync(s => s.MunicipalityId == municipality && s.IsActive, Ct)));
    }

    [Fact]
    public async Task Full_import_leaves_records_made_by_hand_alone()
    {
        var (client, municipality) = await AdminAsync();
        var handMade = await (await client.PostAsJsonAsync("/api/v1/admin/schools", new SchoolRequest("Privat skole", null, null), Ct))
            .ReadAsync<SchoolResponse>(HttpStatusCode.Created);

        var result = await ImportAsync(client, RosterFiles.Valid());

        Assert.Equal(new RosterRecordCounts(2, 0, 0, 0), result.Schools);
        var school = await (await client.GetAsync($"/api/v1/admin/schools/{handMade.Id}", Ct)).ReadAsync<SchoolResponse>();
        Assert.True(school.IsActive);
        Assert.Equal(3, await app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipality && s.IsActive, Ct)));
    }

    [Fact]
    public async Task Delta_import_creates_and_updates_and_deactivates_only_rows_marked_tobedeleted()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);

        // The required files are there, orgs.csv and classes.csv with their header only; no extension files.
        var delta = files.Clone().Without("meldebok-relations.csv").Without("meldebok-pupils.csv")
            .Raw("orgs.csv", Encoding.UTF8.GetBytes(RosterFiles.OrgsHeader + "\n"))
            .Raw("classes.csv", Encoding.UTF8.GetBytes(RosterFiles.ClassesHeader + "\n"));
        // p2 renamed, p1 deleted, a new pupil p4 in the stored class 2A with the stored parent g3; the rest of users.csv is unchanged.
        delta.Set("users.csv", "p2", "familyName", "Hansen-Berg")
            .Set("users.csv", "p1", "status", "tobedeleted")
            .Add("users.csv", $"{{p}}p4,active,2026-09-01T10:00:00Z,true,nils,,Nils,Hansen,,{RosterFiles.PupilNumber(new DateOnly(2018, 1, 9))},,,,{{p}}g3,02,,,,,,,,,")
            .Raw("roles.csv", Encoding.UTF8.GetBytes(RosterFiles.RolesHeader + "\n" + $"{files.Prefix}ro11,,,{files.Prefix}p4,primary,student,,,{files.Prefix}s1,\n"));
        delta.Add("enrollments.csv", "{p}e8,,,{p}c2,{p}s1,{p}p4,student,,,")
            .Set("enrollments.csv", "e1", "status", "tobedeleted");

        var result = await ImportAsync(client, delta, ("mode", "delta"));

        Assert.Equal("delta", result.Mode);
        Assert.Equal(new RosterRecordCounts(1, 1, 1, 1), result.Pupils);
        Assert.Equal(new RosterRecordCounts(0, 0, 0, 0), result.Schools);
        Assert.Equal(new RosterRecordCounts(0, 0, 0, 0), result.Groups);
        Assert.Equal(new RosterRecordCounts(1, 0, 2, 2), result.GuardianLinks);
        Assert.Equal(new RosterRelationCounts(1, 1, 3), result.GroupMemberships);
        Assert.Equal(new RosterRecordCounts(0, 0, 0, 3), result.StaffAssignments);
        await app.WithDbAsync(async db =>
        {
            var pupils = await db.Pupils.Where(p => p.MunicipalityId == municipality).ToDictionaryAsync(p => p.SourcedId!, Ct);
            Assert.False(pupils[files.Id("p1")].IsActive);
            Assert.Equal("Hansen-Berg", pupils[files.Id("p2")].FamilyName);
            Assert.True(pupils[files.Id("p3")].IsActive);
            Assert.Equal(ProtectedAddressLevel.StrictlyConfidential, pupils[files.Id("p3")].ProtectedAddress);
            Assert.True(pupils[files.Id("p4")].IsActive);
            Assert.Equal(2, await db.Schools.CountAsync(s => s.MunicipalityId == municipality && s.IsActive, Ct));
            return 0;
        });
    }

    private static readonly Dictionary<string, (Func<RosterFiles, RosterFiles> Break, string File, string Key, string? Field)> InvalidCases = new()
    {
        ["invalid fødselsnummer"] = (f => f.Set("users.csv", "g1", "identifier", "12345678901"), "users.csv", "g1", "identifier"),
        ["guardian without fødselsnummer"] = (f => f.Set("users.csv", "g2", "identifier", ""), "users.csv", "g2", "identifier"),
        ["invalid e-mail"] = (f => f.Set("users.csv", "g3", "email", "siri(at)example.no"), "users.csv", "g3", "email"),
        ["phone not E.164"] = (f => f.Set("users.csv", "g2", "phone", "12345"), "users.csv", "g2", "phone"),
        ["invalid grade"] = (f => f.Set("classes.csv", "c3", "grades", "11"), "classes.csv", "c3", "grades"),
        ["invalid date"] = (f => f.Set("enrollments.csv", "e1", "beginDate", "17.08.2026"), "enrollments.csv", "e1", "beginDate"),
        ["invalid boolean"] = (f => f.Set("enrollments.csv", "e5", "primary", "ja"), "enrollments.csv", "e5", "primary"),
        ["duplicate sourcedId"] = (f => f.Add("classes.csv", "{p}c1,,,1B,01,,1B,homeroom,,{p}s1,,,,"), "classes.csv", "@6", "sourcedId"),
        ["unknown class"] = (f => f.Set("enrollments.csv", "e2", "classSourcedId", f.Id("nope")), "enrollments.csv", "e2", "classSourcedId"),
        ["unknown guardian among agents"] = (f => f.Set("users.csv", "p2", "agentSourcedIds", f.Id("nobody")), "users.csv", "p2", "agentSourcedIds"),
        ["student without a school"] = (f => f.Set("roles.csv", "ro2", "orgSourcedId", f.Id("d")), "roles.csv", "ro2", "orgSourcedId"),
        ["pupil without birth date"] = (f => f.Set("users.csv", "p3", "metadata.birthDate", ""), "users.csv", "p3", "metadata.birthDate"),
        ["unknown role"] = (f => f.Set("roles.csv", "ro10", "role", "wizard"), "roles.csv", "ro10", "role"),
        ["class at another school"] = (f => f.Set("enrollments.csv", "e3", "schoolSourcedId", f.Id("s1")), "enrollments.csv", "e3", "schoolSourcedId"),
        ["unknown protected address level"] = (f => f.Set("meldebok-pupils.csv", "p3", "protectedAddress", "Secret"), "meldebok-pupils.csv", "p3", "protectedAddress"),
    };

    public static TheoryData<string> InvalidValues => new(InvalidCases.Keys);

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public async Task Invalid_value_is_reported_with_file_line_and_field_and_nothing_is_written(string what)
    {
        var (breakIt, file, key, field) = InvalidCases[what];
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        await ImportAsync(client, files);
        var before = await StateAsync(municipality);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var line = key.StartsWith('@') ? int.Parse(key[1..], System.Globalization.CultureInfo.InvariantCulture) : files.LineOf(file, key);

        // A valid change rides along with the error: it must not be saved either.
        var broken = breakIt(files.Set("orgs.csv", "s1", "name", "Nytt navn skole"));
        var response = await client.PostAsync(Url, broken.Form(), Ct);

        var (errors, importErrors) = await RejectedAsync(response);
        var error = Assert.Single(importErrors);
        Assert.Equal((file, line, field), (error.File, error.Line, error.Field));
        Assert.False(string.IsNullOrWhiteSpace(error.Message), what);
        Assert.Equal([error.ErrorKey()], errors.Keys);
        Assert.Equal(before, await StateAsync(municipality));
    }

    [Fact]
    public async Task Every_error_of_an_upload_is_listed_at_once()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid()
            .Set("users.csv", "g1", "email", "no-at-sign")
            .Set("users.csv", "g1", "sms", "99")
            .Set("classes.csv", "c1", "grades", "0A")
            .Set("enrollments.csv", "e7", "userSourcedId", "ghost");

        var (errors, importErrors) = await RejectedAsync(await client.PostAsync(Url, files.Form(), Ct));

        Assert.Equal(4, importErrors.Count);
        Assert.Equal(
            new[] { $"classes.csv:2:grades", $"enrollments.csv:8:userSourcedId", "users.csv:5:email", "users.csv:5:sms" },
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, await app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipality, Ct)));
    }

    [Fact]
    public async Task Wrong_headers_are_reported_as_missing_unknown_and_repeated_columns()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid()
            .RenameColumn("users.csv", "givenName", "givenname")
            .RenameColumn("classes.csv", "location", "title")
            .RenameColumn("orgs.csv", "parentSourcedId", "parent");

        var (_, importErrors) = await RejectedAsync(await client.PostAsync(Url, files.Form(), Ct));

        string[] expected = ["classes.csv:1:location", "classes.csv:1:title", "orgs.csv:1:parent", "orgs.csv:1:parentSourcedId", "users.csv:1:givenName", "users.csv:1:givenname"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), importErrors.Select(e => e.ErrorKey()).Order(StringComparer.Ordinal));
        Assert.Contains("«givenName»", importErrors.Single(e => e.Field == "givenname").Message, StringComparison.Ordinal);
        Assert.Contains("mer enn én gang", importErrors.Single(e => e.Field == "title").Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Pupils.CountAsync(p => p.MunicipalityId == municipality, Ct)));
    }

    [Fact]
    public async Task File_that_is_not_utf8_is_rejected_naming_the_line()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();
        var latin1 = Encoding.Latin1.GetBytes(files.Text("users.csv"));

        var (_, importErrors) = await RejectedAsync(await client.PostAsync(Url, files.Raw("users.csv", latin1).Form(), Ct));

        var error = Assert.Single(importErrors);
        Assert.Equal(("users.csv", files.LineOf("users.csv", "t1"), (string?)null), (error.File, error.Line, error.Field));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipality, Ct)));
    }

    [Fact]
    public async Task Byte_order_mark_and_semicolons_are_told_apart()
    {
        var (client, _) = await AdminAsync();
        var files = RosterFiles.Valid();
        var withBom = Encoding.UTF8.GetPreamble().Concat(files.Bytes("orgs.csv")).ToArray();
        await ImportAsync(client, files.Raw("orgs.csv", withBom));

        var semicolons = RosterFiles.Valid().Raw("orgs.csv", Encoding.UTF8.GetBytes(RosterFiles.OrgsHeader.Replace(',', ';') + "\n"));
        var (_, importErrors) = await RejectedAsync(await client.PostAsync(Url, semicolons.Form(), Ct));
        Assert.Contains(importErrors, e => e is { File: "orgs.csv", Line: 1 } && e.Message.Contains("semikolon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Zip_bundle_imports_like_separate_files()
    {
        var (client, _) = await AdminAsync();
        var files = RosterFiles.Valid();
        var form = new MultipartFormDataContent();
        var zip = new ByteArrayContent(files.Zip());
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(zip, "bundle", "bundle.zip");

        var result = await (await client.PostAsync(Url, form, Ct)).ReadAsync<RosterImportResult>();

        Assert.Equal(new RosterRecordCounts(3, 0, 0, 0), result.Pupils);
        Assert.Equal(new RosterRelationCounts(4, 0, 0), result.GroupMemberships);
        var again = await ImportAsync(client, files);
        Assert.Equal(new RosterRecordCounts(0, 0, 0, 3), again.Pupils);
    }

    [Fact]
    public async Task Zip_that_is_not_a_zip_is_rejected()
    {
        var (client, _) = await AdminAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent("not a zip"u8.ToArray()), "bundle", "bundle.zip" } };
        await (await client.PostAsync(Url, form, Ct)).ValidationProblemAsync("bundle.zip");
    }

    [Fact]
    public async Task Dry_run_reports_the_changes_and_writes_nothing()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid();

        var result = await ImportAsync(client, files, ("dryRun", "true"));

        Assert.True(result.DryRun);
        Assert.Equal(new RosterRecordCounts(3, 0, 0, 0), result.Pupils);
        Assert.Equal(new RosterRelationCounts(4, 0, 0), result.GroupMemberships);
        Assert.Equal(0, await app.WithDbAsync(db => db.Pupils.CountAsync(p => p.MunicipalityId == municipality, Ct)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipality, Ct)));
    }

    [Fact]
    public async Task Missing_required_file_is_rejected()
    {
        var (client, _) = await AdminAsync();
        var (errors, _) = await RejectedAsync(await client.PostAsync(Url, RosterFiles.Valid().Without("enrollments.csv").Form(), Ct));
        Assert.Contains("enrollments.csv", errors.Keys);
    }

    [Fact]
    public async Task Unknown_file_and_bad_form_fields_are_named()
    {
        var (client, _) = await AdminAsync();
        var response = await client.PostAsync(Url, RosterFiles.Valid().Form(("mode", "sometimes"), ("dryRun", "maybe"), ("schoolYear", "26")), Ct);
        await response.ValidationProblemAsync("mode", "dryRun", "schoolYear");

        var unknown = await client.PostAsync(Url, RosterFiles.Valid().Raw("user.csv", "x"u8.ToArray()).Form(), Ct);
        await unknown.ValidationProblemAsync("user.csv");
    }

    [Fact]
    public async Task School_year_comes_from_the_form_or_the_term()
    {
        var (client, municipality) = await AdminAsync();
        var files = RosterFiles.Valid()
            .Set("classes.csv", "c3", "termSourcedIds", "t27")
            .Raw("academicSessions.csv", Encoding.UTF8.GetBytes(
                "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\nt27,,,2027/2028,schoolYear,2027-08-16,2028-06-20,,2028\n"));

        await ImportAsync(client, files, ("schoolYear", "2025"));

        var years = await app.WithDbAsync(db => db.Groups.Where(g => g.MunicipalityId == municipality).ToDictionaryAsync(g => g.SourcedId!, g => g.SchoolYear, Ct));
        Assert.Equal(2025, years[files.Id("c1")]);
        Assert.Equal(2027, years[files.Id("c3")]);
    }

    [Fact]
    public async Task OneRoster_1_1_users_with_role_and_org_columns_are_accepted()
    {
        var (client, municipality) = await AdminAsync();
        var p = "o" + Guid.NewGuid().ToString("N")[..6];
        var files = RosterFiles.Valid(p).Without("roles.csv").Without("meldebok-relations.csv").Without("meldebok-pupils.csv");
        files.Raw("users.csv", Encoding.UTF8.GetBytes(
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n" +
            $"{p}p1,,,true,{p}s1,student,kari,,Kari,Nordmann,,{RosterFiles.PupilNumber(new DateOnly(2019, 3, 14))},,,,{p}g1,01,\n" +
            $"{p}g1,,,true,{p}s1,parent,anne,,Anne,Nordmann,,{TestIdentifiers.NextNationalIdentityNumber()},,,,{p}p1,,\n" +
            $"{p}t1,,,true,\"{p}d,{p}s1\",teacher,lise@{p}.example.no,,Lise,Lærer,,,,,,,,\n" +
            $"{p}x1,,,true,{p}d,districtAdministrator,dina@{p}.example.no,,Dina,Direktør,,,,,,,,\n"));
        files.Raw("enrollments.csv", Encoding.UTF8.GetBytes(RosterFiles.EnrollmentsHeader + "\n" +
            $"{p}e1,,,{p}c1,{p}s1,{p}p1,student,,,\n{p}e2,,,{p}c1,{p}s1,{p}t1,teacher,true,,\n"));

        var result = await ImportAsync(client, files);

        Assert.Equal(new RosterRecordCounts(1, 0, 0, 0), result.Pupils);
        Assert.Equal(new RosterRecordCounts(1, 0, 0, 0), result.Guardians);
        Assert.Equal(new RosterRecordCounts(1, 0, 0, 0), result.GuardianLinks);
        Assert.Equal(new RosterRecordCounts(1, 0, 0, 0), result.Staff);
        Assert.Equal(new RosterRecordCounts(1, 0, 0, 0), result.StaffAssignments);
        Assert.Contains(result.Warnings, w => w is { File: "users.csv", Line: 5 });
        Assert.Equal(StaffRole.ContactTeacher, await app.WithDbAsync(db => db.StaffAssignments.Where(a => a.MunicipalityId == municipality).Select(a => a.Role).SingleAsync(Ct)));
    }

    [Fact]
    public async Task A_block_set_by_the_school_survives_the_next_import()
    {
        var (client, municipality) = await AdminAsync();
        // A blank flag in meldebok-relations.csv leaves the stored value alone.
        var files = RosterFiles.Valid().Set("meldebok-relations.csv", "p2", "blocked", "");
        await ImportAsync(client, files);
        await app.WithDbAsync(db => db.GuardianLinks.Where(l => l.MunicipalityId == municipality)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Blocked, true), Ct));

        var result = await ImportAsync(client, files);

        Assert.Equal(new RosterRecordCounts(0, 0, 0, 5), result.GuardianLinks);
        Assert.True(await app.WithDbAsync(db => db.GuardianLinks.Where(l => l.MunicipalityId == municipality).AllAsync(l => l.Blocked, Ct)));
    }

    [Fact]
    public async Task Feide_id_of_staff_in_another_municipality_is_rejected()
    {
        var files = RosterFiles.Valid();
        var (first, _) = await AdminAsync();
        await ImportAsync(first, files);

        var (second, _) = await AdminAsync();
        var (_, importErrors) = await RejectedAsync(await second.PostAsync(Url, RosterFiles.Valid(files.Prefix).Form(), Ct));

        Assert.Equal(
            new (string, int?, string?)[] { ("users.csv", 9, "username"), ("users.csv", 10, "username"), ("users.csv", 11, "username") },
            importErrors.Select(e => (e.File, e.Line, e.Field)).ToArray());
    }

    [Fact]
    public async Task Upload_larger_than_50_mb_answers_413()
    {
        var (client, _) = await AdminAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[50 * 1024 * 1024 + 1]), "files", "users.csv" } };
        var problem = await (await client.PostAsync(Url, form, Ct)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("50 MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_body_answers_415()
    {
        var (client, _) = await AdminAsync();
        await (await client.PostAsJsonAsync(Url, new { mode = "full" }, Ct)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Only_a_municipality_admin_may_import()
    {
        var municipality = await app.CreateMunicipalityAsync();
        var files = RosterFiles.Valid();
        await (await app.ClientFor(null).PostAsync(Url, files.Form(), Ct)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.ClientFor(TestUser.Staff(municipality, Guid.NewGuid())).PostAsync(Url, files.Form(), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ClientFor(TestUser.Guardian(municipality, Guid.NewGuid())).PostAsync(Url, files.Form(), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.ClientFor(TestUser.PlatformOperator()).PostAsync(Url, files.Form(), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.WithDbAsync(db => db.Schools.CountAsync(s => s.MunicipalityId == municipality, Ct)));
    }

    private async Task<(HttpClient Client, Guid Municipality)> AdminAsync()
    {
        var municipality = await app.CreateMunicipalityAsync();
        return (app.ClientFor(TestUser.MunicipalityAdmin(municipality)), municipality);
    }

    private static async Task<RosterImportResult> ImportAsync(HttpClient client, RosterFiles files, params (string, string)[] fields) =>
        await (await client.PostAsync(Url, files.Form(fields), Ct)).ReadAsync<RosterImportResult>();

    private static async Task<(Dictionary<string, string[]> Errors, List<RosterImportIssue> ImportErrors)> RejectedAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>(HttpAssertions.Json)!;
        var importErrors = problem.GetProperty("importErrors").Deserialize<List<RosterImportIssue>>(HttpAssertions.Json)!;
        return (errors, importErrors);
    }

    private static RosterRecordCounts[] RecordCounts(RosterImportResult r) =>
        [r.Schools, r.SfoUnits, r.Groups, r.Pupils, r.Guardians, r.GuardianLinks, r.Staff, r.StaffAssignments];

    /// <summary>Every roster row of the municipality, in a comparable form: what must not move when an import is rejected or repeated.</summary>
    private Task<string> StateAsync(Guid municipality) => app.WithDbAsync(async db =>
    {
        static string Rows<T>(IEnumerable<T> rows) => string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r)).Order(StringComparer.Ordinal));
        var groupIds = await db.Groups.Where(g => g.MunicipalityId == municipality).Select(g => g.Id).ToListAsync(Ct);
        var assignmentIds = await db.StaffAssignments.Where(a => a.MunicipalityId == municipality).Select(a => a.Id).ToListAsync(Ct);
        return string.Join("\n--\n",
            Rows(await db.Schools.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.SfoUnits.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.Groups.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.Pupils.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.Guardians.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.GuardianLinks.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.Staff.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.StaffAssignments.AsNoTracking().Where(e => e.MunicipalityId == municipality).ToListAsync(Ct)),
            Rows(await db.GroupMemberships.AsNoTracking().Where(m => groupIds.Contains(m.GroupId)).ToListAsync(Ct)),
            Rows(await db.StaffAssignmentGroups.AsNoTracking().Where(m => assignmentIds.Contains(m.StaffAssignmentId)).ToListAsync(Ct)));
    });
}
