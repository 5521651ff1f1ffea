using System.Net;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Messages;

/// <summary>
/// Threads between guardians and staff, and bulk messages, over HTTP and the hub: who is in a thread, who may write,
/// split households, read receipts, bulk recipients resolved from the roster, read rates, reminders and private replies.
/// </summary>
public sealed class MessageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Threads = "/api/v1/threads";
    private const string StaffThreads = "/api/v1/staff/threads";
    private const string Bulk = BulkSending.Bulk;
    private const string Received = "/api/v1/received-messages";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The absence world with a contact teacher of each class, and the guardians of pupil A in a split household.</summary>
    private sealed record MessageWorld(AbsenceWorld Absence, HttpClient TeacherA, Guid TeacherAStaffId, Guid TeacherAAccount, HttpClient TeacherB)
    {
        public Guid PupilA => Absence.PupilA;
        public HttpClient GuardianA => Absence.GuardianA;
        public HttpClient SecondGuardian => Absence.SecondGuardian;
        public HttpClient GuardianB => Absence.GuardianB;
        public Guid ClassA => Absence.Roster.ClassA;
    }

    private async Task<MessageWorld> ArrangeAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacherA, accountA, staffA) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        var (teacherB, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassB);
        return new MessageWorld(world, teacherA, staffA, accountA, teacherB);
    }

    private static async Task<ThreadResponse> StartAsync(HttpClient guardian, Guid pupilId, GuardianAddressee to = GuardianAddressee.ContactTeacher, string body = "Hei! Hun har glemt gymtøyet.")
    {
        var response = await guardian.PostJsonAsync(Threads, new GuardianThreadRequest(pupilId, to, "Gymtøy", body));
        var thread = await response.ReadAsync<ThreadResponse>(HttpStatusCode.Created);
        Assert.Equal($"{Threads}/{thread.Id}", response.Headers.Location?.OriginalString);
        return thread;
    }

    internal static async Task<Guid> GuardianWithLinkAsync(AbsenceWorld world, string givenName, bool responsibility, bool information, bool blocked)
    {
        var guardian = await world.Admin.CreateGuardianAsync(RosterTestData.Guardian(givenName, "Hansen"));
        await (await world.Admin.Client.PostJsonAsync("/api/v1/admin/guardian-links",
            new GuardianLinkCreateRequest(guardian.Id, world.PupilA, responsibility, DailyCare: false, RightToInformation: information, Blocked: blocked)))
            .ReadAsync<GuardianLinkResponse>(HttpStatusCode.Created);
        return guardian.Id;
    }

    /// <summary>A municipality administrator in the roster, signed in with Feide (the test admin session carries claims only).</summary>
    private async Task<HttpClient> RosterAdministratorAsync(AdminSession admin)
    {
        var feideId = $"admin-{Guid.NewGuid():N}@testvik.kommune.no";
        (await admin.Client.PostJsonAsync("/api/v1/admin/administrators", new AdministratorRequest("Ada", "Admin", feideId, feideId))).EnsureSuccessStatusCode();
        return app.ClientFor(TestUser.Account(await app.CreateAccountAsync("Ada Admin", feideId: feideId)));
    }

    [Fact]
    public async Task Guardian_writes_to_the_contact_teacher_of_the_childs_class_and_nobody_else_is_in_the_thread()
    {
        var world = await ArrangeAsync();

        var thread = await StartAsync(world.GuardianA, world.PupilA);

        Assert.Equal((world.PupilA, "Emma Hansen", ThreadAddressee.ContactTeacher, 0), (thread.PupilId, thread.PupilName, thread.Addressee, thread.UnreadCount));
        Assert.Equal(["Guardian", "Staff"], thread.Participants.Select(p => p.Kind).Order());
        Assert.Equal("Kari Hansen", thread.Participants.Single(p => p.IsMe).Name);
        var listed = await world.TeacherA.GetPageAsync<ThreadResponse>(Threads);
        Assert.Equal((thread.Id, 1), (listed.Items.Single().Id, listed.Items.Single().UnreadCount));
        foreach (var outsider in new[] { world.TeacherB, world.GuardianB, world.SecondGuardian })
        {
            await (await outsider.GetAsync($"{Threads}/{thread.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.GetAsync($"{Threads}/{thread.Id}/messages", Ct)).ProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty((await outsider.GetPageAsync<ThreadResponse>(Threads)).Items);
        }
    }

    [Fact]
    public async Task Nobody_outside_a_thread_can_add_a_message_to_it()
    {
        var world = await ArrangeAsync();
        var thread = await StartAsync(world.GuardianA, world.PupilA);

        await (await world.GuardianB.PostJsonAsync($"{Threads}/{thread.Id}/messages", new ReplyRequest("Jeg er ikke med her."))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherB.PostJsonAsync($"{Threads}/{thread.Id}/messages", new ReplyRequest("Ikke jeg heller."))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.SecondGuardian.PostJsonAsync($"{Threads}/{thread.Id}/read", new { })).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(1, await app.WithDbAsync(db => db.ThreadMessages.CountAsync(m => m.ThreadId == thread.Id, Ct)));
    }

    [Fact]
    public async Task The_teachers_reply_reaches_the_guardian_live_and_each_side_sees_when_the_other_has_read()
    {
        var world = await ArrangeAsync();
        var thread = await StartAsync(world.GuardianA, world.PupilA);
        await using var guardianHub = await HubClient.ConnectAsync(app, TestUser.Account(await app.GuardianAccountIdAsync(world.Absence.Roster.GuardianA)));
        app.Time.Advance(TimeSpan.FromMinutes(2));

        var reply = await (await world.TeacherA.PostJsonAsync($"{Threads}/{thread.Id}/messages", new ReplyRequest("Takk, vi finner noe å låne.", Urgent: true)))
            .ReadAsync<ThreadMessageResponse>(HttpStatusCode.Created);

        var pushed = await guardianHub.WaitForAsync(MessageEvents.Posted, "messageId", reply.Id);
        Assert.True(pushed.Data.GetProperty("urgent").GetBoolean());
        Assert.False(pushed.Data.TryGetProperty("body", out _));
        Assert.False(reply.ReadByAll);
        var beforeReading = await world.GuardianA.GetJsonAsync<ThreadResponse>($"{Threads}/{thread.Id}");
        Assert.Equal(1, beforeReading.UnreadCount);

        app.Time.Advance(TimeSpan.FromMinutes(3));
        var read = await (await world.GuardianA.PostJsonAsync($"{Threads}/{thread.Id}/read", new { })).ReadAsync<ThreadResponse>();

        Assert.Equal(0, read.UnreadCount);
        var messages = await world.TeacherA.GetJsonAsync<Paged<ThreadMessageResponse>>($"{Threads}/{thread.Id}/messages");
        Assert.Equal(["Takk, vi finner noe å låne.", "Hei! Hun har glemt gymtøyet."], messages.Items.Select(m => m.Body));
        Assert.True(messages.Items[0].ReadByAll);
        Assert.Equal(app.Time.GetUtcNow(), (await world.TeacherA.GetJsonAsync<ThreadResponse>($"{Threads}/{thread.Id}")).Participants.Single(p => p.Kind == "Guardian").LastReadAt);
    }

    [Fact]
    public async Task A_guardians_urgent_flag_is_ignored()
    {
        var world = await ArrangeAsync();
        var thread = await StartAsync(world.GuardianA, world.PupilA);

        var message = await (await world.GuardianA.PostJsonAsync($"{Threads}/{thread.Id}/messages", new ReplyRequest("Haster!", Urgent: true)))
            .ReadAsync<ThreadMessageResponse>(HttpStatusCode.Created);

        Assert.False(message.Urgent);
    }

    [Fact]
    public async Task Staff_writing_to_all_guardians_reach_both_sides_of_a_split_household_but_not_blocked_or_rightless_guardians()
    {
        var world = await ArrangeAsync();
        var informed = await GuardianWithLinkAsync(world.Absence, "Ingrid", responsibility: false, information: true, blocked: false);
        var blocked = await GuardianWithLinkAsync(world.Absence, "Bjørn", responsibility: true, information: false, blocked: true);
        var rightless = await GuardianWithLinkAsync(world.Absence, "Rolf", responsibility: false, information: false, blocked: false);

        var response = await world.TeacherA.PostJsonAsync(StaffThreads, new StaffThreadRequest(world.PupilA, "Utviklingssamtale", "Kan dere komme torsdag?"));
        var thread = await response.ReadAsync<ThreadResponse>(HttpStatusCode.Created);

        Assert.Equal(ThreadAddressee.Guardians, thread.Addressee);
        Assert.Equal(["Ingrid Hansen", "Kari Hansen", "Per Hansen"], thread.Participants.Where(p => p.Kind == "Guardian").Select(p => p.Name).Order());
        Assert.Single((await world.SecondGuardian.GetPageAsync<ThreadResponse>(Threads)).Items);
        foreach (var excluded in new[] { blocked, rightless })
        {
            var client = await app.GuardianClientAsync(excluded);
            Assert.Empty((await client.GetPageAsync<ThreadResponse>(Threads)).Items);
            await (await client.GetAsync($"{Threads}/{thread.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Contains(informed, await app.WithDbAsync(db => db.ThreadParticipants.Where(p => p.ThreadId == thread.Id).Select(p => p.GuardianId).ToListAsync(Ct)));
    }

    [Fact]
    public async Task Staff_can_write_to_one_named_guardian_but_a_guardian_or_pupil_outside_reach_answers_404()
    {
        var world = await ArrangeAsync();
        var blocked = await GuardianWithLinkAsync(world.Absence, "Bjørn", responsibility: true, information: false, blocked: true);

        var one = await (await world.TeacherA.PostJsonAsync(StaffThreads,
            new StaffThreadRequest(world.PupilA, "Bursdag", "Gratulerer!", [world.Absence.SecondGuardianA]))).ReadAsync<ThreadResponse>(HttpStatusCode.Created);

        Assert.Equal(["Per Hansen"], one.Participants.Where(p => p.Kind == "Guardian").Select(p => p.Name));
        Assert.Empty((await world.GuardianA.GetPageAsync<ThreadResponse>(Threads)).Items);
        await (await world.TeacherA.PostJsonAsync(StaffThreads, new StaffThreadRequest(world.PupilA, "Hei", "Hei", [blocked]))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherA.PostJsonAsync(StaffThreads, new StaffThreadRequest(world.PupilA, "Hei", "Hei", [world.Absence.Roster.GuardianB]))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherB.PostJsonAsync(StaffThreads, new StaffThreadRequest(world.PupilA, "Hei", "Hei"))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_guardian_cannot_write_about_a_child_out_of_reach_nor_to_a_role_nobody_holds()
    {
        var world = await ArrangeAsync();

        await (await world.GuardianB.PostJsonAsync(Threads, new GuardianThreadRequest(world.PupilA, GuardianAddressee.ContactTeacher, "Hei", "Hei"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.GuardianA.PostJsonAsync(Threads, new GuardianThreadRequest(world.Absence.Roster.ProtectedPupil, GuardianAddressee.Office, "Hei", "Hei"))).ProblemAsync(HttpStatusCode.NotFound);
        var conflict = await (await world.GuardianA.PostJsonAsync(Threads, new GuardianThreadRequest(world.PupilA, GuardianAddressee.Office, "Hei", "Hei")))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(MessageTexts.NoStaffToReceive, conflict.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("", "Hei", "subject")]
    [InlineData("Emne", "", "body")]
    [InlineData("Emne", "   ", "body")]
    [InlineData("Emne", null, "body")]
    public async Task Empty_or_missing_subject_and_body_are_rejected_naming_the_field(string? subject, string? body, string field)
    {
        var world = await ArrangeAsync();

        await (await world.GuardianA.PostJsonAsync(Threads, new GuardianThreadRequest(world.PupilA, GuardianAddressee.ContactTeacher, subject, body))).ValidationProblemAsync(field);
    }

    [Fact]
    public async Task Over_long_messages_and_a_missing_addressee_are_rejected_naming_the_field()
    {
        var world = await ArrangeAsync();
        var thread = await StartAsync(world.GuardianA, world.PupilA);

        await (await world.GuardianA.PostJsonAsync(Threads, new GuardianThreadRequest(world.PupilA, null, "Emne", "Hei"))).ValidationProblemAsync("to");
        await (await world.GuardianA.PostJsonAsync(Threads, new GuardianThreadRequest(world.PupilA, GuardianAddressee.ContactTeacher, new string('e', 201), "Hei"))).ValidationProblemAsync("subject");
        await (await world.GuardianA.PostJsonAsync($"{Threads}/{thread.Id}/messages", new ReplyRequest(new string('x', 5001)))).ValidationProblemAsync("body");
    }

    [Fact]
    public async Task Teacher_previews_and_sends_to_the_class_every_allowed_guardian_gets_it_live_and_the_read_rate_rises()
    {
        var world = await ArrangeAsync();
        await GuardianWithLinkAsync(world.Absence, "Bjørn", responsibility: true, information: false, blocked: true);
        var target = new BulkTarget(BulkTargetKind.Groups, [world.ClassA]);
        await using var secondHub = await HubClient.ConnectAsync(app, TestUser.Account(await app.GuardianAccountIdAsync(world.Absence.SecondGuardianA)));
        await using var teacherHub = await HubClient.ConnectAsync(app, TestUser.Account(world.TeacherAAccount));

        var preview = await (await world.TeacherA.PostJsonAsync(Bulk + "/preview", new BulkPreviewRequest(target))).ReadAsync<BulkPreviewResponse>();

        // Class 5A: Emma (Kari and Per, both with parental responsibility; Bjørn is blocked) and the protected pupil (no guardians).
        Assert.Equal((2, 2), (preview.RecipientCount, preview.PupilCount));
        Assert.Equal(["Kari Hansen", "Per Hansen"], preview.Recipients.Items.Select(r => r.Name).Order());
        Assert.All(preview.Recipients.Items, r => Assert.Equal(["Emma Hansen"], r.Pupils));

        var sent = await app.SendBulkAsync(world.TeacherA, new BulkMessageRequest(target, "Turdag fredag", "Husk matpakke og gode sko."));

        Assert.Equal((2, 0, 0.0), (sent.RecipientCount, sent.ReadCount, sent.ReadRate));
        await secondHub.WaitForAsync(MessageEvents.BulkDelivered, "bulkMessageId", sent.Id);
        var received = (await world.GuardianA.GetPageAsync<ReceivedBulkMessageResponse>(Received)).Items.Single();
        Assert.Equal((sent.Id, "Turdag fredag", "Husk matpakke og gode sko.", (DateTimeOffset?)null), (received.Id, received.Subject, received.Body, received.ReadAt));
        Assert.Empty((await world.GuardianB.GetPageAsync<ReceivedBulkMessageResponse>(Received)).Items);
        await (await world.GuardianB.GetAsync($"{Received}/{sent.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);

        var read = await (await world.GuardianA.PostJsonAsync($"{Received}/{sent.Id}/read", new { })).ReadAsync<ReceivedBulkMessageResponse>();

        Assert.Equal(app.Time.GetUtcNow(), read.ReadAt);
        var progress = await teacherHub.WaitForAsync(MessageEvents.BulkProgress, "bulkMessageId", sent.Id);
        while (progress.Data.GetProperty("readCount").GetInt32() == 0)
        {
            progress = await teacherHub.WaitForAsync(MessageEvents.BulkProgress, "bulkMessageId", sent.Id);
        }

        Assert.Equal(1, progress.Data.GetProperty("readCount").GetInt32());
        var status = await world.TeacherA.GetJsonAsync<BulkMessageStatusResponse>($"{Bulk}/{sent.Id}");
        Assert.Equal((1, 0.5), (status.ReadCount, status.ReadRate));
        var unread = await world.TeacherA.GetJsonAsync<Paged<BulkRecipientResponse>>($"{Bulk}/{sent.Id}/recipients?read=false");
        Assert.Equal(["Per Hansen"], unread.Items.Select(r => r.Name));

        var reminded = await (await world.TeacherA.PostJsonAsync($"{Bulk}/{sent.Id}/remind", new { })).ReadAsync<BulkReminderResponse>();

        Assert.Equal(1, reminded.Reminded);
        await secondHub.WaitForAsync(MessageEvents.BulkReminded, "bulkMessageId", sent.Id);
        await (await world.TeacherB.GetAsync($"{Bulk}/{sent.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reply_to_a_bulk_message_goes_privately_to_the_sender_and_later_replies_continue_the_same_thread()
    {
        var world = await ArrangeAsync();
        var sent = await app.SendBulkAsync(world.TeacherA, new BulkMessageRequest(new BulkTarget(BulkTargetKind.Groups, [world.ClassA]), "Foreldremøte", "Tirsdag kl. 18."));

        var thread = await (await world.GuardianA.PostJsonAsync($"{Received}/{sent.Id}/reply", new ReplyRequest("Jeg kommer.")))
            .ReadAsync<ThreadResponse>(HttpStatusCode.Created);
        var again = await (await world.GuardianA.PostJsonAsync($"{Received}/{sent.Id}/reply", new ReplyRequest("Og Per også.")))
            .ReadAsync<ThreadResponse>(HttpStatusCode.Created);

        Assert.Equal((ThreadAddressee.BulkReply, (Guid?)sent.Id, "Sv: Foreldremøte", world.PupilA), (thread.Addressee, thread.BulkMessageId, thread.Subject, thread.PupilId));
        Assert.Equal(thread.Id, again.Id);
        Assert.Equal(["Kari Hansen"], thread.Participants.Where(p => p.Kind == "Guardian").Select(p => p.Name));
        Assert.Equal([world.TeacherAStaffId], await app.WithDbAsync(db => db.ThreadParticipants.Where(p => p.ThreadId == thread.Id && p.StaffId != null).Select(p => p.StaffId!.Value).ToListAsync(Ct)));
        Assert.Empty((await world.SecondGuardian.GetPageAsync<ThreadResponse>(Threads)).Items);
        var teacherSees = await world.TeacherA.GetJsonAsync<Paged<ThreadMessageResponse>>($"{Threads}/{thread.Id}/messages");
        Assert.Equal(["Og Per også.", "Jeg kommer."], teacherSees.Items.Select(m => m.Body));
        await (await world.GuardianB.PostJsonAsync($"{Received}/{sent.Id}/reply", new ReplyRequest("Hei"))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sending_and_reading_count_in_the_usage_statistics_by_role_without_any_text()
    {
        var world = await ArrangeAsync();
        var municipalityId = world.Absence.Admin.MunicipalityId;
        var sent = await app.SendBulkAsync(world.TeacherA, new BulkMessageRequest(new BulkTarget(BulkTargetKind.Groups, [world.ClassA]), "Lus", "Det er lus i klassen."));
        (await world.GuardianA.PostJsonAsync($"{Received}/{sent.Id}/read", new { })).EnsureSuccessStatusCode();
        (await world.GuardianA.PostJsonAsync($"{Received}/{sent.Id}/read", new { })).EnsureSuccessStatusCode();
        await StartAsync(world.SecondGuardian, world.PupilA);

        var events = await app.WithDbAsync(db => db.UsageEvents.AsNoTracking().Where(e => e.MunicipalityId == municipalityId && e.Action.StartsWith("message."))
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.Role, e.Channel, e.SchoolId }).ToListAsync(Ct));

        // The second read of the same message does not count again.
        Assert.Equal(
            [("message.sent", "contact-teacher"), ("message.read", "guardian"), ("message.sent", "guardian")],
            events.Select(e => (e.Action, e.Role)));
        Assert.All(events, e => Assert.Equal(("digital", (Guid?)world.Absence.SchoolId), (e.Channel, e.SchoolId)));
    }

    [Fact]
    public async Task Bulk_targets_follow_the_senders_reach()
    {
        var world = await ArrangeAsync();
        var (office, _, _) = await app.StaffClientAsync(world.Absence.Admin, world.Absence.SchoolId, StaffRole.Office);
        BulkMessageRequest To(BulkTarget target) => new(target, "Beskjed", "Skolen er stengt i dag.");

        await (await world.TeacherB.PostJsonAsync(Bulk, To(new BulkTarget(BulkTargetKind.Groups, [world.ClassA])))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherA.PostJsonAsync(Bulk, To(new BulkTarget(BulkTargetKind.Groups, [world.ClassA, Guid.NewGuid()])))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherA.PostJsonAsync(Bulk, To(new BulkTarget(BulkTargetKind.School, SchoolId: world.Absence.SchoolId)))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.TeacherA.PostJsonAsync(Bulk, To(new BulkTarget(BulkTargetKind.Municipality)))).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.TeacherA.PostJsonAsync(Bulk, To(new BulkTarget(BulkTargetKind.Groups, [])))).ValidationProblemAsync("target.groupIds");
        await (await world.TeacherA.PostJsonAsync(Bulk, To(new BulkTarget(null)))).ValidationProblemAsync("target.kind");
        await (await world.GuardianA.PostJsonAsync(Bulk, To(new BulkTarget(BulkTargetKind.Groups, [world.ClassA])))).ProblemAsync(HttpStatusCode.Forbidden);

        var school = await app.SendBulkAsync(office, To(new BulkTarget(BulkTargetKind.School, SchoolId: world.Absence.SchoolId)));
        var municipality = await app.SendBulkAsync(await RosterAdministratorAsync(world.Absence.Admin), To(new BulkTarget(BulkTargetKind.Municipality)));

        // The school: Emma's two guardians and Nora's one.
        Assert.Equal((3, 3), (school.RecipientCount, municipality.RecipientCount));
        Assert.Equal(2, (await world.GuardianB.GetPageAsync<ReceivedBulkMessageResponse>(Received)).TotalCount);
    }

    [Fact]
    public async Task Sending_to_a_target_without_guardians_answers_409_and_stores_nothing()
    {
        var world = await ArrangeAsync();
        var (sfoStaff, _, _) = await app.StaffClientAsync(world.Absence.Admin, world.Absence.SchoolId, StaffRole.SfoStaff, world.Absence.Roster.SfoGroup);
        await app.WithDbAsync(async db =>
        {
            await db.GuardianLinks.Where(l => l.PupilId == world.PupilA).ExecuteUpdateAsync(set => set.SetProperty(l => l.Blocked, true), Ct);
            return 0;
        });

        await (await sfoStaff.PostJsonAsync(Bulk, new BulkMessageRequest(new BulkTarget(BulkTargetKind.SfoUnit, SfoUnitId: world.Absence.SfoUnitId), "SFO", "Hei")))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.False(await app.WithDbAsync(db => db.BulkMessages.AnyAsync(m => m.TargetIds.Contains(world.Absence.SfoUnitId), Ct)));
    }
}
