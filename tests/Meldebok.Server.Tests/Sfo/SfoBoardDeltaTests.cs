using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The board's delta (<c>GET …/board/{date}?since=</c>) over HTTP: only the children whose row changed after an event, the
/// cursor to ask from next time, the whole board when the events since then are gone or unknown, the board's access rules and
/// the validation of <c>since</c>. Each test waits until the outbox is published: an event has its id only then.
/// </summary>
public sealed class SfoBoardDeltaTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A unit at 13:00 on the next weekday with the pupils <paramref name="pupils"/> picks (default the SFO pupil and pupil A)
    /// placed and checked in, and the board's cursor then.
    /// </summary>
    private async Task<(SfoWorld World, DateOnly Day, long Since)> CheckedInAsync(Func<SfoWorld, Guid[]>? pupils = null)
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await app.EnrolAndCheckInAsync(world, day, pupils?.Invoke(world) ?? [world.SfoPupil, world.PupilA]);
        return (world, day, (await world.BoardAsync(day)).LastEventId);
    }

    /// <summary>A live board of the unit: the SFO staff member's connection to the hub.</summary>
    private Task<HubClient> TabletAsync(SfoWorld world) => HubClient.ConnectWithHeadersAsync(app,
        new Dictionary<string, string> { ["Authorization"] = world.SfoStaff.DefaultRequestHeaders.Authorization!.ToString() });

    [Fact]
    public async Task A_delta_after_a_check_out_holds_exactly_that_child_and_with_no_event_since_it_is_empty()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await app.EnrolAndCheckInAsync(world, day, world.SfoPupil, world.PupilA);
        var board = await world.BoardAsync(day);
        Assert.True(board.Full);
        Assert.Equal(new SfoBoardCounts(0, 0, 2, 0, 0, 0), board.Counts);
        Assert.True(board.LastEventId > 0);

        app.SetLocalTime(day, new TimeOnly(15, 10));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        var delta = await world.DeltaAsync(day, board.LastEventId);

        Assert.False(delta.Full);
        Assert.Null(delta.Counts);
        Assert.Empty(delta.RemovedPupilIds);
        var row = Assert.Single(delta.Rows);
        Assert.Equal((world.SfoPupil, SfoBoardState.Gone, DepartureMethod.Bus), (row.PupilId, row.State, row.CheckOut!.Method));
        Assert.True(delta.LastEventId > board.LastEventId);
        // Nothing happened since: an empty delta with the same cursor.
        var nothing = await world.DeltaAsync(day, delta.LastEventId);
        Assert.Equal((false, 0, 0, delta.LastEventId), (nothing.Full, nothing.Rows.Count, nothing.RemovedPupilIds.Count, nothing.LastEventId));
    }

    [Fact]
    public async Task Boards_asking_for_the_same_change_share_one_read_whose_undo_flags_follow_the_clock_and_a_later_event_reads_again()
    {
        var (world, day, since) = await CheckedInAsync();
        app.SetLocalTime(day, new TimeOnly(15, 10));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();

        // Three tablets told of the check-out at once: each reads the roster roles, then the unit with its access, the cursor and
        // the children the events name in one statement (3 × 2); the child's row and plan are read once (2), not three times (3 × 4 = 12).
        using var counter = new NpgsqlCommandCounter();
        var (deltas, trips) = await counter.CountAsync(world.SfoStaff, client =>
            Task.WhenAll(world.DeltaAsync(day, since, client), world.DeltaAsync(day, since, client), world.DeltaAsync(day, since, client)));
        Assert.True(trips == 8, $"{trips} round trips:\n{counter.Statements}");
        // The leader's tablet a moment later: its own access read, the same rows.
        var (leaders, leaderTrips) = await counter.CountAsync(world.Leader, client => world.DeltaAsync(day, since, client));
        Assert.Equal(2, leaderTrips);
        foreach (var delta in deltas.Append(leaders))
        {
            var row = Assert.Single(delta.Rows);
            Assert.Equal((world.SfoPupil, SfoBoardState.Gone, DepartureMethod.Bus, true), (row.PupilId, row.State, row.CheckOut!.Method, row.CheckOut.Undoable));
        }

        // The undo window ends: the same shared read, its undo flag as of now.
        app.Time.Advance(TimeSpan.FromSeconds(121));
        Assert.False(Assert.Single((await world.DeltaAsync(day, since, world.Leader)).Rows).CheckOut!.Undoable);

        // The child comes back: a later event about the same child is a new read, not the one kept.
        (await world.CheckInAsync(day, world.SfoPupil, "Kom tilbake etter bussen")).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        var back = Assert.Single((await world.DeltaAsync(day, since)).Rows);
        Assert.Equal((world.SfoPupil, SfoBoardState.Arrived, true), (back.PupilId, back.State, back.CheckIn!.Undoable));
    }

    [Fact]
    public async Task A_board_further_behind_reads_the_children_it_lacks_and_a_board_after_it_gets_only_its_own_from_that_read()
    {
        var (world, day, behind) = await CheckedInAsync();
        app.SetLocalTime(day, new TimeOnly(15, 10));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        var upToDate = (await world.DeltaAsync(day, behind)).LastEventId;
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.WentHomeAlone))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();

        using var counter = new NpgsqlCommandCounter();
        // A board that saw the first check-out: only the second child, read for it (four round trips).
        var (first, firstTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, upToDate, client));
        // A board that saw neither: both children, more than that read holds, so one read of both (four).
        var (both, bothTrips) = await counter.CountAsync(world.Leader, client => world.DeltaAsync(day, behind, client));
        // Another up-to-date board: from the read of both, only its one child (two).
        var (again, againTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, upToDate, client));

        Assert.Equal((4, 4, 2), (firstTrips, bothTrips, againTrips));
        Assert.Equal(world.SfoPupil, Assert.Single(first.Rows).PupilId);
        Assert.Equal([world.PupilA, world.SfoPupil], both.Rows.Select(r => r.PupilId).Order());
        var row = Assert.Single(again.Rows);
        Assert.Equal((world.SfoPupil, SfoBoardState.Gone, DepartureMethod.WentHomeAlone), (row.PupilId, row.State, row.CheckOut!.Method));
    }

    [Fact]
    public async Task With_a_board_connected_the_changed_childs_row_is_read_as_the_event_is_pushed_and_the_board_only_checks_its_access()
    {
        var (world, day, since) = await CheckedInAsync();
        await using var tablet = await TabletAsync(world);

        app.SetLocalTime(day, new TimeOnly(15, 10));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        var pushed = await tablet.WaitForAsync(SfoEvents.CheckedOut, "pupilId", world.SfoPupil);
        Assert.Equal(day, DateOnly.Parse(pushed.Data.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        // The row and plan were read (or are being read) as the event went out: the board's own round trips are its roster
        // roles and the unit with its access, the cursor and the children the events name — not four.
        using var counter = new NpgsqlCommandCounter();
        var (delta, trips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, since, client));
        Assert.True(trips == 2, $"{trips} round trips:\n{counter.Statements}");
        var row = Assert.Single(delta.Rows);
        Assert.Equal((world.SfoPupil, SfoBoardState.Gone, DepartureMethod.Bus, true), (row.PupilId, row.State, row.CheckOut!.Method, row.CheckOut.Undoable));

        // The undo is pushed to the child's guardians as well; the board again finds the row read ahead.
        (await world.SfoStaff.PostAsync($"{world.Board(day)}/check-outs/{row.CheckOut.Id}/undo", null, Ct)).EnsureSuccessStatusCode();
        await tablet.WaitForAsync(SfoEvents.Undone, "pupilId", world.SfoPupil);
        var (undone, undoTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, delta.LastEventId, client));
        Assert.Equal(2, undoTrips);
        Assert.Equal((world.SfoPupil, SfoBoardState.Arrived), (Assert.Single(undone.Rows).PupilId, Assert.Single(undone.Rows).State));
    }

    [Fact]
    public async Task A_board_a_change_behind_finds_both_children_read_ahead_unless_the_first_change_is_older_than_the_recent_window()
    {
        var (world, day, since) = await CheckedInAsync(w => [w.SfoPupil, w.PupilA, w.PupilB]);
        await using var tablet = await TabletAsync(world);
        using var counter = new NpgsqlCommandCounter();

        // Two check-outs within the window: the read ahead of the second holds the first child too.
        app.SetLocalTime(day, new TimeOnly(15, 10));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        await tablet.WaitForAsync(SfoEvents.CheckedOut, "pupilId", world.PupilA);
        var afterFirst = (await world.DeltaAsync(day, since)).LastEventId;
        app.Time.Advance(SfoBoardPrefetch.Recent / 2);
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        await tablet.WaitForAsync(SfoEvents.CheckedOut, "pupilId", world.SfoPupil);
        var (both, bothTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, since, client));
        Assert.Equal([world.PupilA, world.SfoPupil], both.Rows.Select(r => r.PupilId).Order());
        Assert.True(bothTrips == 2, $"{bothTrips} round trips:\n{counter.Statements}");

        // A third check-out after the window: its read ahead holds only its own child, so a board a change behind reads both.
        app.Time.Advance(SfoBoardPrefetch.Recent + TimeSpan.FromMilliseconds(1));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilB, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        await tablet.WaitForAsync(SfoEvents.CheckedOut, "pupilId", world.PupilB);
        var (behind, behindTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, afterFirst, client));
        Assert.Equal(new[] { world.PupilB, world.SfoPupil }.Order(), behind.Rows.Select(r => r.PupilId).Order());
        Assert.Equal(4, behindTrips);
    }

    [Fact]
    public async Task Two_events_give_both_children_and_a_handover_names_the_pupils_it_handed_over()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(12, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        await world.EnrolAsync(world.PupilA, day.AddDays(-1));
        await app.WaitUntilAllPublishedAsync();
        var board = await world.BoardAsync(day);
        Assert.Equal(2, board.Rows.Count);

        app.SetLocalTime(day, new TimeOnly(13, 0));
        (await world.Teacher.PostJsonAsync($"/api/v1/groups/{world.ClassA}/sfo-handovers", new SfoHandoverRequest(day))).EnsureSuccessStatusCode();
        (await world.CheckInAsync(day, world.SfoPupil)).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        var delta = await world.DeltaAsync(day, board.LastEventId);

        Assert.False(delta.Full);
        Assert.Equal(
            new[] { (world.PupilA, SfoBoardState.HandedOver), (world.SfoPupil, SfoBoardState.Arrived) }.OrderBy(r => r.Item1).ToArray(),
            delta.Rows.Select(r => (r.PupilId, r.State)).OrderBy(r => r.PupilId).ToArray());
        // The office works the board too and gets the same delta.
        var asOffice = await world.DeltaAsync(day, board.LastEventId, world.Office);
        Assert.Equal(delta.Rows.Select(r => r.PupilId).Order(), asOffice.Rows.Select(r => r.PupilId).Order());
    }

    [Fact]
    public async Task An_event_to_the_school_office_names_a_child_only_when_the_child_has_a_place_at_the_unit()
    {
        var (world, day, since) = await CheckedInAsync();

        // Absence to the school only goes to the school office (and the class's staff), not to the unit's staff.
        await world.Absence.GuardianB.ReportAsync(new AbsenceNoticeRequest(world.PupilB, day, day, null, null, true, false, AbsenceReason.Illness));
        await app.WaitUntilAllPublishedAsync();
        var noPlace = await world.DeltaAsync(day, since);
        Assert.Equal((false, 0, 0), (noPlace.Full, noPlace.Rows.Count, noPlace.RemovedPupilIds.Count));

        await world.Absence.GuardianA.ReportAsync(new AbsenceNoticeRequest(world.PupilA, day, day, null, null, true, false, AbsenceReason.Illness));
        await app.WaitUntilAllPublishedAsync();
        var withPlace = await world.DeltaAsync(day, since);
        Assert.False(withPlace.Full);
        Assert.Equal((world.PupilA, SfoBoardState.Arrived), (Assert.Single(withPlace.Rows).PupilId, Assert.Single(withPlace.Rows).State));
    }

    [Fact]
    public async Task The_missing_child_alert_and_a_pickup_message_for_the_day_show_in_the_delta()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.PupilA, day.AddDays(-1));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        (await world.Teacher.PostJsonAsync($"/api/v1/groups/{world.ClassA}/sfo-handovers", new SfoHandoverRequest(day))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        var board = await world.BoardAsync(day);
        Assert.False(Assert.Single(board.Rows, r => r.PupilId == world.PupilA).Missing);

        // 13:20: pupil A was handed over at 13:00 and has not arrived; the guardian says the bus takes the child home at 15:00.
        app.SetLocalTime(day, new TimeOnly(13, 20));
        // The job runs for every unit of the shared database (other tests' worlds too), so its count is not this world's;
        // the row's Missing flag below is.
        await app.RunMissingAlertJobAsync();
        await world.GuardianA.SendAsync(world.PupilA, new Features.Sfo.Pickup.PickupMessageRequest(day, DepartureMethod.Bus, new TimeOnly(15, 0)));
        await app.WaitUntilAllPublishedAsync();
        var delta = await world.DeltaAsync(day, board.LastEventId);

        var row = Assert.Single(delta.Rows);
        Assert.Equal((world.PupilA, SfoBoardState.HandedOver, true), (row.PupilId, row.State, row.Missing));
        Assert.Equal((Features.Sfo.Pickup.PickupPlanSource.Message, DepartureMethod.Bus, new TimeOnly(15, 0)),
            (row.PickupPlan!.Source, row.PickupPlan.Method, row.PickupPlan.Time));
    }

    [Fact]
    public async Task A_child_who_leaves_the_board_is_named_as_removed()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        // Pupil B has no place: on the board only while checked in, with a reason.
        var checkIn = await (await world.CheckInAsync(day, world.PupilB, "Hentes sent i dag")).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        await app.WaitUntilAllPublishedAsync();
        var board = await world.BoardAsync(day);
        Assert.Equal(world.PupilB, Assert.Single(board.Rows).PupilId);

        (await world.SfoStaff.PostAsync($"{world.Board(day)}/check-ins/{checkIn.Id}/undo", null, Ct)).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        var delta = await world.DeltaAsync(day, board.LastEventId);

        Assert.False(delta.Full);
        Assert.Empty(delta.Rows);
        Assert.Equal(new[] { world.PupilB }, delta.RemovedPupilIds);
    }

    [Fact]
    public async Task A_since_beyond_the_kept_events_or_unknown_answers_the_whole_board()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        await world.EnrolAsync(world.PupilA, day.AddDays(-1));
        await app.WaitUntilAllPublishedAsync();
        var board = await world.BoardAsync(day);
        (await world.CheckInAsync(day, world.SfoPupil)).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();

        // Unknown: an id no event has had yet.
        var unknown = await world.DeltaAsync(day, board.LastEventId + 1000);
        Assert.True(unknown.Full);
        Assert.Equal(new SfoBoardCounts(1, 0, 1, 0, 0, 0), unknown.Counts);
        Assert.Equal(2, unknown.Rows.Count);
        // Too old: retention deleted the event right after it (the check-in's), so what changed since cannot be told.
        await app.WithDbAsync(db => db.OutboxEvents.Where(e => e.Sequence <= board.LastEventId + 1).ExecuteDeleteAsync(Ct));
        var tooOld = await world.DeltaAsync(day, board.LastEventId);
        Assert.True(tooOld.Full);
        Assert.Equal(2, tooOld.Rows.Count);
        Assert.Equal(SfoBoardState.Arrived, Assert.Single(tooOld.Rows, r => r.PupilId == world.SfoPupil).State);
        Assert.Equal(unknown.LastEventId, tooOld.LastEventId);
    }

    [Fact]
    public async Task A_board_more_events_behind_than_the_delta_window_reads_the_whole_board()
    {
        var (world, day, since) = await CheckedInAsync();
        app.SetLocalTime(day, new TimeOnly(15, 10));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.Bus))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();

        // Other units' events after the check-out's, published: the board is that many events behind. A few short of the
        // window, so that an event the test does not make (none is expected) cannot fill it.
        async Task PublishOthersAsync(int count) => await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_events (type, audiences, payload, created_at, published_at, sequence)
            SELECT 'sfo.checked-in', ARRAY['sfo-staff:' || gen_random_uuid()], jsonb_build_object(), now(), now(), m.newest + n
            FROM (SELECT max(sequence) AS newest FROM outbox_events) m, generate_series(1, {count}) n
            """, Ct));
        var behind = await app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Sequence > since, Ct));
        await PublishOthersAsync(SfoBoardService.DeltaWindow - behind - 5);

        var delta = await world.DeltaAsync(day, since);
        Assert.False(delta.Full);
        Assert.Equal((world.SfoPupil, SfoBoardState.Gone), (Assert.Single(delta.Rows).PupilId, Assert.Single(delta.Rows).State));

        // Past the window the delta cannot tell that it saw every change since: the whole board, with the newest cursor.
        await PublishOthersAsync(10);
        var whole = await world.DeltaAsync(day, since);
        Assert.True(whole.Full);
        Assert.Equal(2, whole.Rows.Count);
        Assert.Equal(SfoBoardState.Gone, Assert.Single(whole.Rows, r => r.PupilId == world.SfoPupil).State);
        Assert.Equal(await app.WithDbAsync(db => db.OutboxEvents.MaxAsync(e => e.Sequence, Ct)), whole.LastEventId);
        // A board that has caught up gets deltas again.
        Assert.False((await world.DeltaAsync(day, whole.LastEventId)).Full);
    }

    [Fact]
    public async Task Since_must_be_a_whole_number_of_zero_or_more()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));

        var negative = await (await world.SfoStaff.GetAsync($"{world.Board(day)}?since=-1", Ct)).ValidationProblemAsync("since");
        Assert.Equal("since må være 0 eller større.", negative.GetProperty("since")[0].GetString());
        await (await world.SfoStaff.GetAsync($"{world.Board(day)}?since=abc", Ct)).ValidationProblemAsync("since");
    }

    [Fact]
    public async Task The_delta_keeps_the_boards_access_rules()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        var since = (await world.BoardAsync(day)).LastEventId;

        // A teacher without the unit does not learn it exists; guardians and administrators are outside the staff policy.
        await (await world.Teacher.GetAsync($"{world.Board(day)}?since={since}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianA.GetAsync($"{world.Board(day)}?since={since}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.Absence.Admin.Client.GetAsync($"{world.Board(day)}?since={since}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        (await world.Principal.GetAsync($"{world.Board(day)}?since={since}", Ct)).EnsureSuccessStatusCode();
    }
}
