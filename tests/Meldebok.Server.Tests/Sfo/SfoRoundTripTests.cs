using System.Net;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Realtime;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The round trips to PostgreSQL of the afternoon rush's two hot paths, counted from Npgsql's tracing (bench/afternoon-rush):
/// every round trip costs a socket send and a wake-up of a PostgreSQL backend on the same two cores. The test's sign-in is the
/// test scheme; a bearer token adds OpenIddict's two look-ups (the token entry and its authorization) to both. E-mail is on, so
/// the check-out reads the guardians to notify.
/// </summary>
public sealed class SfoRoundTripTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    [Fact]
    public async Task A_check_out_by_an_unlisted_person_takes_five_round_trips_and_a_board_read_four()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(15, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        // Warm-up: caches (the municipality's time zone) and EF Core's compiled queries, through the same paths.
        await (await world.CheckInAsync(day, world.PupilA, reason: "Venter på foresatte")).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, PickedUpByName: "Nabo", ConfirmUnlistedPickup: true)))
            .ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        await world.BoardAsync(day);
        await (await world.CheckInAsync(day, world.SfoPupil)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        using var counter = new NpgsqlCommandCounter();

        var (checkOut, checkOutTrips) = await counter.CountAsync(world.SfoStaff, async client =>
            await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.PickedUp, PickedUpByName: "Randi Hansen", ConfirmUnlistedPickup: true), client))
                .ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created));
        var (board, boardTrips) = await counter.CountAsync(world.SfoStaff, client => world.BoardAsync(day, client));

        // Check-out: the roster roles; the unit, the caller's roles there, the pupil's school and its last check-in; the pickup
        // plan with the authorized persons; the guardians with their notification settings; the writes as one batch.
        Assert.Equal(5, checkOutTrips);
        // Board: the roster roles; the unit with the caller's access; the expected children with the check-ins, check-outs,
        // handovers and alerts in one query; the pickup plans with the authorized persons.
        Assert.Equal(4, boardTrips);
        Assert.True(checkOut.UnlistedPickupConfirmed);
        var row = Assert.Single(board.Rows, r => r.PupilId == world.SfoPupil);
        Assert.Equal((SfoBoardState.Gone, "Randi Hansen"), (row.State, row.CheckOut!.PickedUpByName));
        Assert.Equal(SfoBoardState.Gone, Assert.Single(board.Rows, r => r.PupilId == world.PupilA).State);
    }

    [Fact]
    public async Task A_board_delta_after_a_check_out_takes_five_round_trips_and_one_with_nothing_published_since_two()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(15, 0));
        await app.EnrolAndCheckInAsync(world, day, world.SfoPupil, world.PupilA);
        // Warm-up: EF Core's compiled queries of the board, a delta with rows and an empty one.
        var board = await world.BoardAsync(day);
        await world.DeltaAsync(day, 0);
        await world.DeltaAsync(day, board.LastEventId);
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.WentHomeAlone))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        using var counter = new NpgsqlCommandCounter();

        var (delta, deltaTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, board.LastEventId, client));
        var (empty, emptyTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, delta.LastEventId, client));

        // The roster roles; the unit with the caller's access and the event cursor; the children the events since name; their
        // rows (places, check-ins and check-outs, handovers, alerts) in one query; their pickup plans with the authorized persons.
        Assert.True(deltaTrips == 5, $"{deltaTrips} round trips:\n{counter.Statements}");
        var row = Assert.Single(delta.Rows);
        Assert.Equal((world.SfoPupil, SfoBoardState.Gone), (row.PupilId, row.State));
        // Nothing published since: the roster roles and the unit with the cursor — no events and no rows are read.
        Assert.Equal(2, emptyTrips);
        Assert.Empty(empty.Rows);
    }
}
