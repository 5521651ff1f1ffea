using System.Net;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// A keyed check-out claims its key, writes the check-out with the guardians' notifications and stores its response in one
/// transaction; the delivery of the notifications is enqueued only after that commit (<c>AfterCommit</c>): once for the first
/// request, never for a replay, never after a rollback, and a refused enqueue loses nothing because the delivery job's sweep
/// finds the committed notifications.
/// </summary>
public sealed class SfoCheckOutIdempotencyTests(SfoCommitApp app) : IClassFixture<SfoCommitApp>
{
    private const string PickedUpBy = "Hentet av Randi Hansen 15:42";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IdempotencyFilter.ReplayedHeader, out var values) && values.Single() == "true";

    /// <summary>Pupil A (two guardians, both with an e-mail address) checked in at 13:00; the clock at 15:42.</summary>
    private async Task<(SfoWorld World, DateOnly Day, SfoCheckOutRequest Request)> CheckedInAsync()
    {
        var world = await app.ArrangeSfoWorldAsync();
        await app.WithDbAsync(db => db.Guardians.ExecuteUpdateAsync(set => set.SetProperty(g => g.Email, g => g.Id.ToString() + "@example.no"), Ct));
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.PupilA, day.AddDays(-30));
        await (await world.CheckInAsync(day, world.PupilA)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        app.SetLocalTime(day, new TimeOnly(15, 42));
        return (world, day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, PickedUpByName: "Randi Hansen", ConfirmUnlistedPickup: true));
    }

    private Task<int> CheckOutsAsync(SfoWorld world, DateOnly day) =>
        app.WithDbAsync(db => db.SfoAttendances.CountAsync(a => a.PupilId == world.PupilA && a.Date == day && a.Kind == SfoAttendanceKind.CheckOut, Ct));

    /// <summary>The check-out notifications recorded for pupil A's guardians.</summary>
    private Task<List<NotificationDelivery>> CheckOutDeliveriesAsync(SfoWorld world) =>
        app.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.SourceKind == NotificationSource.SfoCheckOut
                && (d.GuardianId == world.Absence.Roster.GuardianA || d.GuardianId == world.Absence.SecondGuardianA))
            .ToListAsync(Ct));

    private Task<int> GuardianEventsAsync(SfoWorld world) =>
        app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type == SfoEvents.ChildCheckedOut
            && e.MunicipalityId == world.Absence.Admin.MunicipalityId && e.Audiences.Contains(Audiences.PupilGuardians(world.PupilA)), Ct));

    private Task<bool> KeyStoredAsync(string key) => app.WithDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.Key == key, Ct));

    /// <summary>Runs the delivery job as its minutely sweep does; then each of pupil A's guardians has exactly one e-mail about the check-out.</summary>
    private async Task EachGuardianToldOnceAsync(SfoWorld world)
    {
        await app.RunDeliveryAsync();
        foreach (var guardian in new[] { world.Absence.Roster.GuardianA, world.Absence.SecondGuardianA })
        {
            Assert.Single(app.Smtp.To(NotificationArrange.Address(guardian)), m => m.Subject?.Contains(PickedUpBy, StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task A_keyed_retry_of_a_check_out_gets_the_stored_answer_and_each_guardian_is_told_once()
    {
        var (world, day, request) = await CheckedInAsync();
        var key = Guid.NewGuid().ToString();
        var enqueued = app.Jobs.DeliveriesEnqueued;

        var first = await world.CheckOutWithKeyAsync(day, request, key);
        var checkOut = await first.ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        // The delivery was enqueued after the commit, once.
        Assert.Equal(enqueued + 1, app.Jobs.DeliveriesEnqueued);
        var retry = await world.CheckOutWithKeyAsync(day, request, key);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(Replayed(first));
        Assert.True(Replayed(retry));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal(enqueued + 1, app.Jobs.DeliveriesEnqueued);
        Assert.Equal(1, await CheckOutsAsync(world, day));
        Assert.Equal(1, await GuardianEventsAsync(world));
        var deliveries = await CheckOutDeliveriesAsync(world);
        Assert.All(deliveries, d => Assert.Equal(checkOut.Id, d.SourceId));
        Assert.Equal(2, deliveries.Count(d => d.Channel == NotificationChannel.Email));
        await EachGuardianToldOnceAsync(world);
    }

    [Fact]
    public async Task A_failure_before_the_commit_leaves_no_check_out_no_notification_and_no_key_and_the_retry_checks_out_once()
    {
        var (world, day, request) = await CheckedInAsync();
        var key = Guid.NewGuid().ToString();
        var enqueued = app.Jobs.DeliveriesEnqueued;
        // The statement after the check-out's save: the stored response with the commit.
        app.Failures.Fail("UPDATE idempotency_records", times: 1);

        var failed = await world.CheckOutWithKeyAsync(day, request, key);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, app.Failures.Remaining("UPDATE idempotency_records"));
        Assert.Equal(0, await CheckOutsAsync(world, day));
        Assert.Empty(await CheckOutDeliveriesAsync(world));
        Assert.Equal(0, await GuardianEventsAsync(world));
        Assert.False(await KeyStoredAsync(key));
        // Nothing was enqueued for the rolled-back notifications.
        Assert.Equal(enqueued, app.Jobs.DeliveriesEnqueued);
        Assert.Equal(SfoBoardState.Arrived, (await world.BoardAsync(day)).Rows.Single(r => r.PupilId == world.PupilA).State);

        var retry = await world.CheckOutWithKeyAsync(day, request, key);
        var checkOut = await retry.ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        Assert.False(Replayed(retry));
        var again = await world.CheckOutWithKeyAsync(day, request, key);
        Assert.True(Replayed(again));
        Assert.Equal(checkOut.Id, (await again.ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created)).Id);
        Assert.Equal(enqueued + 1, app.Jobs.DeliveriesEnqueued);
        Assert.Equal(1, await CheckOutsAsync(world, day));
        Assert.Equal(1, await GuardianEventsAsync(world));
        await EachGuardianToldOnceAsync(world);
    }

    [Fact]
    public async Task A_refused_enqueue_after_the_commit_loses_nothing_the_sweep_delivers_the_notifications()
    {
        var (world, day, request) = await CheckedInAsync();
        var key = Guid.NewGuid().ToString();
        var enqueued = app.Jobs.DeliveriesEnqueued;
        app.Jobs.RefuseNext(1);

        var response = await world.CheckOutWithKeyAsync(day, request, key);

        // The check-out, its notifications and the stored answer are committed; the client gets its answer.
        var checkOut = await response.ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        Assert.Equal(enqueued, app.Jobs.DeliveriesEnqueued);
        var deliveries = await CheckOutDeliveriesAsync(world);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((checkOut.Id, DeliveryStatus.Pending), (d.SourceId, d.Status)));
        Assert.True(await KeyStoredAsync(key));
        var replay = await world.CheckOutWithKeyAsync(day, request, key);
        Assert.True(Replayed(replay));
        Assert.Equal(checkOut.Id, (await replay.ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created)).Id);
        await EachGuardianToldOnceAsync(world);
    }

    [Fact]
    public async Task A_keyed_check_in_and_its_undo_are_replayed_without_a_second_row_or_a_second_undo()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(13, 0));
        var key = Guid.NewGuid().ToString();
        var request = new SfoCheckInRequest(world.PupilB, "Venter på foresatte");

        var first = await world.CheckInWithKeyAsync(day, request, key);
        var checkIn = await first.ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        var retry = await world.CheckInWithKeyAsync(day, request, key);
        Assert.True(Replayed(retry));
        Assert.Equal(checkIn.Id, (await retry.ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created)).Id);

        var undo = $"{world.Board(day)}/check-ins/{checkIn.Id}/undo";
        var undoKey = Guid.NewGuid().ToString();
        var undone = await (await world.SfoStaff.PostJsonWithKeyAsync(undo, new { }, undoKey)).ReadAsync<SfoAttendanceResponse>();
        var undoneAgain = await world.SfoStaff.PostJsonWithKeyAsync(undo, new { }, undoKey);
        Assert.True(Replayed(undoneAgain));
        Assert.Equal(undone.UndoneAt, (await undoneAgain.ReadAsync<SfoAttendanceResponse>()).UndoneAt);
        // Without the key the second undo is a new request: already undone.
        await (await world.SfoStaff.PostJsonAsync(undo, new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.SfoAttendances.CountAsync(a => a.PupilId == world.PupilB && a.Date == day, Ct)));
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.Type == SfoEvents.Undone
            && e.MunicipalityId == world.Absence.Admin.MunicipalityId, Ct)));
    }
}
