using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Absence;

/// <summary>The staff inbox: who sees which notices for which side, acknowledgements and the audit of reading reasons.</summary>
public sealed class AbsenceInboxTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<(HttpClient Client, Guid AccountId, Guid StaffId)> StaffAsync(AbsenceWorld world, StaffRole role, params Guid[] groups) =>
        app.StaffClientAsync(world.Admin, world.SchoolId, role, groups);

    [Fact]
    public async Task Contact_teacher_sees_the_school_notices_of_their_group_and_not_of_another_group()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (contactTeacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var (otherTeacher, _, _) = await StaffAsync(world, StaffRole.Teacher, world.Roster.ClassB);
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today(), reason: AbsenceReason.MedicalAppointment));

        var item = Assert.Single(await contactTeacher.InboxAsync());
        Assert.Equal((notice.Id, "Emma", "Hansen", AbsenceReason.MedicalAppointment, false), (item.Id, item.PupilGivenName, item.PupilFamilyName, item.Reason, item.AcknowledgedByMe));
        Assert.Equal(["5A", "SFO 1–2"], item.Groups);
        Assert.Equal([AbsenceRecipient.School], item.SeenAs);
        Assert.Empty(await otherTeacher.InboxAsync());
        await (await otherTeacher.AcknowledgeAsync(notice.Id)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sfo_staff_see_only_notices_that_concern_the_sfo()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (sfoStaff, _, _) = await StaffAsync(world, StaffRole.SfoStaff, world.Roster.SfoGroup);
        var schoolOnly = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(1), toSchool: true, toSfo: false));
        var both = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(2), toSchool: true, toSfo: true));

        var item = Assert.Single(await sfoStaff.InboxAsync());
        Assert.Equal((both.Id, true), (item.Id, item.ToSchool));
        Assert.Equal([AbsenceRecipient.Sfo], item.SeenAs);
        await (await sfoStaff.AcknowledgeAsync(schoolOnly.Id)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Office_and_principal_see_the_whole_schools_school_notices()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (office, _, _) = await StaffAsync(world, StaffRole.Office);
        var (principal, _, _) = await StaffAsync(world, StaffRole.Principal);
        var a = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today()));
        var b = await world.GuardianB.ReportAsync(Notice(world.PupilB, app.Today().AddDays(1)));
        var sfoOnly = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(2), toSchool: false, toSfo: true));

        Assert.Equal([a.Id, b.Id], (await office.InboxAsync()).Select(i => i.Id));
        Assert.Equal([a.Id, b.Id], (await principal.InboxAsync()).Select(i => i.Id));
        Assert.DoesNotContain(await office.InboxAsync("&includeAcknowledged=true&includeWithdrawn=true"), i => i.Id == sfoOnly.Id);
    }

    [Fact]
    public async Task A_protected_pupils_notice_reaches_the_staff_of_the_pupils_group_and_the_office_only()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var guardian = await world.Admin.CreateGuardianAsync(RosterTestData.Guardian("Siri", "Dahl"));
        await world.Admin.LinkAsync(guardian.Id, world.Roster.ProtectedPupil);
        var parent = await app.GuardianClientAsync(guardian.Id);
        var (contactTeacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var (otherTeacher, _, _) = await StaffAsync(world, StaffRole.Teacher, world.Roster.ClassB);
        var (office, _, _) = await StaffAsync(world, StaffRole.Office);

        var notice = await parent.ReportAsync(Notice(world.Roster.ProtectedPupil, app.Today()));

        Assert.Contains(await contactTeacher.InboxAsync(), i => i.Id == notice.Id);
        Assert.Contains(await office.InboxAsync(), i => i.Id == notice.Id);
        Assert.Empty(await otherTeacher.InboxAsync());
        Assert.DoesNotContain(await world.GuardianA.NoticesAsync(), n => n.Id == notice.Id);
        await (await world.GuardianA.GetAsync($"{Absences}/{notice.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_inbox_shows_notices_lasting_until_the_date_and_later()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var today = app.Today();
        var past = await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(-3), today.AddDays(-1)));
        var current = await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(-1), today));
        var upcoming = await world.GuardianA.ReportAsync(Notice(world.PupilA, today.AddDays(3)));

        Assert.Equal([current.Id, upcoming.Id], (await teacher.InboxAsync()).Select(i => i.Id));
        Assert.Equal([upcoming.Id], (await teacher.InboxAsync($"&date={today.AddDays(1):yyyy-MM-dd}")).Select(i => i.Id));
        Assert.Equal([past.Id, current.Id, upcoming.Id], (await teacher.InboxAsync($"&date={today.AddDays(-2):yyyy-MM-dd}")).Select(i => i.Id));
    }

    [Fact]
    public async Task Scope_narrows_the_inbox_to_one_side()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (both, _, staffId) = await StaffAsync(world, StaffRole.Office);
        await world.Admin.Client.CreateAssignmentAsync(staffId, world.SchoolId, StaffRole.SfoLeader, world.Roster.SfoGroup);
        var school = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today(), toSchool: true, toSfo: false));
        var sfo = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(1), toSchool: false, toSfo: true));

        Assert.Equal([school.Id], (await both.InboxAsync("&scope=School")).Select(i => i.Id));
        Assert.Equal([sfo.Id], (await both.InboxAsync("&scope=Sfo")).Select(i => i.Id));
        Assert.Equal([school.Id, sfo.Id], (await both.InboxAsync()).Select(i => i.Id));
    }

    [Fact]
    public async Task Acknowledging_is_idempotent_per_staff_member_and_notifies_guardians_and_staff()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, staffId) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today()));

        var first = await (await teacher.AcknowledgeAsync(notice.Id)).ReadAsync<AbsenceInboxItem>();
        var second = await (await teacher.AcknowledgeAsync(notice.Id, AbsenceRecipient.School)).ReadAsync<AbsenceInboxItem>();

        Assert.True(first.AcknowledgedByMe);
        Assert.Single(second.Receipts);
        Assert.Equal(1, await app.WithDbAsync(db => db.AbsenceAcknowledgements.CountAsync(a => a.NoticeId == notice.Id && a.StaffId == staffId, Ct)));
        var acknowledged = Assert.Single(await app.EventsForAsync(notice.Id), e => e.Type == AbsenceEvents.Acknowledged);
        Assert.Contains(Audiences.PupilGuardians(world.PupilA), acknowledged.Audiences);
        Assert.Contains(Audiences.GroupStaff(world.Roster.ClassA), acknowledged.Audiences);
        Assert.Empty(await teacher.InboxAsync());
        Assert.True(Assert.Single(await teacher.InboxAsync("&includeAcknowledged=true")).AcknowledgedByMe);
    }

    [Fact]
    public async Task A_teacher_cannot_acknowledge_for_the_sfo_and_a_withdrawn_notice_cannot_be_acknowledged()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today().AddDays(1), toSchool: true, toSfo: true));

        await (await teacher.AcknowledgeAsync(notice.Id, AbsenceRecipient.Sfo)).ValidationProblemAsync("recipient");
        (await world.GuardianA.PostAsync($"{Absences}/{notice.Id}/withdraw", null, Ct)).EnsureSuccessStatusCode();
        await (await teacher.AcknowledgeAsync(notice.Id)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Empty(await teacher.InboxAsync());
        Assert.Equal(AbsenceNoticeStatus.Withdrawn, Assert.Single(await teacher.InboxAsync("&includeWithdrawn=true")).Status);
    }

    [Fact]
    public async Task Reading_the_inbox_is_audited_per_notice()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, accountId, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);
        var notice = await world.GuardianA.ReportAsync(Notice(world.PupilA, app.Today()));

        await teacher.InboxAsync();

        var entry = Assert.Single(await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.ObjectId == notice.Id).ToListAsync(Ct)));
        Assert.Equal(("absence.read", accountId, "staff", world.PupilA), (entry.Action, entry.ActorAccountId, entry.ActorRole, entry.SubjectPupilId));
    }

    [Fact]
    public async Task Guardians_have_no_inbox_and_staff_cannot_report()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await StaffAsync(world, StaffRole.ContactTeacher, world.Roster.ClassA);

        await (await world.GuardianA.GetAsync(Inbox, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await teacher.PostJsonAsync(Absences, Notice(world.PupilA, app.Today()))).ProblemAsync(HttpStatusCode.Forbidden);
    }
}
