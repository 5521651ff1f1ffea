using System.Net;
using System.Text.Json;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Absence;

/// <summary>
/// Rules that depend on the local time: the SFO's late-notice deadline and "until it starts". The clock
/// only moves forward, so every test works from the day after the previous test's.
/// </summary>
public sealed class AbsenceTimingTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_sfo_notice_for_today_after_the_deadline_is_late_and_urgent_to_that_sfo()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.NextMorning();

        app.SetLocalTime(today, new TimeOnly(9, 59));
        var inTime = await world.GuardianA.ReportAsync(Notice(world.PupilA, today, toSchool: false, toSfo: true));
        app.SetLocalTime(today, new TimeOnly(10, 1));
        var late = await world.GuardianA.ReportAsync(Notice(world.PupilA, today, toSchool: false, toSfo: true));
        var schoolOnly = await world.GuardianA.ReportAsync(Notice(world.PupilA, today, toSchool: true, toSfo: false));
        var tomorrow = await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(1), toSchool: false, toSfo: true));

        Assert.Equal((false, true, false, false), (inTime.IsLate, late.IsLate, schoolOnly.IsLate, tomorrow.IsLate));
        var urgent = Assert.Single(await app.EventsForAsync(late.Id));
        Assert.True(JsonDocument.Parse(urgent.Payload).RootElement.GetProperty("urgent").GetBoolean());
        Assert.Contains(Audiences.SfoStaff(world.SfoUnitId), urgent.Audiences);
        Assert.False(JsonDocument.Parse(Assert.Single(await app.EventsForAsync(inTime.Id)).Payload).RootElement.GetProperty("urgent").GetBoolean());
        var (sfoStaff, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.SfoStaff, world.Roster.SfoGroup);
        Assert.True(Assert.Single(await sfoStaff.InboxAsync(), i => i.Id == late.Id).IsLate);
    }

    [Fact]
    public async Task The_deadline_is_the_sfo_units_own()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.NextMorning();
        await (await world.Admin.Client.PutJsonAsync($"/api/v1/admin/sfo-units/{world.SfoUnitId}",
            new SfoUnitRequest(world.SchoolId, "Testvik SFO", LateNoticeDeadline: new TimeOnly(8, 0)))).ReadAsync<SfoUnitResponse>();

        app.SetLocalTime(today, new TimeOnly(8, 1));
        var late = await world.GuardianA.ReportAsync(Notice(world.PupilA, today, toSchool: true, toSfo: true));

        Assert.True(late.IsLate);
    }

    [Fact]
    public async Task A_whole_day_notice_can_be_changed_until_its_first_day_and_not_after()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.NextMorning();
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(1)));

        app.SetLocalTime(today, new TimeOnly(23, 59));
        (await world.GuardianA.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change() with { Reason = AbsenceReason.Welfare })).EnsureSuccessStatusCode();

        app.SetLocalTime(today.AddDays(1), new TimeOnly(0, 0));
        var edit = await (await world.GuardianA.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change())).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(AbsenceMessages.HasStarted, edit.GetProperty("detail").GetString());
        await (await world.GuardianA.PostAsync($"{Absences}/{notice.Id}/withdraw", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await world.GuardianA.GetJsonAsync<AbsenceNoticeResponse>($"{Absences}/{notice.Id}")).CanChange);
    }

    [Fact]
    public async Task A_part_day_notice_can_be_withdrawn_until_its_start_time()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.NextMorning();
        var first = await world.GuardianA.ReportAsync(Notice(world.PupilA, today, from: new TimeOnly(12, 0), to: new TimeOnly(14, 0)));
        var second = await world.GuardianA.ReportAsync(Notice(world.PupilA, today, from: new TimeOnly(12, 0), to: new TimeOnly(14, 0)));

        app.SetLocalTime(today, new TimeOnly(11, 59));
        (await world.GuardianA.PostAsync($"{Absences}/{first.Id}/withdraw", null, Ct)).EnsureSuccessStatusCode();
        app.SetLocalTime(today, new TimeOnly(12, 0));
        await (await world.GuardianA.PostAsync($"{Absences}/{second.Id}/withdraw", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
    }
}
