using System.Net;
using System.Text.Json;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Tests.Sfo.PickupArrange;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>A whole SFO afternoon on a fake clock, with e-mail on: handover, arrivals, the missing-child alert, check-outs, the guardians told.</summary>
public sealed class SfoDayTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handover_arrivals_missing_alert_and_check_outs_reach_the_board_and_the_guardians()
    {
        var world = await app.ArrangeSfoWorldAsync();
        await app.WithDbAsync(db => db.Guardians.ExecuteUpdateAsync(set => set.SetProperty(g => g.Email, g => g.Id.ToString() + "@example.no"), Ct));
        var day = app.NextWeekday(new TimeOnly(12, 0));
        await world.EnrolAsync(world.PupilA, day.AddDays(-30));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-30));

        // 13:00: the contact teacher of 5A hands the class over; pupil A is the class's only child expected at SFO.
        app.SetLocalTime(day, new TimeOnly(13, 0));
        var handover = await (await world.Teacher.PostJsonAsync($"/api/v1/groups/{world.ClassA}/sfo-handovers", new SfoHandoverRequest(day)))
            .ReadAsync<SfoHandoverResponse>(HttpStatusCode.Created);
        Assert.Equal([world.PupilA], handover.Pupils.Select(p => p.PupilId).ToArray());
        var handedOver = Assert.Single(await app.EventsOfTypeAsync(world, SfoEvents.HandedOver));
        Assert.Contains(Audiences.SfoStaff(world.UnitId), handedOver.Audiences);
        var board = await world.BoardAsync(day);
        Assert.Equal(SfoBoardState.HandedOver, board.Rows.Single(r => r.PupilId == world.PupilA).State);
        Assert.Equal(SfoBoardState.Expected, board.Rows.Single(r => r.PupilId == world.SfoPupil).State);

        // The SFO pupil arrives on their own; pupil A does not.
        app.SetLocalTime(day, new TimeOnly(13, 5));
        (await world.CheckInAsync(day, world.SfoPupil)).EnsureSuccessStatusCode();
        app.SetLocalTime(day, new TimeOnly(13, 14));
        Assert.Equal(0, await app.RunMissingAlertJobAsync());
        app.SetLocalTime(day, new TimeOnly(13, 16));
        Assert.Equal(1, await app.RunMissingAlertJobAsync());
        Assert.Equal(0, await app.RunMissingAlertJobAsync());
        var missing = Assert.Single(await app.EventsOfTypeAsync(world, SfoEvents.Missing));
        Assert.Equal(world.PupilA, JsonDocument.Parse(missing.Payload).RootElement.GetProperty("pupilId").GetGuid());
        Assert.Contains(Audiences.SfoStaff(world.UnitId), missing.Audiences);
        board = await world.BoardAsync(day);
        Assert.True(board.Rows.Single(r => r.PupilId == world.PupilA).Missing);
        Assert.Equal(1, board.Counts!.Missing);

        // Pupil A turns up; the alert is cleared on the board.
        app.SetLocalTime(day, new TimeOnly(13, 20));
        (await world.CheckInAsync(day, world.PupilA)).EnsureSuccessStatusCode();
        board = await world.BoardAsync(day);
        Assert.Equal((SfoBoardState.Arrived, false), (board.Rows.Single(r => r.PupilId == world.PupilA).State, board.Rows.Single(r => r.PupilId == world.PupilA).Missing));
        Assert.Equal(new SfoBoardCounts(0, 0, 2, 0, 0, 0), board.Counts);

        // 14:10, after the SFO's 12:00 deadline: a guardian puts grandmother on the pickup list and sends a pickup message for
        // today; the board shows the plan, flagged late, and who may pick up.
        app.SetLocalTime(day, new TimeOnly(14, 10));
        var grandmother = await world.GuardianA.AddPersonAsync(world.PupilA, "Randi Hansen", "Bestemor");
        var sent = await world.GuardianA.SendAsync(world.PupilA, new Features.Sfo.Pickup.PickupMessageRequest(day, DepartureMethod.PickedUp, new TimeOnly(15, 30), grandmother.Id));
        Assert.True(sent.IsLate);
        var planned = (await world.BoardAsync(day)).Rows.Single(r => r.PupilId == world.PupilA);
        Assert.Equal((DepartureMethod.PickedUp, new TimeOnly(15, 30), "Randi Hansen", "Bestemor", true),
            (planned.PickupPlan!.Method, planned.PickupPlan.Time, planned.PickupPlan.PersonName, planned.PickupPlan.PersonRelation, planned.PickupPlan.IsLate));
        Assert.Equal([grandmother.Id], planned.AuthorizedPersons.Select(p => p.Id));

        // A person who is not on this child's list cannot be chosen from it.
        await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, AuthorizedPersonId: Guid.NewGuid())))
            .ValidationProblemAsync("authorizedPersonId");

        // 15:42: grandmother picks pupil A up, chosen from the list (no confirmation needed); the SFO pupil goes home alone at 16:00.
        app.SetLocalTime(day, new TimeOnly(15, 42));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, AuthorizedPersonId: grandmother.Id)))
            .EnsureSuccessStatusCode();
        app.SetLocalTime(day, new TimeOnly(16, 0));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.WentHomeAlone))).EnsureSuccessStatusCode();

        var today = await world.GuardianA.GetJsonAsync<SfoTodayResponse>($"/api/v1/pupils/{world.PupilA}/sfo/today");
        Assert.Equal((SfoChildStatus.CheckedOut, "Hentet av Randi Hansen (bestemor) 15:42", DepartureMethod.PickedUp, "Randi Hansen (bestemor)"),
            (today.Status, today.Summary, today.Method, today.PickedUpByName));
        var told = (await app.EventsOfTypeAsync(world, SfoEvents.ChildCheckedOut)).Where(e => e.Audiences.Contains(Audiences.PupilGuardians(world.PupilA))).ToList();
        var payload = JsonDocument.Parse(Assert.Single(told).Payload).RootElement;
        Assert.Equal(["pupil-guardians:" + world.PupilA], Assert.Single(told).Audiences);
        Assert.Equal("Hentet av Randi Hansen (bestemor) 15:42", payload.GetProperty("summary").GetString());
        var recorded = await app.WithDbAsync(db => db.SfoAttendances.SingleAsync(a => a.PupilId == world.PupilA && a.Kind == SfoAttendanceKind.CheckOut, Ct));
        Assert.Equal((grandmother.Id, (Guid?)null), (recorded.AuthorizedPersonId, recorded.UnlistedPickupConfirmedByStaffId));
        // Staff events carry ids only.
        Assert.All(await app.EventsOfTypeAsync(world, SfoEvents.CheckedOut), e => Assert.DoesNotContain("bestemor", e.Payload, StringComparison.Ordinal));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationDeliveryJob>().RunAsync(Ct);
        }

        foreach (var guardian in new[] { world.Absence.Roster.GuardianA, world.Absence.SecondGuardianA })
        {
            var subjects = app.Smtp.To($"{guardian}@example.no").Select(m => m.Subject).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["SFO: Emma – Hentet av Randi Hansen (bestemor) 15:42", "SFO: Emma – Kom til SFO 13:20"], subjects);
        }

        var usage = await app.WithDbAsync(db => db.UsageEvents.Where(e => e.MunicipalityId == world.Absence.Admin.MunicipalityId
                && (e.Action == UsageActions.SfoCheckIn || e.Action == UsageActions.SfoCheckOut))
            .GroupBy(e => e.Action).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct));
        Assert.Equal((2, 2), (usage[UsageActions.SfoCheckIn], usage[UsageActions.SfoCheckOut]));
    }

    [Fact]
    public async Task A_check_out_that_follows_the_days_pickup_plan_counts_on_the_pickup_plan_channel_of_the_metric()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(10, 0));
        await world.EnrolAsync(world.PupilA, day.AddDays(-30));
        await world.EnrolAsync(world.PupilB, day.AddDays(-30));
        // Today's plan for pupil A: the grandmother picks her up (a pickup message before the deadline).
        var grandmother = await world.GuardianA.AddPersonAsync(world.PupilA, "Randi Hansen", "Bestemor");
        await world.GuardianA.SendAsync(world.PupilA, new Features.Sfo.Pickup.PickupMessageRequest(day, DepartureMethod.PickedUp, new TimeOnly(15, 30), grandmother.Id));
        app.SetLocalTime(day, new TimeOnly(13, 0));
        foreach (var pupil in new[] { world.PupilA, world.PupilB })
        {
            (await world.CheckInAsync(day, pupil)).EnsureSuccessStatusCode();
        }

        // A leaves as planned (the name typed as the plan shows it); A comes back and leaves on her own (not the plan's method);
        // B, who has no plan, is picked up.
        app.SetLocalTime(day, new TimeOnly(15, 30));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, PickedUpByName: "randi hansen"))).EnsureSuccessStatusCode();
        app.SetLocalTime(day, new TimeOnly(15, 40));
        (await world.CheckInAsync(day, world.PupilA)).EnsureSuccessStatusCode();
        app.SetLocalTime(day, new TimeOnly(16, 0));
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.WentHomeAlone))).EnsureSuccessStatusCode();
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilB, DepartureMethod.PickedUp, PickedUpByName: "Randi Hansen", ConfirmUnlistedPickup: true)))
            .EnsureSuccessStatusCode();

        var admin = world.Absence.Admin.Client;
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await (await admin.PostAsync($"{Usage.UsageArrange.Aggregate}?from={date}&to={date}", null, Ct)).ReadAsync<UsageAggregationResult>();
        var metric = await (await admin.GetAsync($"{Usage.UsageArrange.Metrics}/{UsageMetrics.SfoPickupPlanShare}?from={date}&to={date}&interval=day", Ct))
            .ReadAsync<UsageMetricResponse>();

        Assert.Equal("ok", metric.Status);
        var point = Assert.Single(Assert.Single(metric.Series).Points);
        Assert.Equal(((long?)1, (long?)3, (double?)(1.0 / 3)), (point.Numerator, point.Denominator, point.Value));
    }

    [Fact]
    public async Task A_child_reported_absent_after_the_handover_raises_no_alert()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(12, 0));
        await world.EnrolAsync(world.PupilA, day.AddDays(-30));
        app.SetLocalTime(day, new TimeOnly(13, 0));
        (await world.Teacher.PostJsonAsync($"/api/v1/groups/{world.ClassA}/sfo-handovers", new SfoHandoverRequest(day, [world.PupilA]))).EnsureSuccessStatusCode();
        await (await world.Teacher.PostJsonAsync($"/api/v1/groups/{world.ClassA}/sfo-handovers", new SfoHandoverRequest(day, [world.SfoPupil])))
            .ValidationProblemAsync("pupilIds");
        app.SetLocalTime(day, new TimeOnly(13, 5));
        await world.GuardianA.ReportAsync(AbsenceArrange.Notice(world.PupilA, day, toSchool: false, toSfo: true, from: new TimeOnly(13, 30), to: new TimeOnly(17, 0)));

        app.SetLocalTime(day, new TimeOnly(13, 30));
        await app.RunMissingAlertJobAsync();

        Assert.False(Assert.Single((await world.BoardAsync(day)).Rows).Missing);
        Assert.DoesNotContain(await app.EventsOfTypeAsync(world, SfoEvents.Missing), e => e.Payload.Contains(world.PupilA.ToString(), StringComparison.Ordinal));
    }
}
