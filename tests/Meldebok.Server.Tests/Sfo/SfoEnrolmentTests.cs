using System.Net;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>SFO places over HTTP: who manages them, the rules with the field or rule named, and ending without deleting.</summary>
public sealed class SfoEnrolmentTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bad_places_are_refused_naming_the_field()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var today = app.Today();
        var otherSchool = await world.Absence.Admin.CreateSchoolAsync("Nordre skole");
        var outsider = await world.Absence.Admin.CreatePupilAsync(RosterTestData.Pupil(otherSchool, "Liv", "Utenfor"));

        await (await world.Office.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(outsider.Id, SfoArrange.AllWeekdays, 100, today, null)))
            .ValidationProblemAsync("pupilId");
        await (await world.Office.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(world.PupilA, [], 100, today, null)))
            .ValidationProblemAsync("weekdays");
        await (await world.Office.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(world.PupilA, [DayOfWeek.Monday, DayOfWeek.Saturday], 100, today, null)))
            .ValidationProblemAsync("weekdays");
        await (await world.Office.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(world.PupilA, [DayOfWeek.Monday], 100, today, today.AddDays(-1))))
            .ValidationProblemAsync("endDate");
        await (await world.Office.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(world.PupilA, [DayOfWeek.Monday], 5, today, null)))
            .ValidationProblemAsync("placePercentage");
    }

    [Fact]
    public async Task A_pupil_has_one_place_at_a_unit_at_a_time()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var today = app.Today();
        await world.EnrolAsync(world.PupilA, today, [DayOfWeek.Monday, DayOfWeek.Wednesday], today.AddDays(30));

        var overlap = await (await world.Office.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(world.PupilA, [DayOfWeek.Friday], 40, today.AddDays(30), null)))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(SfoEnrolmentService.Overlaps, overlap.GetProperty("detail").GetString());
        // The day after the first place ends is free.
        var next = await world.EnrolAsync(world.PupilA, today.AddDays(31), [DayOfWeek.Friday]);
        Assert.Equal([DayOfWeek.Friday], next.Weekdays);
    }

    [Fact]
    public async Task Ending_a_place_sets_its_end_date_and_keeps_it_and_the_list_filters_by_date()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var today = app.Today();
        var place = await world.EnrolAsync(world.PupilA, today.AddDays(-10), [DayOfWeek.Tuesday, DayOfWeek.Thursday]);
        var changed = await (await world.Leader.PutJsonAsync($"{world.Enrolments}/{place.Id}",
            new SfoEnrolmentChange([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Thursday], 60, today.AddDays(-10), null))).ReadAsync<SfoEnrolmentResponse>();
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Thursday], changed.Weekdays);
        Assert.Equal(60, changed.PlacePercentage);

        var ended = await (await world.Office.DeleteAsync($"{world.Enrolments}/{place.Id}?endDate={today:yyyy-MM-dd}", Ct)).ReadAsync<SfoEnrolmentResponse>();

        Assert.Equal(today, ended.EndDate);
        await (await world.Office.DeleteAsync($"{world.Enrolments}/{place.Id}", Ct)).ProblemAsync(HttpStatusCode.Conflict);
        var all = await world.Office.GetPageAsync<SfoEnrolmentResponse>(world.Enrolments);
        Assert.Equal(place.Id, Assert.Single(all.Items).Id);
        Assert.Single((await world.Office.GetPageAsync<SfoEnrolmentResponse>($"{world.Enrolments}?activeOn={today:yyyy-MM-dd}")).Items);
        Assert.Empty((await world.Office.GetPageAsync<SfoEnrolmentResponse>($"{world.Enrolments}?activeOn={today.AddDays(1):yyyy-MM-dd}")).Items);
    }

    [Fact]
    public async Task Leaders_office_principal_and_administrators_manage_places_sfo_staff_get_403_and_other_staff_404()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var today = app.Today();
        var (otherUnitStaff, _, _) = await app.StaffClientAsync(world.Absence.Admin, world.SchoolId, Features.Roster.StaffRole.Teacher, world.Absence.Roster.ClassB);

        foreach (var client in new[] { world.Leader, world.Principal, world.Absence.Admin.Client })
        {
            (await client.GetAsync(world.Enrolments, Ct)).EnsureSuccessStatusCode();
        }

        await (await world.SfoStaff.GetAsync(world.Enrolments, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.SfoStaff.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(world.PupilA, [DayOfWeek.Monday], 100, today, null)))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.Teacher.GetAsync(world.Enrolments, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await otherUnitStaff.GetAsync(world.Enrolments, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianA.GetAsync(world.Enrolments, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        var otherMunicipality = await app.AdminOfNewMunicipalityAsync("Nabovik kommune");
        await (await otherMunicipality.Client.GetAsync(world.Enrolments, Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }
}
