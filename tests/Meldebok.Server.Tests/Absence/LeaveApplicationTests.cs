using System.Net;
using System.Text.Json;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Absence;

/// <summary>Leave applications: the guardians apply and withdraw, the principal decides, an approval becomes absence.</summary>
public sealed class LeaveApplicationTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Leave = "/api/v1/leave-applications";
    private const string StaffLeave = "/api/v1/staff/leave-applications";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<(HttpClient Client, Guid AccountId, Guid StaffId)> StaffAsync(AbsenceWorld world, StaffRole role, params Guid[] groups) =>
        app.StaffClientAsync(world.Admin, world.SchoolId, role, groups);

    private LeaveApplicationRequest Application(Guid pupilId, int firstOffset = 7, int lastOffset = 9, string? reason = "Familiebryllup i Bergen.") =>
        new(pupilId, app.Today().AddDays(firstOffset), app.Today().AddDays(lastOffset), reason);

    private static async Task<LeaveApplicationResponse> ApplyAsync(HttpClient guardian, LeaveApplicationRequest request)
    {
        var response = await guardian.PostJsonAsync(Leave, request);
        var application = await response.ReadAsync<LeaveApplicationResponse>(HttpStatusCode.Created);
        Assert.Equal($"{Leave}/{application.Id}", response.Headers.Location?.OriginalString);
        return application;
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient staff, Guid id, LeaveDecision decision, string? comment = null) =>
        staff.PostJsonAsync($"{StaffLeave}/{id}/decide", new LeaveDecisionRequest(decision, comment));

    [Fact]
    public async Task Guardian_applies_and_every_guardian_who_reaches_the_child_sees_the_application()
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));

        Assert.Equal((world.PupilA, "Emma", LeaveApplicationStatus.Pending, "Familiebryllup i Bergen.", "Kari Hansen", true, (Guid?)null),
            (application.PupilId, application.PupilGivenName, application.Status, application.Reason, application.AppliedByName, application.CanWithdraw, application.AbsenceNoticeId));
        Assert.Equal(application.Id, (await world.SecondGuardian.GetJsonAsync<LeaveApplicationResponse>($"{Leave}/{application.Id}")).Id);
        Assert.Equal([application.Id], (await world.SecondGuardian.GetPageAsync<LeaveApplicationResponse>(Leave)).Items.Select(a => a.Id));
        Assert.Empty((await world.GuardianB.GetPageAsync<LeaveApplicationResponse>(Leave)).Items);
        await (await world.GuardianB.GetAsync($"{Leave}/{application.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Applying_for_a_child_the_guardian_does_not_reach_answers_404()
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        await (await world.GuardianB.PostJsonAsync(Leave, Application(world.PupilA))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianA.PostJsonAsync(Leave, Application(world.Roster.ProtectedPupil))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianA.PostJsonAsync(Leave, Application(Guid.NewGuid()))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(-1, 0, "firstDate")]
    [InlineData(3, 2, "lastDate")]
    [InlineData(0, 366, "lastDate")]
    public async Task Dates_in_the_past_out_of_order_or_beyond_the_horizon_are_rejected_naming_the_field(int firstOffset, int lastOffset, string field)
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        await (await world.GuardianA.PostJsonAsync(Leave, Application(world.PupilA, firstOffset, lastOffset))).ValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_missing_reason_is_rejected_naming_the_reason(string? reason)
    {
        var world = await app.ArrangeAbsenceWorldAsync();

        await (await world.GuardianA.PostJsonAsync(Leave, Application(world.PupilA, reason: reason))).ValidationProblemAsync("reason");
        await (await world.GuardianA.PostJsonAsync(Leave, Application(world.PupilA, reason: new string('x', 1001)))).ValidationProblemAsync("reason");
    }

    [Fact]
    public async Task Another_guardian_of_the_child_may_withdraw_a_pending_application_but_not_a_decided_one()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        var pending = await ApplyAsync(world.GuardianA, Application(world.PupilA));
        var decided = await ApplyAsync(world.GuardianA, Application(world.PupilA, 20, 21));
        (await DecideAsync(principal, decided.Id, LeaveDecision.Approved)).EnsureSuccessStatusCode();

        var withdrawn = await (await world.SecondGuardian.PostAsync($"{Leave}/{pending.Id}/withdraw", null, Ct)).ReadAsync<LeaveApplicationResponse>();

        Assert.Equal((LeaveApplicationStatus.Withdrawn, false), (withdrawn.Status, withdrawn.CanWithdraw));
        await (await world.GuardianA.PostAsync($"{Leave}/{pending.Id}/withdraw", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await world.GuardianA.PostAsync($"{Leave}/{decided.Id}/withdraw", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await world.GuardianB.PostAsync($"{Leave}/{decided.Id}/withdraw", null, Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await DecideAsync(principal, pending.Id, LeaveDecision.Approved)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Approved_leave_becomes_a_leave_notice_to_the_school_and_the_sfo_that_staff_see_in_the_inbox()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, principalStaffId) = await StaffAsync(world, StaffRole.Principal);
        var (office, _, _) = await StaffAsync(world, StaffRole.Office);
        var (sfoStaff, _, _) = await StaffAsync(world, StaffRole.SfoStaff, world.Roster.SfoGroup);
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));

        var approved = await (await DecideAsync(principal, application.Id, LeaveDecision.Approved, "God tur!")).ReadAsync<LeaveApplicationResponse>();

        Assert.Equal((LeaveApplicationStatus.Approved, "God tur!", false), (approved.Status, approved.DecisionComment, approved.CanWithdraw));
        Assert.NotNull(approved.DecidedByName);
        var noticeId = Assert.IsType<Guid>(approved.AbsenceNoticeId);
        var item = Assert.Single(await office.InboxAsync(), i => i.Id == noticeId);
        Assert.Equal((AbsenceReason.Leave, true, true, application.FirstDate, application.LastDate),
            (item.Reason, item.ToSchool, item.ToSfo, item.FirstDate, item.LastDate));
        Assert.Contains(await sfoStaff.InboxAsync(), i => i.Id == noticeId);
        Assert.Contains(await world.SecondGuardian.NoticesAsync(), n => n.Id == noticeId && n.Reason == AbsenceReason.Leave);
        Assert.Equal(principalStaffId, await app.WithDbAsync(db => db.LeaveApplications.Where(l => l.Id == application.Id).Select(l => l.DecidedByStaffId).SingleAsync(Ct)));
        Assert.Equal(application.Id, await app.WithDbAsync(db => db.AbsenceNotices.Where(n => n.Id == noticeId).Select(n => n.LeaveApplicationId).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Guardians_cannot_edit_or_withdraw_the_notice_of_approved_leave()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));
        var approved = await (await DecideAsync(principal, application.Id, LeaveDecision.Approved)).ReadAsync<LeaveApplicationResponse>();
        var notice = await world.GuardianA.GetJsonAsync<AbsenceNoticeResponse>($"{Absences}/{approved.AbsenceNoticeId}");

        await (await world.GuardianA.PostAsync($"{Absences}/{notice.Id}/withdraw", null, Ct)).ProblemAsync(HttpStatusCode.Conflict);
        await (await world.GuardianA.PutJsonAsync($"{Absences}/{notice.Id}", notice.Change() with { Reason = AbsenceReason.Illness })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.False(notice.CanChange);
        Assert.Equal(AbsenceNoticeStatus.Active, (await world.GuardianA.GetJsonAsync<AbsenceNoticeResponse>($"{Absences}/{notice.Id}")).Status);
    }

    [Fact]
    public async Task A_refusal_needs_a_comment_and_creates_no_notice()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));

        await (await DecideAsync(principal, application.Id, LeaveDecision.Refused, "  ")).ValidationProblemAsync("comment");
        var refused = await (await DecideAsync(principal, application.Id, LeaveDecision.Refused, "Heldagsprøve den uka.")).ReadAsync<LeaveApplicationResponse>();

        Assert.Equal((LeaveApplicationStatus.Refused, "Heldagsprøve den uka.", (Guid?)null), (refused.Status, refused.DecisionComment, refused.AbsenceNoticeId));
        Assert.Equal(LeaveApplicationStatus.Refused, (await world.GuardianA.GetJsonAsync<LeaveApplicationResponse>($"{Leave}/{application.Id}")).Status);
        Assert.False(await app.WithDbAsync(db => db.AbsenceNotices.AnyAsync(n => n.LeaveApplicationId == application.Id, Ct)));
    }

    [Fact]
    public async Task Principal_cannot_decide_an_application_twice()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));
        (await DecideAsync(principal, application.Id, LeaveDecision.Approved)).EnsureSuccessStatusCode();

        await (await DecideAsync(principal, application.Id, LeaveDecision.Approved)).ProblemAsync(HttpStatusCode.Conflict);
        await (await DecideAsync(principal, application.Id, LeaveDecision.Refused, "Likevel ikke.")).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.WithDbAsync(db => db.AbsenceNotices.CountAsync(n => n.LeaveApplicationId == application.Id, Ct)));
    }

    [Fact]
    public async Task Office_sees_the_schools_applications_but_cannot_decide_and_teachers_have_no_access()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, _, _) = await StaffAsync(world, StaffRole.Office);
        var (teacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));

        Assert.Equal([application.Id], (await office.GetPageAsync<LeaveApplicationResponse>($"{StaffLeave}?status=Pending")).Items.Select(a => a.Id));
        Assert.Empty((await office.GetPageAsync<LeaveApplicationResponse>($"{StaffLeave}?status=Approved")).Items);
        await (await DecideAsync(office, application.Id, LeaveDecision.Approved)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await teacher.GetAsync(StaffLeave, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await teacher.GetAsync($"{StaffLeave}/{application.Id}", Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await DecideAsync(teacher, application.Id, LeaveDecision.Approved)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.GuardianA.GetAsync(StaffLeave, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await office.PostJsonAsync(Leave, Application(world.PupilA))).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_principal_of_another_school_does_not_see_or_decide_the_application()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var otherSchool = await world.Admin.CreateSchoolAsync("Nordre skole");
        var (otherPrincipal, _, _) = await app.StaffClientAsync(world.Admin, otherSchool, StaffRole.Principal);
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));

        Assert.Empty((await otherPrincipal.GetPageAsync<LeaveApplicationResponse>(StaffLeave)).Items);
        await (await otherPrincipal.GetAsync($"{StaffLeave}/{application.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await DecideAsync(otherPrincipal, application.Id, LeaveDecision.Approved)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_reading_an_application_is_audited_as_leave_read()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, accountId, _) = await StaffAsync(world, StaffRole.Office);
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));
        await world.GuardianA.GetJsonAsync<LeaveApplicationResponse>($"{Leave}/{application.Id}");
        Assert.Empty(await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.ObjectId == application.Id).ToListAsync(Ct)));

        await office.GetJsonAsync<LeaveApplicationResponse>($"{StaffLeave}/{application.Id}");

        var entry = Assert.Single(await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.ObjectId == application.Id).ToListAsync(Ct)));
        Assert.Equal(("leave.read", "leave-application", accountId, "staff", world.PupilA),
            (entry.Action, entry.ObjectType, entry.ActorAccountId, entry.ActorRole, entry.SubjectPupilId));
    }

    [Fact]
    public async Task Applying_deciding_and_withdrawing_write_outbox_events_with_ids_only_to_the_guardians_and_the_school_office()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        var decided = await ApplyAsync(world.GuardianA, Application(world.PupilA));
        var withdrawn = await ApplyAsync(world.GuardianA, Application(world.PupilA, 30, 30));
        (await DecideAsync(principal, decided.Id, LeaveDecision.Refused, "Nei.")).EnsureSuccessStatusCode();
        (await world.GuardianA.PostAsync($"{Leave}/{withdrawn.Id}/withdraw", null, Ct)).EnsureSuccessStatusCode();

        Assert.Equal([LeaveEvents.Applied, LeaveEvents.Decided], (await app.EventsForAsync(decided.Id)).Select(e => e.Type));
        Assert.Equal([LeaveEvents.Applied, LeaveEvents.Withdrawn], (await app.EventsForAsync(withdrawn.Id)).Select(e => e.Type));
        var expected = new[] { Audiences.PupilGuardians(world.PupilA), Audiences.SchoolOffice(world.SchoolId) }.Order();
        Assert.All(await app.EventsForAsync(decided.Id), e => Assert.Equal(expected, e.Audiences.Order()));
        var payload = JsonDocument.Parse((await app.EventsForAsync(decided.Id))[1].Payload).RootElement;
        Assert.Equal(["leaveApplicationId", "pupilId"], payload.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((decided.Id, world.PupilA), (payload.GetProperty("leaveApplicationId").GetGuid(), payload.GetProperty("pupilId").GetGuid()));
    }

    [Fact]
    public async Task The_decision_reaches_the_other_guardian_live_over_the_hub()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        await using var hub = await HubClient.ConnectAsync(app, TestUser.Account(await app.GuardianAccountIdAsync(world.SecondGuardianA)));
        var application = await ApplyAsync(world.GuardianA, Application(world.PupilA));

        (await DecideAsync(principal, application.Id, LeaveDecision.Approved)).EnsureSuccessStatusCode();

        Assert.Equal(LeaveEvents.Applied, (await hub.WaitForAsync(LeaveEvents.Applied, "leaveApplicationId", application.Id)).Type);
        var decided = await hub.WaitForAsync(LeaveEvents.Decided, "leaveApplicationId", application.Id);
        Assert.Equal(world.PupilA, decided.Data.GetProperty("pupilId").GetGuid());
    }
}
