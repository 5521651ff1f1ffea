using System.Net;
using Meldebok.Server.Tests.Infrastructure;

namespace Meldebok.Server.Tests.Roster;

/// <summary>Moves the class's clock, so it has a class (and a clock) of its own.</summary>
public sealed class PupilBirthDateClockTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task Birth_date_is_judged_by_the_date_in_Oslo_not_in_UTC()
    {
        var admin = await app.AdminOfNewMunicipalityAsync();
        var school = await admin.CreateSchoolAsync();

        // From 05:30 to 22:30 UTC on 7 September, which is 00:30 on 8 September in Oslo (summer time).
        app.Time.Advance(TimeSpan.FromHours(17));
        Assert.Equal(new DateTime(2026, 9, 7, 22, 30, 0, DateTimeKind.Utc), app.Time.GetUtcNow().UtcDateTime);

        await (await admin.Client.PostJsonAsync("/api/v1/admin/pupils", RosterTestData.Pupil(school, birthDate: new DateOnly(2026, 9, 8))))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        await (await admin.Client.PostJsonAsync("/api/v1/admin/pupils", RosterTestData.Pupil(school, birthDate: new DateOnly(2026, 9, 9))))
            .ValidationProblemAsync("birthDate");
    }
}
