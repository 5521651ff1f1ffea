using Meldebok.Browser.Tests.Infrastructure;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Roster;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Browser.Tests.Absence;

/// <summary>People of a small school with SFO, acting through real accounts whose roles come from the roster.</summary>
internal sealed record AbsenceBrowserWorld(TestUser Guardian, TestUser ContactTeacher, TestUser Office, TestUser Principal, Guid PupilId);

internal static class AbsenceBrowserArrange
{
    /// <summary>
    /// A municipality with a school, class 5A, an SFO group, the pupil Emma Hansen in both, her guardian,
    /// her contact teacher Kari Larsen, the school office and the principal; optionally one notice already reported
    /// and one leave application awaiting the principal's decision; with either option, Emma has an SFO place every weekday.
    /// </summary>
    public static async Task<AbsenceBrowserWorld> ArrangeAbsenceWorldAsync(this BrowserApp app, bool withNotice = false, bool withSfoPlace = false)
    {
        var guardianNin = TestIdentifiers.NextNationalIdentityNumber();
        var teacherFeide = $"kari.{Guid.NewGuid():N}@nettvik.kommune.no";
        var officeFeide = $"kontor.{Guid.NewGuid():N}@nettvik.kommune.no";
        var principalFeide = $"rektor.{Guid.NewGuid():N}@nettvik.kommune.no";
        var pupilId = await app.WithDbAsync(async db =>
        {
            var municipality = new Municipality { Name = "Nettvik kommune", OrganisationNumber = TestIdentifiers.NextOrganisationNumber() };
            var m = municipality.Id;
            var school = new School(m) { Name = "Nettvik skole" };
            var unit = new SfoUnit(m) { SchoolId = school.Id, Name = "Nettvik SFO" };
            var fiveA = new Group(m) { SchoolId = school.Id, Name = "5A", Kind = GroupKind.Class, SchoolYear = 2026, Grade = 5 };
            var sfo = new Group(m) { SchoolId = school.Id, SfoUnitId = unit.Id, Name = "SFO", Kind = GroupKind.SfoGroup, SchoolYear = 2026 };
            var pupil = new Pupil(m) { SchoolId = school.Id, GivenName = "Emma", FamilyName = "Hansen", BirthDate = new DateOnly(2016, 5, 14) };
            var guardian = new Guardian(m) { GivenName = "Per", FamilyName = "Hansen", NationalIdentityNumber = guardianNin };
            var teacher = new Staff(m) { GivenName = "Kari", FamilyName = "Larsen", FeideId = teacherFeide };
            var office = new Staff(m) { GivenName = "Olav", FamilyName = "Kontor", FeideId = officeFeide };
            var principal = new Staff(m) { GivenName = "Randi", FamilyName = "Rektor", FeideId = principalFeide };
            var teaching = new StaffAssignment(m) { StaffId = teacher.Id, SchoolId = school.Id, Role = StaffRole.ContactTeacher };
            db.AddRange(municipality, school, unit, fiveA, sfo, pupil, guardian, teacher, office, principal, teaching,
                new StaffAssignment(m) { StaffId = office.Id, SchoolId = school.Id, Role = StaffRole.Office },
                new StaffAssignment(m) { StaffId = principal.Id, SchoolId = school.Id, Role = StaffRole.Principal });
            db.GroupMemberships.AddRange(new GroupMembership { PupilId = pupil.Id, GroupId = fiveA.Id }, new GroupMembership { PupilId = pupil.Id, GroupId = sfo.Id });
            db.StaffAssignmentGroups.Add(new StaffAssignmentGroup { StaffAssignmentId = teaching.Id, GroupId = fiveA.Id });
            db.GuardianLinks.Add(new GuardianLink(m) { GuardianId = guardian.Id, PupilId = pupil.Id, ParentalResponsibility = true, DailyCare = true });
            if (withNotice || withSfoPlace)
            {
                // An SFO place every weekday, so the SFO pages have a child to show.
                db.SfoEnrolments.Add(new Meldebok.Server.Features.Sfo.SfoEnrolment
                {
                    MunicipalityId = m, SfoUnitId = unit.Id, PupilId = pupil.Id, PlacePercentage = 100,
                    StartDate = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime).AddDays(-30),
                    Weekdays = (Meldebok.Server.Features.Sfo.SfoWeekdays)31, CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
                });
            }

            if (withNotice)
            {
                var today = DateOnly.FromDateTime(MeldebokApp.DefaultNow.UtcDateTime);
                db.AbsenceNotices.Add(new AbsenceNotice
                {
                    MunicipalityId = m, PupilId = pupil.Id, SchoolId = school.Id, ReportedByGuardianId = guardian.Id, Channel = AbsenceChannel.Digital,
                    ToSchool = true, ToSfo = true, FirstDate = today.AddDays(1), LastDate = today.AddDays(2), Reason = AbsenceReason.Illness,
                    CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
                });
                db.LeaveApplications.Add(new LeaveApplication
                {
                    MunicipalityId = m, PupilId = pupil.Id, SchoolId = school.Id, AppliedByGuardianId = guardian.Id,
                    FirstDate = today.AddDays(10), LastDate = today.AddDays(11), Reason = "Familiebryllup i Bergen.",
                    CreatedAt = MeldebokApp.DefaultNow, UpdatedAt = MeldebokApp.DefaultNow,
                });
            }

            await db.SaveChangesAsync();
            return pupil.Id;
        });

