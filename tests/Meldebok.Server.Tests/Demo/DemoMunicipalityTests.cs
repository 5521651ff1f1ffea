using System.Security.Cryptography.X509Certificates;
using System.Globalization;
using System.Net.Http.Json;
using Meldebok.Server.Features.Demo;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Validation;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Demo;

/// <summary>The small demo municipality as seeded into PostgreSQL: the special cases the product must handle are all there.</summary>
public sealed class DemoMunicipalityTests(SeededDemoApp demo) : IClassFixture<SeededDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private MeldebokApp App => demo.App;
    private Guid MunicipalityId => demo.MunicipalityId;

    [Fact]
    public async Task Seeded_schools_are_listed_for_the_demo_municipalitys_admin()
    {
        var page = await App.ClientFor(TestUser.MunicipalityAdmin(MunicipalityId))
            .GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools", HttpAssertions.Json, Ct);

        var expected = DemoMunicipalityGenerator.Generate(DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed, MeldebokApp.DefaultNow)
            .Schools.Select(s => s.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected, page!.Items.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(3, page.TotalCount);
        Assert.All(page.Items, school =>
        {
            Assert.Matches(@"^\p{Lu}\p{Ll}+ (skole|barneskole)$", school.Name);
            Assert.True(NorwegianIdentifiers.IsValidOrganisationNumber(school.OrganisationNumber), school.OrganisationNumber);
        });

        var stranger = await App.ClientFor(TestUser.MunicipalityAdmin(await App.CreateMunicipalityAsync()))
            .GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools", HttpAssertions.Json, Ct);
        Assert.Empty(stranger!.Items);
    }

    [Fact]
    public async Task The_demo_municipality_has_the_Meldebok_projects_own_benefit_plan_bound_to_the_metrics()
    {
        var admin = App.ClientFor(TestUser.MunicipalityAdmin(MunicipalityId));
        var portfolio = Assert.Single((await admin.GetFromJsonAsync<Paged<Features.Benefits.PortfolioResponse>>("/api/v1/benefits/portfolios", HttpAssertions.Json, Ct))!.Items);

        var dashboard = await admin.GetFromJsonAsync<Features.Benefits.PortfolioDashboard>($"/api/v1/benefits/portfolios/{portfolio.Id}/dashboard", HttpAssertions.Json, Ct);

        var project = Assert.Single(dashboard!.Projects);
        Assert.Equal("Periodemål 4 for oppvekst og utdanning", project.Goal);
        Assert.Equal(5, project.Benefits.Count);
        Assert.Contains(project.Benefits, b => b.Type == Features.Benefits.BenefitType.DisBenefit);
        Assert.Contains(project.Benefits, b => b.Unit == "share/week");
        var benefits = await admin.GetFromJsonAsync<Paged<Features.Benefits.BenefitResponse>>("/api/v1/benefits", HttpAssertions.Json, Ct);
        Assert.Equal(["digital-share", "legacy-contacts"], benefits!.Items.Select(b => b.Current.MetricId).OfType<string>().Order(StringComparer.Ordinal));
        Assert.Equal(6, (await admin.GetFromJsonAsync<Paged<Features.Benefits.MeasureResponse>>("/api/v1/benefits/measures", HttpAssertions.Json, Ct))!.TotalCount);
    }

    [Fact]
    public async Task Municipality_and_school_organisation_numbers_are_valid()
    {
        var numbers = await App.WithDbAsync(async db =>
            (await db.Municipalities.Where(m => m.Id == MunicipalityId).Select(m => m.OrganisationNumber).ToListAsync(Ct))
            .Concat(await db.Schools.Where(s => s.MunicipalityId == MunicipalityId).Select(s => s.OrganisationNumber!).ToListAsync(Ct))
            .ToList());

        Assert.Equal(4, numbers.Count);
        Assert.All(numbers, n => Assert.True(NorwegianIdentifiers.IsValidOrganisationNumber(n), n));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Fact]
    public async Task National_identity_numbers_are_synthetic_valid_unique_and_match_the_pupils_birth_date()
    {
        var (pupils, guardians) = await App.WithDbAsync(async db => (
            await db.Pupils.Where(p => p.MunicipalityId == MunicipalityId).Select(p => new { p.NationalIdentityNumber, p.BirthDate }).ToListAsync(Ct),
            await db.Guardians.Where(g => g.MunicipalityId == MunicipalityId).Select(g => g.NationalIdentityNumber).ToListAsync(Ct)));

        var all = pupils.Select(p => p.NationalIdentityNumber!).Concat(guardians).ToList();
        Assert.All(all, number =>
        {
            Assert.True(NorwegianIdentifiers.IsValidNationalIdentityNumber(number), number);
            // Month + 80: Skatteetaten's synthetic numbers, never a real person's.
            Assert.InRange(int.Parse(number[2..4], CultureInfo.InvariantCulture), 81, 92);
        });
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(pupils, p => Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"{p.BirthDate.Day:00}{p.BirthDate.Month + 80:00}{p.BirthDate.Year % 100:00}"),
            p.NationalIdentityNumber![..6]));
    }

    [Fact]
    public async Task Classes_are_named_by_grade_and_pupils_are_born_for_their_grade()
    {
        var rows = await App.WithDbAsync(db => (
            from m in db.GroupMemberships
            join g in db.Groups on m.GroupId equals g.Id
            join p in db.Pupils on m.PupilId equals p.Id
            where g.MunicipalityId == MunicipalityId && g.Kind == GroupKind.Class
            select new { PupilId = p.Id, p.BirthDate, g.Name, g.Grade, g.SchoolYear }).ToListAsync(Ct));
        var pupils = await App.WithDbAsync(db => db.Pupils.CountAsync(p => p.MunicipalityId == MunicipalityId, Ct));

        Assert.InRange(pupils, 200, 900);
        Assert.Equal(pupils, rows.Select(r => r.PupilId).Distinct().Count());
        Assert.Equal(pupils, rows.Count);
        Assert.Equal(Enumerable.Range(1, 7), rows.Select(r => r.Grade!.Value).Distinct().Order());
        Assert.All(rows, row =>
        {
            Assert.Matches("^[1-7][A-Z]$", row.Name);
            Assert.Equal(row.Grade!.Value, row.Name[0] - '0');
            Assert.Equal(2026, row.SchoolYear);
            // Grade 1 in 2026/2027 was born in 2020.
            Assert.Equal(2026 - 5 - row.Grade.Value, row.BirthDate.Year);
        });
    }

    [Fact]
    public async Task Every_school_has_one_sfo_unit_with_groups_for_grades_1_to_4_only()
    {
        var (schools, units, groups, sfoMembers) = await App.WithDbAsync(async db => (
            await db.Schools.Where(s => s.MunicipalityId == MunicipalityId).ToListAsync(Ct),
            await db.SfoUnits.Where(u => u.MunicipalityId == MunicipalityId).ToListAsync(Ct),
            await db.Groups.Where(g => g.MunicipalityId == MunicipalityId).ToListAsync(Ct),
            await (from m in db.GroupMemberships
                   join sfo in db.Groups on m.GroupId equals sfo.Id
                   join klass in db.GroupMemberships on m.PupilId equals klass.PupilId
                   join g in db.Groups on klass.GroupId equals g.Id
                   where sfo.MunicipalityId == MunicipalityId && sfo.Kind == GroupKind.SfoGroup && g.Kind == GroupKind.Class
                   select new { SfoGrade = sfo.Grade, ClassGrade = g.Grade, SfoSchool = sfo.SchoolId, ClassSchool = g.SchoolId }).ToListAsync(Ct)));

        foreach (var school in schools)
        {
            var unit = Assert.Single(units, u => u.SchoolId == school.Id);
            Assert.Equal($"{school.Name} SFO", unit.Name);
            var sfoGroups = groups.Where(g => g.SchoolId == school.Id && g.Kind == GroupKind.SfoGroup).ToList();
            Assert.Equal([1, 2, 3, 4], sfoGroups.Select(g => g.Grade!.Value).Order());
            Assert.All(sfoGroups, g => Assert.Equal(unit.Id, g.SfoUnitId));
        }

        Assert.All(groups.Where(g => g.Kind == GroupKind.Class), g => Assert.Null(g.SfoUnitId));
        Assert.NotEmpty(sfoMembers);
        Assert.All(sfoMembers, m =>
        {
            Assert.Equal(m.ClassGrade, m.SfoGrade);
            Assert.Equal(m.ClassSchool, m.SfoSchool);
        });
        Assert.InRange(sfoMembers.Max(m => m.ClassGrade!.Value), 1, 4);
    }

    [Fact]
    public async Task Every_school_has_every_staff_role_and_one_contact_teacher_per_class()
    {
        var (schools, classes, assignments) = await App.WithDbAsync(async db => (
            await db.Schools.Where(s => s.MunicipalityId == MunicipalityId).Select(s => s.Id).ToListAsync(Ct),
            await db.Groups.Where(g => g.MunicipalityId == MunicipalityId && g.Kind == GroupKind.Class).ToListAsync(Ct),
            await (from a in db.StaffAssignments
                   join s in db.Staff on a.StaffId equals s.Id
                   where a.MunicipalityId == MunicipalityId
                   select new
                   {
                       a.SchoolId,
                       a.Role,
                       s.FeideId,
                       Groups = db.StaffAssignmentGroups.Where(g => g.StaffAssignmentId == a.Id).Select(g => g.GroupId).ToList(),
                   }).ToListAsync(Ct)));

        foreach (var school in schools)
        {
            var roles = assignments.Where(a => a.SchoolId == school).ToList();
            Assert.Equal(Enum.GetValues<StaffRole>().Order(), roles.Select(a => a.Role).Distinct().Order());
            Assert.Single(roles, a => a.Role == StaffRole.Principal);
        }

        var contactTeachers = assignments.Where(a => a.Role == StaffRole.ContactTeacher).ToList();
        Assert.All(classes, klass => Assert.Single(contactTeachers, a => a.Groups.Contains(klass.Id)));
        Assert.All(assignments, a => Assert.Matches(@"^[a-z0-9-]+\.[a-z0-9-]+@fjordvik\.kommune\.no$", a.FeideId));
    }

    [Fact]
    public async Task Split_household_guardian_has_two_children_whose_other_parent_lives_apart()
    {
        var kari = await SignInAsync(DemoSignIns.SplitHouseholdGuardian);
        Assert.Equal(("Kari Nordmann", "kari.nordmann@demo.meldebok.example", Roles.Guardian), (kari.Name, kari.Username, kari.ClaimRole));

        var children = await App.WithDbAsync(db => (
            from link in db.GuardianLinks
            join pupil in db.Pupils on link.PupilId equals pupil.Id
            where link.GuardianId == kari.PersonId
            select new
            {
                Link = link,
                pupil.GivenName,
                Classes = (from m in db.GroupMemberships join g in db.Groups on m.GroupId equals g.Id where m.PupilId == pupil.Id select g.Name).ToList(),
                Others = db.GuardianLinks.Where(l => l.PupilId == pupil.Id && l.GuardianId != kari.PersonId).ToList(),
            }).OrderBy(c => c.GivenName).ToListAsync(Ct));

        Assert.Equal(["Ella", "Magnus"], children.Select(c => c.GivenName));
        Assert.Equal(["2A", "SFO 2. trinn"], children[0].Classes.Order(StringComparer.Ordinal));
        Assert.Equal(["5A"], children[1].Classes);
        Assert.All(children, child =>
        {
            Assert.True(child.Link is { ParentalResponsibility: true, DailyCare: true, Blocked: false });
            var other = Assert.Single(child.Others);
            Assert.True(other is { ParentalResponsibility: true, DailyCare: false, Blocked: false });
        });
        Assert.Equal(children[0].Others[0].GuardianId, children[1].Others[0].GuardianId);
    }

    [Fact]
    public async Task Guardian_without_parental_responsibility_has_a_right_to_information()
    {
        var thomas = await SignInAsync(DemoSignIns.GuardianWithoutParentalResponsibility);
        var link = await App.WithDbAsync(db => db.GuardianLinks.SingleAsync(l => l.GuardianId == thomas.PersonId, Ct));

        Assert.True(link is { ParentalResponsibility: false, RightToInformation: true, DailyCare: false, Blocked: false });
        Assert.True(link.AllowsAccess);
    }

    [Fact]
    public async Task Guardians_without_access_blocked_guardians_and_protected_addresses_are_present()
    {
        var (links, protections) = await App.WithDbAsync(async db => (
            await db.GuardianLinks.Where(l => l.MunicipalityId == MunicipalityId).ToListAsync(Ct),
            await db.Pupils.Where(p => p.MunicipalityId == MunicipalityId).Select(p => p.ProtectedAddress).ToListAsync(Ct)));

        Assert.Contains(links, l => l is { ParentalResponsibility: false, RightToInformation: false, Blocked: false } && !l.AllowsAccess);
        Assert.Contains(links, l => l is { Blocked: true, ParentalResponsibility: true } && !l.AllowsAccess);
        Assert.Contains(ProtectedAddressLevel.StrictlyConfidential, protections);
        Assert.Contains(ProtectedAddressLevel.Confidential, protections);
        // Every pupil has a guardian with parental responsibility and daily care.
        Assert.All(links.GroupBy(l => l.PupilId), pupil => Assert.Contains(pupil, l => l is { ParentalResponsibility: true, DailyCare: true, Blocked: false }));
        Assert.Equal(protections.Count, links.Select(l => l.PupilId).Distinct().Count());
    }

    [Fact]
    public async Task Contact_details_cannot_reach_real_people()
    {
        var (guardians, staff) = await App.WithDbAsync(async db => (
            await db.Guardians.Where(g => g.MunicipalityId == MunicipalityId).Select(g => new { g.Email, g.Mobile }).ToListAsync(Ct),
            await db.Staff.Where(s => s.MunicipalityId == MunicipalityId).Select(s => new { s.Email, s.Mobile }).ToListAsync(Ct)));

        var emails = guardians.Select(g => g.Email!).Concat(staff.Select(s => s.Email!)).ToList();
        Assert.All(emails, email => Assert.EndsWith("@demo.meldebok.example", email, StringComparison.Ordinal));
        Assert.Equal(emails.Count, emails.Distinct().Count());
        var mobiles = guardians.Select(g => g.Mobile).Concat(staff.Select(s => s.Mobile)).OfType<string>().ToList();
        Assert.All(mobiles, mobile =>
        {
            Assert.Matches(@"^\+474\d{7}$", mobile);
            Assert.True(NorwegianIdentifiers.IsValidE164(mobile));
        });
    }

    [Fact]
    public async Task Demo_sign_ins_are_the_documented_people_in_their_roles()
    {
        var signIns = await App.WithDbAsync(db => DemoSignIns.ListAsync(db, MunicipalityId, Ct));

        Assert.Equal(
            [
                ("Kari Nordmann", "Foresatt", "kari.nordmann@demo.meldebok.example"),
                ("Thomas Lie", "Foresatt uten foreldreansvar", "thomas.lie@demo.meldebok.example"),
                ("Silje Haugland", "Kontaktlærer", "silje.haugland@fjordvik.kommune.no"),
                ("Tonje Bakken", "SFO-ansatt", "tonje.bakken@fjordvik.kommune.no"),
                ("Per Solberg", "Rektor", "per.solberg@fjordvik.kommune.no"),
                ("Hege Brekke", "Skolekontor", "hege.brekke@fjordvik.kommune.no"),
                ("Anders Moe", "Kommuneadministrator", "anders.moe@demo.meldebok.example"),
                ("Liv Strand", "Porteføljestyre", "liv.strand@demo.meldebok.example"),
            ],
            signIns.Select(s => (s.Name, s.Role, s.Username)));
        Assert.All(signIns, s => Assert.Equal("Fjordvik kommune", s.MunicipalityName));

        // The staff hold the roles they are documented with, at the school of Kari's children.
        var people = signIns.Select(s => s.PersonId).ToList();
        var staffRoles = await App.WithDbAsync(db => (
            from a in db.StaffAssignments
            where people.Contains(a.StaffId)
            select new
            {
                a.StaffId,
                a.Role,
                a.SchoolId,
                Groups = (from g in db.StaffAssignmentGroups join grp in db.Groups on g.GroupId equals grp.Id where g.StaffAssignmentId == a.Id select grp.Name).ToList(),
            }).ToListAsync(Ct));
        var ellaSchool = await App.WithDbAsync(db => db.Pupils.Where(p => p.MunicipalityId == MunicipalityId && p.GivenName == "Ella" && p.FamilyName == "Berg Nordmann").Select(p => p.SchoolId).SingleAsync(Ct));
        Assert.All(staffRoles, r => Assert.Equal(ellaSchool, r.SchoolId));
        Assert.Equal(["5A"], staffRoles.Single(r => r.StaffId == Person(signIns, DemoSignIns.ContactTeacher)).Groups);
        Assert.Equal(StaffRole.ContactTeacher, staffRoles.Single(r => r.StaffId == Person(signIns, DemoSignIns.ContactTeacher)).Role);
        Assert.Equal(StaffRole.SfoStaff, staffRoles.Single(r => r.StaffId == Person(signIns, DemoSignIns.SfoStaff)).Role);
        Assert.Contains("SFO 2. trinn", staffRoles.Single(r => r.StaffId == Person(signIns, DemoSignIns.SfoStaff)).Groups);
        Assert.Equal(StaffRole.Principal, staffRoles.Single(r => r.StaffId == Person(signIns, DemoSignIns.Principal)).Role);
        Assert.Equal(StaffRole.Office, staffRoles.Single(r => r.StaffId == Person(signIns, DemoSignIns.Office)).Role);

        // The administrator's sign-in carries what the admin API needs.
        var admin = signIns.Single(s => s.Key == DemoSignIns.MunicipalityAdmin);
        var client = App.ClientFor(new TestUser(admin.PersonId, admin.MunicipalityId, admin.ClaimRole));
        var schools = await client.GetFromJsonAsync<Paged<SchoolResponse>>("/api/v1/admin/schools", HttpAssertions.Json, Ct);
        Assert.Equal(3, schools!.TotalCount);
    }

    [Fact]
    public async Task Seeding_the_same_demo_municipality_again_is_refused_with_a_clear_message()
    {
        var pupilsBefore = await App.WithDbAsync(db => db.Pupils.CountAsync(Ct));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DemoCommand.RunAsync(App.Services, new DemoSeedOptions(DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed), output, error, Ct);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Det finnes allerede en kommune med organisasjonsnummer {demo.Seeded.OrganisationNumber} (Fjordvik kommune)", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
        Assert.Equal(pupilsBefore, await App.WithDbAsync(db => db.Pupils.CountAsync(Ct)));
        Assert.Equal(1, await App.WithDbAsync(db => db.Municipalities.CountAsync(m => m.OrganisationNumber == demo.Seeded.OrganisationNumber, Ct)));
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    public async Task Home_page_does_not_list_demo_sign_ins_outside_development(string environment)
    {
        using var host = App.WithWebHostBuilder(builder => builder.UseEnvironment(environment)
            .UseSetting("Auth:SigningCertificate", TestCertificates.Pkcs12Base64("signing", X509KeyUsageFlags.DigitalSignature))
            .UseSetting("Auth:EncryptionCertificate", TestCertificates.Pkcs12Base64("encryption", X509KeyUsageFlags.KeyEncipherment)));
        // Outside Development the cookies are Secure-only, as behind the TLS front of a real deployment.
        var response = await host.CreateClient(new() { BaseAddress = new Uri("https://localhost") }).GetAsync("/", Ct);
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync(Ct);

        Assert.Contains("<h1>Velkommen til Meldebok</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Demobrukere", page, StringComparison.Ordinal);
        Assert.DoesNotContain("kari.nordmann", page, StringComparison.Ordinal);
    }

    private async Task<DemoSignIn> SignInAsync(string key) =>
        (await App.WithDbAsync(db => DemoSignIns.ListAsync(db, MunicipalityId, Ct))).Single(s => s.Key == key);

    private static Guid Person(IReadOnlyList<DemoSignIn> signIns, string key) => signIns.Single(s => s.Key == key).PersonId;
}
