using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Absence;

/// <summary>The guardian's side: report, list, read, edit and withdraw, and the rules for each.</summary>
public sealed class AbsenceNoticeTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Guardian_reports_to_school_and_sfo_in_one_notice_and_both_guardians_see_it()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.Today();

        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, today, today.AddDays(1), toSchool: true, toSfo: true));

        Assert.Equal((world.PupilA, "Emma", AbsenceChannel.Digital, true, true, AbsenceNoticeStatus.Active, AbsenceReason.Illness),
            (notice.PupilId, notice.PupilGivenName, notice.Channel, notice.ToSchool, notice.ToSfo, notice.Status, notice.Reason));
        Assert.Empty(notice.Receipts);
        var seenBySecond = await world.SecondGuardian.GetJsonAsync<AbsenceNoticeResponse>($"{Absences}/{notice.Id}");
        Assert.Equal(notice.Id, seenBySecond.Id);
        Assert.Equal([notice.Id], (await world.SecondGuardian.NoticesAsync()).Select(n => n.Id));
        Assert.Equal([notice.Id], (await world.GuardianA.NoticesAsync($"&pupilId={world.PupilA}")).Select(n => n.Id));
    }

    [Fact]
    public async Task Report_writes_one_outbox_event_with_the_guardians_the_groups_the_office_and_the_sfo_as_audiences()
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(2), toSchool: true, toSfo: true));

        var reported = Assert.Single(await app.EventsForAsync(notice.Id));
        Assert.Equal(AbsenceEvents.Reported, reported.Type);
        Assert.Equal(
            new[] { Audiences.PupilGuardians(world.PupilA), Audiences.GroupStaff(world.Roster.ClassA), Audiences.SchoolOffice(world.SchoolId), Audiences.SfoStaff(world.SfoUnitId) }.Order(),
            reported.Audiences.Order());
        var payload = JsonDocument.Parse(reported.Payload).RootElement;
        Assert.Equal((notice.Id, world.PupilA, false), (payload.GetProperty("noticeId").GetGuid(), payload.GetProperty("pupilId").GetGuid(), payload.GetProperty("urgent").GetBoolean()));
        Assert.False(payload.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task A_school_only_notice_is_not_addressed_to_the_sfo_and_an_sfo_only_notice_not_to_the_school()
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        var school = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(3), toSchool: true, toSfo: false));
        var sfo = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(4), toSchool: false, toSfo: true));

        Assert.DoesNotContain(Audiences.SfoStaff(world.SfoUnitId), Assert.Single(await app.EventsForAsync(school.Id)).Audiences);
        Assert.Equal(new[] { Audiences.PupilGuardians(world.PupilA), Audiences.SfoStaff(world.SfoUnitId) }.Order(),
            Assert.Single(await app.EventsForAsync(sfo.Id)).Audiences.Order());
    }

    [Fact]
    public async Task Reporting_for_a_child_that_is_not_ones_own_answers_404()
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        await (await world.GuardianB.PostJsonAsync(Absences, Notice(world.PupilA, app.Today()))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianB.PostJsonAsync(Absences, Notice(Guid.NewGuid(), app.Today()))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.Roster.ProtectedPupil, app.Today()))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(2, 1, "lastDate")]
    [InlineData(-15, 0, "firstDate")]
    [InlineData(0, 366, "lastDate")]
    public async Task Dates_out_of_order_or_out_of_the_allowed_span_are_rejected_naming_the_field(int firstOffset, int lastOffset, string field)
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.Today();

        var response = await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, today.AddDays(firstOffset), today.AddDays(lastOffset)));

        await response.ValidationProblemAsync(field);
    }

    [Fact]
    public async Task Yesterday_and_a_year_ahead_are_within_the_span()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.Today();

        await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(-14), today.AddDays(-1)));
        await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(365)));
    }

    [Fact]
    public async Task Part_of_a_day_needs_both_times_in_order_on_one_day()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var day = app.Today().AddDays(1);

        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, day, from: new TimeOnly(10, 0)))).ValidationProblemAsync("toTime");
        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, day, to: new TimeOnly(10, 0)))).ValidationProblemAsync("fromTime");
        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, day, from: new TimeOnly(12, 0), to: new TimeOnly(10, 0)))).ValidationProblemAsync("toTime");
        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, day, day.AddDays(1), from: new TimeOnly(10, 0), to: new TimeOnly(12, 0))))
            .ValidationProblemAsync("lastDate");

        var partDay = await world.GuardianA.ReportAsync(Notice(world.PupilA, day, from: new TimeOnly(10, 0), to: new TimeOnly(11, 30), reason: AbsenceReason.MedicalAppointment));
        Assert.Equal((new TimeOnly(10, 0), new TimeOnly(11, 30)), (partDay.FromTime, partDay.ToTime));
    }

    [Fact]
    public async Task A_notice_must_go_somewhere_and_only_to_the_sfo_of_a_pupil_at_sfo()
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, app.Today(), toSchool: false, toSfo: false))).ValidationProblemAsync("toSchool");
        await (await world.GuardianB.PostJsonAsync(Absences, Notice(world.PupilB, app.Today(), toSfo: true))).ValidationProblemAsync("toSfo");
    }

    [Fact]
    public async Task An_unknown_reason_is_rejected_naming_reason()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var body = JsonContent.Create(new { pupilId = world.PupilA, firstDate = app.Today(), lastDate = app.Today(), toSchool = true, reason = "Hangover" });

        await (await world.GuardianA.PostAsync(Absences, body, Ct)).ValidationProblemAsync("reason");
    }

    [Fact]
    public async Task A_note_is_refused_while_notes_are_off_and_over_the_municipalitys_limit()
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, app.Today(), note: "Kommer etter tannlegen"))).ValidationProblemAsync("note");

        await app.SetNoteSettingAsync(world.Admin.MunicipalityId, enabled: true, maxLength: 20);
        await (await world.GuardianA.PostJsonAsync(Absences, Notice(world.PupilA, app.Today(), note: new string('a', 21)))).ValidationProblemAsync("note");
        var noted = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today(), note: "Kommer etter lunsj"));
        Assert.Equal("Kommer etter lunsj", noted.Note);
    }

    [Fact]
    public async Task Guardian_edits_a_notice_before_it_starts_and_any_guardian_of_the_child_may()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(5)));
        Assert.True(notice.CanChange);

        var changed = await (await world.SecondGuardian.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change() with
        {
            LastDate = notice.FirstDate.AddDays(2), Reason = AbsenceReason.Welfare, ToSfo = true,
        })).ReadAsync<AbsenceNoticeResponse>();

        Assert.Equal((notice.FirstDate.AddDays(2), AbsenceReason.Welfare, true), (changed.LastDate, changed.Reason, changed.ToSfo));
        var events = await app.EventsForAsync(notice.Id);
        Assert.Equal([AbsenceEvents.Reported, AbsenceEvents.Updated], events.Select(e => e.Type));
        Assert.Contains(Audiences.SfoStaff(world.SfoUnitId), events[1].Audiences);
    }

    [Fact]
    public async Task An_edit_is_validated_like_a_report()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(5)));

        await (await world.GuardianA.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change() with { LastDate = notice.FirstDate.AddDays(-1) }))
            .ValidationProblemAsync("lastDate");
        await (await world.GuardianA.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change() with { ToSchool = false, ToSfo = false }))
            .ValidationProblemAsync("toSchool");
    }

    [Fact]
    public async Task Guardian_withdraws_a_notice_and_it_leaves_the_default_list()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(6)));

        var withdrawn = await (await world.SecondGuardian.PostAsync($"{Absences}/{notice.Id}/withdraw", null, Ct)).ReadAsync<AbsenceNoticeResponse>();

        Assert.Equal(AbsenceNoticeStatus.Withdrawn, withdrawn.Status);
        Assert.NotNull(withdrawn.WithdrawnAt);
        Assert.DoesNotContain(await world.GuardianA.NoticesAsync(), n => n.Id == notice.Id);
        Assert.Contains(await world.GuardianA.NoticesAsync("&includeWithdrawn=true"), n => n.Id == notice.Id);
        Assert.Equal([AbsenceEvents.Reported, AbsenceEvents.Withdrawn], (await app.EventsForAsync(notice.Id)).Select(e => e.Type));
        await (await world.GuardianA.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change())).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_guardian_who_does_not_reach_the_child_gets_404_for_its_notice()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(1)));

        await (await world.GuardianB.GetAsync($"{Absences}/{notice.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianB.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change())).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianB.PostAsync($"{Absences}/{notice.Id}/withdraw", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await world.GuardianB.NoticesAsync());
    }

    [Fact]
    public async Task The_list_filters_by_period()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var today = app.Today();
        var early = await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(1), today.AddDays(2)));
        var late = await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(10)));

        Assert.Equal([late.Id], (await world.GuardianA.NoticesAsync($"&from={today.AddDays(3):yyyy-MM-dd}")).Select(n => n.Id));
        Assert.Equal([early.Id], (await world.GuardianA.NoticesAsync($"&to={today.AddDays(2):yyyy-MM-dd}")).Select(n => n.Id));
        Assert.Equal([late.Id, early.Id], (await world.GuardianA.NoticesAsync()).Select(n => n.Id));
    }

    [Fact]
    public async Task Guardian_sees_who_received_the_notice_and_when()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(1)));

        await (await teacher.AcknowledgeAsync(notice.Id)).ReadAsync<AbsenceInboxItem>();

        var receipt = Assert.Single((await world.SecondGuardian.GetJsonAsync<AbsenceNoticeResponse>($"{Absences}/{notice.Id}")).Receipts);
        Assert.Equal((AbsenceRecipient.School, "Kari Larsen", StaffRole.ContactTeacher, app.Time.GetUtcNow()),
            (receipt.Recipient, receipt.StaffName, receipt.StaffRole, receipt.AcknowledgedAt));
        Assert.Single(Assert.Single(await world.GuardianA.NoticesAsync(), n => n.Id == notice.Id).Receipts);
    }
}