        return new AbsenceBrowserWorld(
            await app.AccountAsync("Per Hansen", nationalIdentityNumber: guardianNin),
            await app.AccountAsync("Kari Larsen", feideId: teacherFeide),
            await app.AccountAsync("Olav Kontor", feideId: officeFeide),
            await app.AccountAsync("Randi Rektor", feideId: principalFeide),
            pupilId);
    }

    /// <summary>Jonas Berg, a classmate of Emma in 5A who is not in the SFO, with his guardian Lise Berg (parental responsibility).</summary>
    public static Task<int> AddClassmateWithoutSfoAsync(this BrowserApp app, AbsenceBrowserWorld world) => app.WithDbAsync(async db =>
    {
        var emma = await db.Pupils.SingleAsync(p => p.Id == world.PupilId);
        var m = emma.MunicipalityId;
        var fiveA = await db.Groups.SingleAsync(g => g.SchoolId == emma.SchoolId && g.Name == "5A");
        var jonas = new Pupil(m) { SchoolId = emma.SchoolId, GivenName = "Jonas", FamilyName = "Berg", BirthDate = new DateOnly(2016, 2, 3) };
        var lise = new Guardian(m) { GivenName = "Lise", FamilyName = "Berg", NationalIdentityNumber = TestIdentifiers.NextNationalIdentityNumber() };
        db.AddRange(jonas, lise);
        db.GroupMemberships.Add(new GroupMembership { PupilId = jonas.Id, GroupId = fiveA.Id });
        db.GuardianLinks.Add(new GuardianLink(m) { GuardianId = lise.Id, PupilId = jonas.Id, ParentalResponsibility = true, DailyCare = true });
        return await db.SaveChangesAsync();
    });

    /// <summary>The class (5A) of the pupil: for pages whose address names the group.</summary>
    public static Task<Guid> ClassOfAsync(this BrowserApp app, Guid pupilId) => app.WithDbAsync(db => db.GroupMemberships
        .Where(m => m.PupilId == pupilId)
        .Join(db.Groups.Where(g => g.Kind == GroupKind.Class), m => m.GroupId, g => g.Id, (m, g) => g.Id)
        .SingleAsync());

    internal static async Task<TestUser> AccountAsync(this BrowserApp app, string displayName, string? nationalIdentityNumber = null, string? feideId = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
        var user = new MeldebokUser
        {
            UserName = feideId ?? "person-" + Guid.NewGuid().ToString("N"),
            DisplayName = displayName,
            NationalIdentityNumber = nationalIdentityNumber,
            FeideId = feideId,
        };
        var result = await users.CreateAsync(user);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return TestUser.Account(user.Id) with { Name = displayName };
    }
}
