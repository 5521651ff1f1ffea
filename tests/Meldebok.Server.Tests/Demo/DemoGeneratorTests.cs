using Meldebok.Server.Features.Demo;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Demo;

/// <summary>The generator on its own: the same seed gives the same municipality, and the sizes have the scale they promise.</summary>
public sealed class DemoGeneratorTests
{
    [Fact]
    public void Same_seed_generates_the_same_municipality()
    {
        var first = Fingerprint(DemoMunicipalityGenerator.Generate(DemoSize.Small, 7, MeldebokApp.DefaultNow));
        var second = Fingerprint(DemoMunicipalityGenerator.Generate(DemoSize.Small, 7, MeldebokApp.DefaultNow));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Another_seed_generates_another_municipality()
    {
        var one = DemoMunicipalityGenerator.Generate(DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed, MeldebokApp.DefaultNow);
        var two = DemoMunicipalityGenerator.Generate(DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed + 1, MeldebokApp.DefaultNow);

        Assert.Equal("Fjordvik kommune", one.Municipality.Name);
        Assert.Equal("fjordvik.kommune.no", one.FeideDomain);
        Assert.NotEqual(one.Municipality.Name, two.Municipality.Name);
        Assert.NotEqual(one.Municipality.OrganisationNumber, two.Municipality.OrganisationNumber);
        Assert.NotEqual(Fingerprint(one), Fingerprint(two));
    }

    [Theory]
    [InlineData("2027-06-19T10:00:00+02:00", 2026)]
    [InlineData("2027-08-01T00:30:00+02:00", 2027)]
    [InlineData("2027-07-31T23:30:00+00:00", 2027)] // already 1 August in Oslo
    public void School_year_starts_in_august_in_the_municipalitys_time_zone(string now, int schoolYear)
    {
        var demo = DemoMunicipalityGenerator.Generate(DemoSize.Small, 3, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(schoolYear, demo.SchoolYear);
        Assert.All(demo.Groups, g => Assert.Equal(schoolYear, g.SchoolYear));
        var gradeOfPupil = demo.GroupMemberships
            .Join(demo.Groups.Where(g => g.Kind == GroupKind.Class), m => m.GroupId, g => g.Id, (m, g) => (m.PupilId, g.Grade!.Value))
            .ToDictionary(x => x.PupilId, x => x.Value);
        Assert.All(demo.Pupils, p => Assert.Equal(schoolYear - 5 - gradeOfPupil[p.Id], p.BirthDate.Year));
    }

    [Fact]
    public void Trondheim_size_has_the_scale_of_trondheim()
    {
        var demo = DemoMunicipalityGenerator.Generate(DemoSize.Trondheim, DemoMunicipalityGenerator.DefaultSeed, MeldebokApp.DefaultNow);
        var counts = demo.Counts();

        Assert.Equal(60, counts.Schools);
        Assert.Equal(60, counts.SfoUnits);
        Assert.InRange(counts.Pupils, 20_000, 24_000);
        Assert.InRange(counts.Guardians, 36_000, 44_000);
        Assert.InRange(counts.Staff, 1_800, 3_000);
        Assert.Equal(60, demo.StaffAssignments.Count(a => a.Role == StaffRole.Principal));
        Assert.Equal(counts.Classes, demo.StaffAssignments.Count(a => a.Role == StaffRole.ContactTeacher));
        Assert.True(demo.GuardianLinks.Count(l => l.Blocked) > 1);
        Assert.True(demo.GuardianLinks.Count(l => l is { ParentalResponsibility: false, RightToInformation: true }) > 50);
        Assert.True(demo.Pupils.Count(p => p.ProtectedAddress == ProtectedAddressLevel.StrictlyConfidential) > 1);
        Assert.Equal(demo.Guardians.Count, demo.Guardians.Select(g => g.NationalIdentityNumber).Distinct().Count());
        Assert.Equal(demo.Staff.Count, demo.Staff.Select(s => s.FeideId).Distinct().Count());
    }

    /// <summary>Everything but the record ids, which are new on every run.</summary>
    private static string Fingerprint(DemoMunicipality demo)
    {
        var groups = demo.Groups.ToDictionary(g => g.Id, g => $"{demo.Schools.Single(s => s.Id == g.SchoolId).Name}/{g.Name}");
        var people = demo.Pupils.ToDictionary(p => p.Id, p => p.NationalIdentityNumber!)
            .Concat(demo.Guardians.ToDictionary(g => g.Id, g => g.NationalIdentityNumber))
            .ToDictionary(p => p.Key, p => p.Value);
        var staff = demo.Staff.ToDictionary(s => s.Id, s => s.FeideId!);
        return string.Join('\n',
        [
            $"{demo.Municipality.Name} {demo.Municipality.OrganisationNumber} {demo.SchoolYear}",
            .. demo.Schools.Select(s => $"{s.Name} {s.OrganisationNumber}"),
            .. demo.SfoUnits.Select(u => u.Name),
            .. groups.Values,
            .. demo.Pupils.Select(p => $"{p.GivenName} {p.FamilyName} {p.BirthDate:O} {p.NationalIdentityNumber} {p.ProtectedAddress} {p.SourcedId}"),
            .. demo.GroupMemberships.Select(m => $"{people[m.PupilId]} in {groups[m.GroupId]}"),
            .. demo.Guardians.Select(g => $"{g.GivenName} {g.FamilyName} {g.NationalIdentityNumber} {g.Email} {g.Mobile} {g.PreferredLanguage}"),
            .. demo.GuardianLinks.Select(l => $"{people[l.GuardianId]}→{people[l.PupilId]} {l.ParentalResponsibility} {l.DailyCare} {l.RightToInformation} {l.Blocked}"),
            .. demo.Staff.Select(s => $"{s.GivenName} {s.FamilyName} {s.FeideId} {s.Email} {s.Mobile}"),
            .. demo.StaffAssignments.Select(a => $"{staff[a.StaffId]} {a.Role} {demo.Schools.Single(s => s.Id == a.SchoolId).Name}"),
            .. demo.Administrators.Select(a => $"{a.GivenName} {a.FamilyName} {a.Email} {a.FeideId}"),
        ]);
    }
}
