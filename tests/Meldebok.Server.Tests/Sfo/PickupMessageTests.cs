using System.Net;
using System.Text.Json;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using static Meldebok.Server.Tests.Sfo.PickupArrange;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// Pickup messages and the day's plan: a message overrides the rule, a newer one supersedes the earlier (kept), withdrawal,
/// past days, who may send, and the SFO's deadline. The clock only moves forward, so every test starts the day after the last.
/// </summary>
public sealed class PickupMessageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_overrides_the_rule_a_newer_one_supersedes_it_and_withdrawing_brings_the_rule_back()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.NextMorning();
        var day = Next(today.AddDays(1), DayOfWeek.Wednesday);
        var granny = await world.Kari.AddPersonAsync(world.PupilA, name: "Randi Hansen", relation: "Bestemor", phone: "91234567");
        var rule = await world.Kari.AddRuleAsync(world.PupilA, Rule(DayOfWeek.Wednesday, DepartureMethod.PickedUp, granny.Id, time: new TimeOnly(15, 30), note: "Fast avtale"));

        var byRule = (await world.SfoStaff.PlanAsync(world.PupilA, day)).Plan!;
        Assert.Equal((PickupPlanSource.Rule, rule.Id, DepartureMethod.PickedUp, new TimeOnly(15, 30), "Randi Hansen", "Bestemor", "+4791234567", "Fast avtale"),
            (byRule.Source, byRule.SourceId, byRule.Method, byRule.Time, byRule.PersonName, byRule.PersonRelation, byRule.PersonPhone, byRule.Note));
        Assert.Null((await world.Kari.PlanAsync(world.PupilA, day.AddDays(1))).Plan);

        var first = await world.Kari.SendAsync(world.PupilA, new PickupMessageRequest(day, DepartureMethod.WentHomeAlone, new TimeOnly(14, 0)));
        var byMessage = (await world.Kari.PlanAsync(world.PupilA, day)).Plan!;
        Assert.Equal((PickupPlanSource.Message, first.Id, DepartureMethod.WentHomeAlone, (string?)null), (byMessage.Source, byMessage.SourceId, byMessage.Method, byMessage.PersonName));

        // The second guardian with parental responsibility sends a newer message for the same day: it counts, the first is kept.
        var second = await world.Absence.SecondGuardian.SendAsync(world.PupilA,
            new PickupMessageRequest(day, DepartureMethod.PickedUp, new TimeOnly(16, 15), PickupName: "Onkel Per", Note: "Han har bilstol"));
        var plan = (await world.SfoStaff.PlanAsync(world.PupilA, day)).Plan!;
        Assert.Equal((second.Id, "Onkel Per", new TimeOnly(16, 15), "Han har bilstol"), (plan.SourceId, plan.PersonName, plan.Time, plan.Note));
        var history = await world.Kari.MessagesAsync(world.PupilA, "&includeHistory=true");
        Assert.Equal([(second.Id, PickupMessageStatus.Current), (first.Id, PickupMessageStatus.Superseded)], history.Select(m => (m.Id, m.Status)));
        Assert.NotNull(history[1].SupersededAt);
        Assert.Equal(second.Id, Assert.Single(await world.Kari.MessagesAsync(world.PupilA)).Id);

        await (await world.Kari.DeleteAsync($"{MessagesUrl(world.PupilA)}/{first.Id}", Ct)).ProblemAsync(HttpStatusCode.Conflict);
        var withdrawn = await (await world.Kari.DeleteAsync($"{MessagesUrl(world.PupilA)}/{second.Id}", Ct)).ReadAsync<PickupMessageResponse>();
        Assert.Equal(PickupMessageStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(rule.Id, (await world.Kari.PlanAsync(world.PupilA, day)).Plan!.SourceId);
    }

    [Fact]
    public async Task Messages_are_checked_against_the_day_the_person_and_the_method()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.NextMorning();
        var url = MessagesUrl(world.PupilA);
        var shortTime = await world.Kari.AddPersonAsync(world.PupilA, validUntil: today.AddDays(2));

        await (await world.Kari.PostJsonAsync(url, new PickupMessageRequest(today.AddDays(-1), DepartureMethod.Bus, new TimeOnly(14, 0)))).ValidationProblemAsync("date");
        await (await world.Kari.PostJsonAsync(url, new PickupMessageRequest(today.AddDays(400), DepartureMethod.Bus, new TimeOnly(14, 0)))).ValidationProblemAsync("date");
        await (await world.Kari.PostJsonAsync(url, new PickupMessageRequest(today, DepartureMethod.PickedUp, new TimeOnly(14, 0)))).ValidationProblemAsync("authorizedPersonId");
        await (await world.Kari.PostJsonAsync(url, new PickupMessageRequest(today.AddDays(3), DepartureMethod.PickedUp, new TimeOnly(14, 0), shortTime.Id)))
            .ValidationProblemAsync("authorizedPersonId");
        await (await world.Kari.PostJsonAsync(url, new PickupMessageRequest(today, DepartureMethod.Bus, new TimeOnly(14, 0), PickupName: "Ola"))).ValidationProblemAsync("pickupName");
        await (await world.Kari.PostJsonAsync(url, new { date = today, method = "Teleport", time = "14:00" })).ValidationProblemAsync("method");
        await (await world.Kari.PostJsonAsync(url, new { date = today, method = "Bus" })).ValidationProblemAsync("time");

        var fine = await world.Kari.SendAsync(world.PupilA, new PickupMessageRequest(today.AddDays(2), DepartureMethod.PickedUp, new TimeOnly(14, 0), shortTime.Id));
        Assert.Equal(shortTime.Id, fine.AuthorizedPerson!.Id);
        Assert.Empty(await world.Kari.MessagesAsync(world.PupilA, "&to=" + today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_guardian_with_daily_care_and_a_right_to_information_may_send_but_not_manage_persons()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.NextMorning();
        var (_, carer) = await app.GuardianOfAAsync(world, "Siri", responsibility: false, dailyCare: true, information: true);

        var sent = await carer.SendAsync(world.PupilA, new PickupMessageRequest(today, DepartureMethod.Activity, new TimeOnly(15, 0), Note: "Fotball"));
        Assert.Equal(DepartureMethod.Activity, sent.Method);
        (await carer.DeleteAsync($"{MessagesUrl(world.PupilA)}/{sent.Id}", Ct)).EnsureSuccessStatusCode();
        await (await carer.PostJsonAsync(Persons(world.PupilA), new PickupPersonRequest("Ola", "Onkel", "91234567"))).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_message_for_today_after_the_deadline_is_late_urgent_to_the_sfo_staff_and_counted_as_usage()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.NextMorning();

        app.SetLocalTime(today, new TimeOnly(11, 59));
        var inTime = await world.Kari.SendAsync(world.PupilA, new PickupMessageRequest(today, DepartureMethod.Bus, new TimeOnly(14, 0)));
        app.SetLocalTime(today, new TimeOnly(12, 1));
        var tomorrow = await world.Kari.SendAsync(world.PupilA, new PickupMessageRequest(today.AddDays(1), DepartureMethod.Bus, new TimeOnly(14, 0)));
        var late = await world.Kari.SendAsync(world.PupilA, new PickupMessageRequest(today, DepartureMethod.WentHomeAlone, new TimeOnly(14, 30)));

        Assert.Equal((false, false, true), (inTime.IsLate, tomorrow.IsLate, late.IsLate));
        var plan = await world.SfoStaff.PlanAsync(world.PupilA, today);
        Assert.Equal((late.Id, true, new TimeOnly(12, 0)), (plan.Plan!.SourceId, plan.Plan.IsLate, plan.MessageDeadline));

        var events = await app.EventsForAsync(late.Id);
        Assert.Equal([PickupEvents.Message, PickupEvents.LateChange], events.Select(e => e.Type));
        Assert.All(events, e => Assert.True(JsonDocument.Parse(e.Payload).RootElement.GetProperty("urgent").GetBoolean()));
        Assert.Equal([Audiences.SfoStaff(world.SfoUnitId)], events[1].Audiences);
        Assert.Contains(Audiences.PupilGuardians(world.PupilA), events[0].Audiences);
        Assert.Equal([PickupEvents.Message], (await app.EventsForAsync(inTime.Id)).Select(e => e.Type));

        var usage = await app.WithDbAsync(db => db.UsageEvents.AsNoTracking().CountAsync(e => e.Action == UsageActions.PickupMessageSent, Ct));
        Assert.True(usage >= 3, $"Expected a usage event per message, found {usage}.");
    }

    [Fact]
    public async Task The_deadline_is_the_sfo_units_own_and_the_admin_sets_it()
    {
        var world = await app.ArrangePickupWorldAsync();
        var today = app.NextMorning();
        var unit = await (await world.Admin.Client.PutJsonAsync($"/api/v1/admin/sfo-units/{world.SfoUnitId}",
            new SfoUnitRequest(world.Absence.SchoolId, "Testvik SFO", PickupMessageDeadline: new TimeOnly(9, 0)))).ReadAsync<SfoUnitResponse>();
        Assert.Equal(new TimeOnly(9, 0), unit.PickupMessageDeadline);

        app.SetLocalTime(today, new TimeOnly(9, 1));
        var late = await world.Kari.SendAsync(world.PupilA, new PickupMessageRequest(today, DepartureMethod.Bus, new TimeOnly(14, 0)));

        Assert.True(late.IsLate);
        Assert.Equal(new TimeOnly(9, 0), (await world.Kari.PlanAsync(world.PupilA, today)).MessageDeadline);
    }
}
