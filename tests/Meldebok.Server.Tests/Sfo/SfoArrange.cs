using System.Net;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The absence world (an SFO unit behind its SFO group, pupil A and the SFO pupil in the group) with SFO staff and an SFO
/// leader of the unit, the contact teacher of 5A, the office and the principal, each acting through a real account.
/// </summary>
internal sealed record SfoWorld(AbsenceWorld Absence, HttpClient SfoStaff, Guid SfoStaffId, HttpClient Leader, HttpClient Teacher, HttpClient Office, HttpClient Principal)
{
    public Guid UnitId => Absence.SfoUnitId;
    public Guid SchoolId => Absence.SchoolId;
    public Guid PupilA => Absence.PupilA;
    public Guid PupilB => Absence.PupilB;
    public Guid SfoPupil => Absence.Roster.SfoPupil;
    public Guid ClassA => Absence.Roster.ClassA;
    public HttpClient GuardianA => Absence.GuardianA;
    public string Board(DateOnly date) => $"/api/v1/sfo-units/{UnitId}/board/{date:yyyy-MM-dd}";
    public string Enrolments => $"/api/v1/sfo-units/{UnitId}/enrolments";
}

internal static class SfoArrange
{
    public static readonly DayOfWeek[] AllWeekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SfoWorld> ArrangeSfoWorldAsync(this MeldebokApp app)
    {
        var absence = await app.ArrangeAbsenceWorldAsync();
        var roster = absence.Roster;
        var (sfoStaff, _, sfoStaffId) = await app.StaffClientAsync(roster.Admin, roster.SchoolId, StaffRole.SfoStaff, roster.SfoGroup);
        var (leader, _, _) = await app.StaffClientAsync(roster.Admin, roster.SchoolId, StaffRole.SfoLeader, roster.SfoGroup);
        var (teacher, _, _) = await app.StaffClientAsync(roster.Admin, roster.SchoolId, StaffRole.ContactTeacher, roster.ClassA);
        var (office, _, _) = await app.StaffClientAsync(roster.Admin, roster.SchoolId, StaffRole.Office);
        var (principal, _, _) = await app.StaffClientAsync(roster.Admin, roster.SchoolId, StaffRole.Principal);
        return new SfoWorld(absence, sfoStaff, sfoStaffId, leader, teacher, office, principal);
    }

    /// <summary>The next Monday–Friday after today, with the clock at <paramref name="time"/> (Oslo).</summary>
    public static DateOnly NextWeekday(this MeldebokApp app, TimeOnly time)
    {
        var day = app.Today().AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        app.SetLocalTime(day, time);
        return day;
    }

    public static async Task<SfoEnrolmentResponse> EnrolAsync(this SfoWorld world, Guid pupilId, DateOnly start, IReadOnlyList<DayOfWeek>? days = null, DateOnly? end = null) =>
        await (await world.Office.PostJsonAsync(world.Enrolments, new SfoEnrolmentRequest(pupilId, days ?? AllWeekdays, 100, start, end)))
            .ReadAsync<SfoEnrolmentResponse>(HttpStatusCode.Created);

    public static Task<SfoBoardResponse> BoardAsync(this SfoWorld world, DateOnly date, HttpClient? client = null) =>
        (client ?? world.SfoStaff).GetJsonAsync<SfoBoardResponse>(world.Board(date));

    /// <summary>Gives each pupil a place from the day before <paramref name="day"/>, checks each in and waits until the outbox is published.</summary>
    public static async Task EnrolAndCheckInAsync(this MeldebokApp app, SfoWorld world, DateOnly day, params Guid[] pupilIds)
    {
        foreach (var pupilId in pupilIds)
        {
            await world.EnrolAsync(pupilId, day.AddDays(-1));
            (await world.CheckInAsync(day, pupilId)).EnsureSuccessStatusCode();
        }

        await app.WaitUntilAllPublishedAsync();
    }

    /// <summary>The board's delta: the children whose row changed after the event <paramref name="since"/>.</summary>
    public static Task<SfoBoardResponse> DeltaAsync(this SfoWorld world, DateOnly date, long since, HttpClient? client = null) =>
        (client ?? world.SfoStaff).GetJsonAsync<SfoBoardResponse>($"{world.Board(date)}?since={since}");

    public static Task<HttpResponseMessage> CheckInAsync(this SfoWorld world, DateOnly date, Guid pupilId, string? reason = null, HttpClient? client = null) =>
        (client ?? world.SfoStaff).PostJsonAsync($"{world.Board(date)}/check-ins", new SfoCheckInRequest(pupilId, reason));

    public static Task<HttpResponseMessage> CheckOutAsync(this SfoWorld world, DateOnly date, SfoCheckOutRequest request, HttpClient? client = null) =>
        (client ?? world.SfoStaff).PostJsonAsync($"{world.Board(date)}/check-outs", request);

    /// <summary>A check-in with an <c>Idempotency-Key</c>, as the tablet retries it.</summary>
    public static Task<HttpResponseMessage> CheckInWithKeyAsync(this SfoWorld world, DateOnly date, SfoCheckInRequest request, string key, HttpClient? client = null) =>
        (client ?? world.SfoStaff).PostJsonWithKeyAsync($"{world.Board(date)}/check-ins", request, key);

    /// <summary>A check-out with an <c>Idempotency-Key</c>, as the tablet retries it.</summary>
    public static Task<HttpResponseMessage> CheckOutWithKeyAsync(this SfoWorld world, DateOnly date, SfoCheckOutRequest request, string key, HttpClient? client = null) =>
        (client ?? world.SfoStaff).PostJsonWithKeyAsync($"{world.Board(date)}/check-outs", request, key);

    public static async Task<int> RunMissingAlertJobAsync(this MeldebokApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SfoMissingAlertJob>().RunAsync(Ct);
    }

    /// <summary>The outbox rows of <paramref name="type"/>, oldest first.</summary>
    /// <summary>The world's events of a type (the test class shares its database with the class's other tests and their worlds).</summary>
    public static Task<List<OutboxEvent>> EventsOfTypeAsync(this MeldebokApp app, SfoWorld world, string type) =>
        app.WithDbAsync(db => db.OutboxEvents.AsNoTracking()
            .Where(e => e.Type == type && e.MunicipalityId == world.Absence.Admin.MunicipalityId).OrderBy(e => e.Id).ToListAsync(Ct));
}
