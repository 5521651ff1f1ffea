using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The board over HTTP: who is expected (places, weekdays, absence and leave), check-in and check-out with their rules, the undo
/// window, and who may see the board. The clock only moves forward: every test works on a weekday after the previous test's.
/// </summary>
public sealed class SfoBoardTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Expected_children_leave_out_whole_day_absence_and_approved_leave_and_keep_part_day_absence_on_the_row()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(7, 0));
        var plain = await world.Absence.Admin.CreatePupilAsync(RosterTestData.Pupil(world.SchoolId, "Ella", "Moe") with { GroupIds = [world.Absence.Roster.SfoGroup] });
        var start = day.AddDays(-7);
        var otherDay = day.DayOfWeek == DayOfWeek.Friday ? DayOfWeek.Monday : day.DayOfWeek + 1;
        foreach (var pupil in new[] { world.PupilA, world.PupilB, world.SfoPupil, plain.Id })
        {
            await world.EnrolAsync(pupil, start);
        }

        await world.EnrolAsync(world.Absence.Roster.ProtectedPupil, start, [otherDay]);
        // Pupil A: away 14:00–15:00 (part of the day, to the SFO). The SFO pupil: a whole day logged from a phone call.
        await world.GuardianA.ReportAsync(Notice(world.PupilA, day, toSchool: false, toSfo: true, from: new TimeOnly(14, 0), to: new TimeOnly(15, 0)));
        (await world.SfoStaff.PostJsonAsync(Legacy, new LegacyAbsenceRequest(world.SfoPupil, AbsenceChannel.Phone, day, day, ToSchool: false, ToSfo: true)))
            .EnsureSuccessStatusCode();
        // Pupil B: approved leave for the day.
        var leave = await (await world.Absence.GuardianB.PostJsonAsync("/api/v1/leave-applications", new LeaveApplicationRequest(world.PupilB, day, day, "Bryllup i familien.")))
            .ReadAsync<LeaveApplicationResponse>(HttpStatusCode.Created);
        (await world.Principal.PostJsonAsync($"/api/v1/staff/leave-applications/{leave.Id}/decide", new LeaveDecisionRequest(LeaveDecision.Approved))).EnsureSuccessStatusCode();

        var board = await world.BoardAsync(day);

        Assert.Equal(new[] { plain.Id, world.PupilA }.Order().ToArray(), board.Rows.Select(r => r.PupilId).Order().ToArray());
        var partDay = Assert.Single(board.Rows, r => r.PupilId == world.PupilA);
        Assert.Equal((new TimeOnly(14, 0), new TimeOnly(15, 0)), (partDay.AbsentFrom, partDay.AbsentTo));
        Assert.All(board.Rows, r => Assert.Equal(SfoBoardState.Expected, r.State));
        Assert.Equal(new SfoBoardCounts(Expected: 2, HandedOver: 0, Arrived: 0, Gone: 0, Missing: 0, AbsentWholeDay: 2), board.Counts);
        // The protected pupil's place is on another weekday.
        Assert.DoesNotContain(board.Rows, r => r.PupilId == world.Absence.Roster.ProtectedPupil);
    }

    [Fact]
    public async Task A_child_without_a_place_is_checked_in_only_with_a_reason_which_is_recorded()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));

        await (await world.CheckInAsync(day, world.SfoPupil)).ValidationProblemAsync("reason");
        var row = await (await world.CheckInAsync(day, world.SfoPupil, "Foreldrene ringte: hentes sent i dag.")).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);

        Assert.Equal("Foreldrene ringte: hentes sent i dag.", row.Reason);
        var onBoard = Assert.Single((await world.BoardAsync(day)).Rows);
        Assert.Equal((world.SfoPupil, false, SfoBoardState.Arrived), (onBoard.PupilId, onBoard.Enrolled, onBoard.State));
        Assert.Equal("Foreldrene ringte: hentes sent i dag.", onBoard.CheckIn!.Reason);
        await (await world.CheckInAsync(day, world.SfoPupil, "igjen")).ProblemAsync(HttpStatusCode.Conflict);
        await (await world.CheckInAsync(day.AddDays(1), world.SfoPupil, "i morgen")).ValidationProblemAsync("date");
    }

    [Fact]
    public async Task Check_out_needs_a_check_in_and_a_pickup_names_who_and_confirms_an_unlisted_person()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));

        var notIn = await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.WentHomeAlone))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(SfoAttendanceService.NotCheckedIn, notIn.GetProperty("detail").GetString());
        (await world.CheckInAsync(day, world.SfoPupil)).EnsureSuccessStatusCode();
        app.SetLocalTime(day, new TimeOnly(15, 42));
        await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.PickedUp))).ValidationProblemAsync("pickedUpByName");
        await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.PickedUp, PickedUpByName: "Bestemor")))
            .ValidationProblemAsync("confirmUnlistedPickup");
        await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.Bus, PickedUpByName: "Bestemor")))
            .ValidationProblemAsync("method");

        var gone = await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.PickedUp, PickedUpByName: "Bestemor", ConfirmUnlistedPickup: true)))
            .ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);

        Assert.True(gone.UnlistedPickupConfirmed);
        var confirmedBy = await app.WithDbAsync(db => db.SfoAttendances.Where(a => a.Id == gone.Id).Select(a => a.UnlistedPickupConfirmedByStaffId).SingleAsync(Ct));
        Assert.Equal(world.SfoStaffId, confirmedBy);
        var row = Assert.Single((await world.BoardAsync(day)).Rows);
        Assert.Equal((SfoBoardState.Gone, DepartureMethod.PickedUp, "Bestemor"), (row.State, row.CheckOut!.Method, row.CheckOut.PickedUpByName));
        await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.WentHomeAlone))).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Undo_within_the_window_marks_the_row_undone_and_after_the_window_answers_409()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        var checkIn = await (await world.CheckInAsync(day, world.SfoPupil)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        var checkOut = await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.Bus))).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);

        await (await world.SfoStaff.PostAsync($"{world.Board(day)}/check-ins/{checkIn.Id}/undo", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        app.Time.Advance(TimeSpan.FromSeconds(119));
        var undone = await (await world.SfoStaff.PostAsync($"{world.Board(day)}/check-outs/{checkOut.Id}/undo", null, Ct)).ReadAsync<SfoAttendanceResponse>();
        Assert.NotNull(undone.UndoneAt);
        Assert.Equal(SfoBoardState.Arrived, Assert.Single((await world.BoardAsync(day)).Rows).State);
        await (await world.SfoStaff.PostAsync($"{world.Board(day)}/check-outs/{checkOut.Id}/undo", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);

        app.Time.Advance(TimeSpan.FromSeconds(2));
        var late = await (await world.SfoStaff.PostAsync($"{world.Board(day)}/check-ins/{checkIn.Id}/undo", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(SfoAttendanceService.UndoTooLate, late.GetProperty("detail").GetString());
        // History stays: both rows are stored, the check-out marked undone.
        var rows = await app.WithDbAsync(db => db.SfoAttendances.Where(a => a.PupilId == world.SfoPupil).OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
            .Select(a => new { a.Kind, Undone = a.UndoneAt != null }).ToListAsync(Ct));
        Assert.Equal([(SfoAttendanceKind.CheckIn, false), (SfoAttendanceKind.CheckOut, true)], rows.Select(r => (r.Kind, r.Undone)).ToArray());
    }

    [Fact]
    public async Task Staff_of_another_unit_teachers_and_guardians_do_not_reach_the_board()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        var otherUnit = await world.Absence.Admin.Client.CreateSfoUnitAsync(world.SchoolId, "Andre SFO");
        var otherGroup = await app.ArrangeGroupAsync(world.Absence.Admin.MunicipalityId, world.SchoolId, "SFO 3–4", GroupKind.SfoGroup);
        await app.WithDbAsync(async db =>
        {
            var group = await db.Groups.SingleAsync(g => g.Id == otherGroup, Ct);
            group.SfoUnitId = otherUnit.Id;
            return await db.SaveChangesAsync(Ct);
        });
        var (otherStaff, _, _) = await app.StaffClientAsync(world.Absence.Admin, world.SchoolId, StaffRole.SfoStaff, otherGroup);

        foreach (var outsider in new[] { otherStaff, world.Teacher })
        {
            await (await outsider.GetAsync(world.Board(day), Ct)).ProblemAsync(HttpStatusCode.NotFound);
            await (await world.CheckInAsync(day, world.SfoPupil, client: outsider)).ProblemAsync(HttpStatusCode.NotFound);
        }

        await (await world.GuardianA.GetAsync(world.Board(day), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.Absence.Admin.Client.GetAsync(world.Board(day), Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        // The office and the principal of the school work every board of it.
        (await world.Office.GetAsync(world.Board(day), Ct)).EnsureSuccessStatusCode();
        (await world.CheckInAsync(day, world.SfoPupil, client: world.Principal)).EnsureSuccessStatusCode();
        // The guardian of another child does not learn about this one; staff are not guardians.
        await (await world.Absence.GuardianB.GetAsync($"/api/v1/pupils/{world.PupilA}/sfo/today", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.SfoStaff.GetAsync($"/api/v1/pupils/{world.SfoPupil}/sfo/today", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
