using System.Net;
using System.Text;
using Meldebok.Server.Features.Audit;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Consents;

/// <summary>
/// Consents over HTTP: requests to a class, answers per guardian and child in a split household under both rules, changed
/// answers kept as history, deadlines, withdrawals, who may answer, reminders by hand and by the job, and the evidence export.
/// </summary>
public sealed class ConsentTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Requests = "/api/v1/consent-requests";
    private const string Consents = "/api/v1/consents";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Class 5A with Emma Hansen, whose guardians Kari and Per both have parental responsibility (a split household), signed in
    /// with ID-porten; the contact teacher of 5A and of 5B, and the school's office.
    /// </summary>
    private sealed record ConsentWorld(AbsenceWorld Absence, HttpClient Kari, HttpClient Per, HttpClient TeacherA, Guid TeacherAStaffId, HttpClient TeacherB, HttpClient Office)
    {
        public Guid PupilA => Absence.PupilA;
        public Guid KariId => Absence.Roster.GuardianA;
        public Guid PerId => Absence.SecondGuardianA;
        public Guid ClassA => Absence.Roster.ClassA;
    }

    private async Task<ConsentWorld> ArrangeAsync()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacherA, _, staffA) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        var (teacherB, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassB);
        var (office, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Office);
        return new ConsentWorld(world, await SignedInWithIdPortenAsync(world.Roster.GuardianA), await SignedInWithIdPortenAsync(world.SecondGuardianA),
            teacherA, staffA, teacherB, office);
    }

    private async Task<HttpClient> SignedInWithIdPortenAsync(Guid guardianId) =>
        app.ClientFor(TestUser.Account(await app.GuardianAccountIdAsync(guardianId)) with { SignInMethod = "idporten" });

    private ConsentRequestCreate Trip(Guid classId, ConsentRule rule = ConsentRule.AllWithParentalResponsibility, int deadlineDays = 5) => new(
        new BulkTarget(BulkTargetKind.Groups, [classId]), "Tur til Trollheimen", "Overnatting i telt, buss fra skolen.", ConsentKind.OneTime, rule,
        app.Time.GetUtcNow().AddDays(deadlineDays), EventDate: app.Today().AddDays(deadlineDays + 2));

    private ConsentRequestCreate Photos(Guid classId, int deadlineDays = 5) => new(
        new BulkTarget(BulkTargetKind.Groups, [classId]), "Bilder på skolens nettside", null, ConsentKind.Standing, ConsentRule.AnyGuardian,
        app.Time.GetUtcNow().AddDays(deadlineDays), ValidFrom: app.Today(), ValidUntil: app.Today().AddDays(300));

    private static async Task<ConsentRequestResponse> CreateAsync(HttpClient staff, ConsentRequestCreate request)
    {
        var response = await staff.PostJsonAsync(Requests, request);
        var created = await response.ReadAsync<ConsentRequestResponse>(HttpStatusCode.Created);
        Assert.Equal($"{Requests}/{created.Id}", response.Headers.Location?.OriginalString);
        return created;
    }

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient guardian, Guid requestId, Guid pupilId, ConsentChoice choice) =>
        guardian.PostJsonAsync($"{Consents}/{requestId}/answers", new ConsentAnswerRequest(pupilId, choice));

    private static async Task<ConsentPupilResponse> PupilAsync(HttpClient staff, Guid requestId, Guid pupilId) =>
        (await staff.GetPageAsync<ConsentPupilResponse>($"{Requests}/{requestId}/pupils")).Items.Single(p => p.PupilId == pupilId);

    [Fact]
    public async Task A_split_household_that_disagrees_where_both_must_agree_is_not_consented_and_the_teacher_sees_both_answers_and_times()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA));
        Assert.Equal((1, 0, 0, 1), (request.PupilCount, request.GivenCount, request.RefusedCount, request.PendingCount));

        var kariAt = app.Time.GetUtcNow();
        await (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.Yes)).ReadAsync<GuardianConsentResponse>(HttpStatusCode.Created);
        Assert.Equal(ConsentStatus.Pending, (await PupilAsync(world.TeacherA, request.Id, world.PupilA)).Status);
        app.Time.Advance(TimeSpan.FromHours(3));
        var perAt = app.Time.GetUtcNow();
        var perView = await (await AnswerAsync(world.Per, request.Id, world.PupilA, ConsentChoice.No)).ReadAsync<GuardianConsentResponse>(HttpStatusCode.Created);

        var pupil = await PupilAsync(world.TeacherA, request.Id, world.PupilA);
        Assert.Equal((ConsentStatus.Refused, false), (pupil.Status, pupil.Consented));
        Assert.Equal(
            [("Kari Hansen", (ConsentChoice?)ConsentChoice.Yes, (DateTimeOffset?)kariAt), ("Per Hansen", ConsentChoice.No, perAt)],
            pupil.Guardians.Select(g => (g.Name, g.Answer, g.AnsweredAt)).OrderBy(g => g.Name, StringComparer.Ordinal));
        var status = await world.TeacherA.GetJsonAsync<ConsentRequestResponse>($"{Requests}/{request.Id}");
        Assert.Equal((0, 1, 0), (status.GivenCount, status.RefusedCount, status.PendingCount));
        // Guardians of the same child see each other's current answer and when it was given.
        var child = perView.Children.Single();
        Assert.Equal((ConsentStatus.Refused, true, ConsentChoice.No), (child.Status, child.CanAnswer, child.MyAnswer));
        Assert.Equal(("Kari Hansen", ConsentChoice.Yes, kariAt), (child.OtherGuardians.Single().Name, child.OtherGuardians.Single().Answer, child.OtherGuardians.Single().AnsweredAt));
        Assert.Equal([request.Id], (await world.TeacherA.GetPageAsync<ConsentPupilResponse>($"{Requests}/{request.Id}/pupils?status=Refused")).Items.Select(_ => request.Id));
        Assert.Empty((await world.TeacherA.GetPageAsync<ConsentPupilResponse>($"{Requests}/{request.Id}/pupils?status=Pending")).Items);
    }

    [Fact]
    public async Task The_lists_give_each_request_its_own_counts_and_answers()
    {
        var world = await ArrangeAsync();
        var trip = await CreateAsync(world.TeacherA, Trip(world.ClassA, ConsentRule.AnyGuardian));
        var photos = await CreateAsync(world.TeacherA, Photos(world.ClassA));
        await (await AnswerAsync(world.Kari, trip.Id, world.PupilA, ConsentChoice.Yes)).ReadAsync<GuardianConsentResponse>(HttpStatusCode.Created);
        await (await AnswerAsync(world.Per, photos.Id, world.PupilA, ConsentChoice.No)).ReadAsync<GuardianConsentResponse>(HttpStatusCode.Created);

        var staffList = (await world.TeacherA.GetPageAsync<ConsentRequestResponse>(Requests)).Items.ToDictionary(r => r.Id);
        Assert.Equal((1, 0, 0, "Tur til Trollheimen"), (staffList[trip.Id].GivenCount, staffList[trip.Id].RefusedCount, staffList[trip.Id].PendingCount, staffList[trip.Id].Title));
        Assert.Equal((0, 1, 0, "Bilder på skolens nettside"), (staffList[photos.Id].GivenCount, staffList[photos.Id].RefusedCount, staffList[photos.Id].PendingCount, staffList[photos.Id].Title));

        var kariList = (await world.Kari.GetPageAsync<GuardianConsentResponse>(Consents)).Items.ToDictionary(r => r.Id);
        var tripChild = kariList[trip.Id].Children.Single();
        var photoChild = kariList[photos.Id].Children.Single();
        Assert.Equal((ConsentStatus.Given, (ConsentChoice?)ConsentChoice.Yes), (tripChild.Status, tripChild.MyAnswer));
        Assert.Equal((ConsentStatus.Refused, (ConsentChoice?)null, ConsentChoice.No), (photoChild.Status, photoChild.MyAnswer, photoChild.OtherGuardians.Single().Answer));
    }

    [Fact]
    public async Task Where_one_guardian_suffices_one_yes_gives_consent_and_where_all_must_agree_one_yes_is_not_enough()
    {
        var world = await ArrangeAsync();
        var any = await CreateAsync(world.TeacherA, Trip(world.ClassA, ConsentRule.AnyGuardian));
        var all = await CreateAsync(world.TeacherA, Trip(world.ClassA, ConsentRule.AllWithParentalResponsibility));

        foreach (var id in new[] { any.Id, all.Id })
        {
            (await AnswerAsync(world.Kari, id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();
        }

        Assert.Equal((ConsentStatus.Given, true), await StatusOf(any.Id));
        Assert.Equal((ConsentStatus.Pending, false), await StatusOf(all.Id));
        (await AnswerAsync(world.Per, all.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();
        Assert.Equal((ConsentStatus.Given, true), await StatusOf(all.Id));

        async Task<(ConsentStatus, bool)> StatusOf(Guid id) => (await PupilAsync(world.TeacherA, id, world.PupilA)) is var p ? (p.Status, p.Consented) : default;
    }

    [Fact]
    public async Task A_changed_answer_before_the_deadline_is_a_new_row_and_the_latest_counts_and_after_the_deadline_answers_are_refused()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA, ConsentRule.AnyGuardian, deadlineDays: 2));
        (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.No)).EnsureSuccessStatusCode();
        Assert.Equal(ConsentStatus.Refused, (await PupilAsync(world.TeacherA, request.Id, world.PupilA)).Status);
        app.Time.Advance(TimeSpan.FromDays(1));

        var changed = await (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.Yes)).ReadAsync<GuardianConsentResponse>(HttpStatusCode.Created);

        Assert.Equal((ConsentStatus.Given, ConsentChoice.Yes, app.Time.GetUtcNow()), (changed.Children[0].Status, changed.Children[0].MyAnswer, changed.Children[0].MyAnsweredAt!.Value));
        Assert.Equal([ConsentChoice.No, ConsentChoice.Yes],
            await app.WithDbAsync(db => db.ConsentAnswers.Where(a => a.RequestId == request.Id).OrderBy(a => a.Sequence).Select(a => a.Choice).ToListAsync(Ct)));

        // The history is evidence: the database refuses to change or delete an answer.
        var rewrite = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.WithDbAsync(db =>
            db.ConsentAnswers.Where(a => a.RequestId == request.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.Choice, ConsentChoice.Yes), Ct)));
        Assert.Equal("42501", rewrite.SqlState); // insufficient_privilege, raised by the trigger
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => app.WithDbAsync(db => db.ConsentAnswers.Where(a => a.RequestId == request.Id).ExecuteDeleteAsync(Ct)));

        app.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var late = await (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.No)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ConsentTexts.DeadlinePassed, late.GetProperty("detail").GetString());
        Assert.False((await world.TeacherA.GetJsonAsync<ConsentRequestResponse>($"{Requests}/{request.Id}")).IsOpen);
        Assert.Equal(2, await app.WithDbAsync(db => db.ConsentAnswers.CountAsync(a => a.RequestId == request.Id, Ct)));
    }

    [Fact]
    public async Task A_standing_consent_can_be_withdrawn_after_the_deadline_but_a_one_time_consent_not_after_its_event()
    {
        var world = await ArrangeAsync();
        var photos = await CreateAsync(world.TeacherA, Photos(world.ClassA, deadlineDays: 1));
        var trip = await CreateAsync(world.TeacherA, Trip(world.ClassA, ConsentRule.AnyGuardian, deadlineDays: 1));
        (await AnswerAsync(world.Kari, photos.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();
        (await AnswerAsync(world.Kari, trip.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();
        var nothing = await (await AnswerAsync(world.Per, photos.Id, world.PupilA, ConsentChoice.Withdrawn)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ConsentTexts.NothingToWithdraw, nothing.GetProperty("detail").GetString());

        app.Time.Advance(TimeSpan.FromDays(5)); // past both deadlines and the trip (deadline + 2 days)
        var withdrawn = await (await AnswerAsync(world.Kari, photos.Id, world.PupilA, ConsentChoice.Withdrawn)).ReadAsync<GuardianConsentResponse>(HttpStatusCode.Created);
        var afterEvent = await (await AnswerAsync(world.Kari, trip.Id, world.PupilA, ConsentChoice.Withdrawn)).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal((ConsentStatus.Refused, ConsentChoice.Withdrawn), (withdrawn.Children[0].Status, withdrawn.Children[0].MyAnswer));
        Assert.Equal(ConsentTexts.EventPassed, afterEvent.GetProperty("detail").GetString());
        Assert.Equal(ConsentStatus.Given, (await PupilAsync(world.TeacherA, trip.Id, world.PupilA)).Status);
    }

    [Fact]
    public async Task A_guardian_with_a_right_to_information_only_reads_but_cannot_answer_and_blocked_or_other_guardians_get_404()
    {
        var world = await ArrangeAsync();
        var informed = await MessageTests.GuardianWithLinkAsync(world.Absence, "Ina", responsibility: false, information: true, blocked: false);
        var blocked = await MessageTests.GuardianWithLinkAsync(world.Absence, "Bjørn", responsibility: true, information: false, blocked: true);
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA));
        var informedClient = await app.GuardianClientAsync(informed);

        var view = await informedClient.GetJsonAsync<GuardianConsentResponse>($"{Consents}/{request.Id}");
        var denied = await (await AnswerAsync(informedClient, request.Id, world.PupilA, ConsentChoice.Yes)).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.False(view.Children.Single().CanAnswer);
        Assert.Equal(["Kari Hansen", "Per Hansen"], view.Children.Single().OtherGuardians.Select(g => g.Name).Order(StringComparer.Ordinal));
        Assert.Equal(ConsentTexts.RequiresParentalResponsibility, denied.GetProperty("detail").GetString());
        var blockedClient = await app.GuardianClientAsync(blocked);
        foreach (var outsider in new[] { blockedClient, world.Absence.GuardianB })
        {
            await (await AnswerAsync(outsider, request.Id, world.PupilA, ConsentChoice.Yes)).ProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.GetAsync($"{Consents}/{request.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty((await outsider.GetPageAsync<GuardianConsentResponse>(Consents)).Items);
        }

        // Only guardians with parental responsibility count for the rule and are listed to staff.
        Assert.Equal(["Kari Hansen", "Per Hansen"], (await PupilAsync(world.TeacherA, request.Id, world.PupilA)).Guardians.Select(g => g.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, await app.WithDbAsync(db => db.ConsentAnswers.CountAsync(a => a.RequestId == request.Id, Ct)));
    }

    [Fact]
    public async Task Staff_ask_only_within_their_bulk_message_reach_and_see_their_own_requests_and_the_office_every_request_of_the_school()
    {
        var world = await ArrangeAsync();

        await (await world.TeacherB.PostJsonAsync(Requests, Trip(world.ClassA))).ProblemAsync(HttpStatusCode.NotFound);
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA));

        await (await world.TeacherB.GetAsync($"{Requests}/{request.Id}", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherB.GetAsync($"{Requests}/{request.Id}/export", Ct)).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.TeacherB.PostJsonAsync($"{Requests}/{request.Id}/remind", new { })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await world.TeacherB.GetPageAsync<ConsentRequestResponse>(Requests)).Items);
        Assert.Equal([request.Id], (await world.Office.GetPageAsync<ConsentRequestResponse>(Requests)).Items.Select(r => r.Id));
        Assert.Equal([request.Id], (await world.TeacherA.GetPageAsync<ConsentRequestResponse>(Requests)).Items.Select(r => r.Id));
        await (await world.Kari.GetAsync(Requests, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await world.TeacherA.GetAsync(Consents, Ct)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Creating_notifies_the_guardians_live_and_answers_reach_the_teacher_both_counted_in_usage_without_text()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA));
        (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();

        var events = await app.EventsForAsync(request.Id);
        Assert.Equal([ConsentEvents.Requested, ConsentEvents.Answered], events.Select(e => e.Type));
        Assert.Equal([$"guardian:{world.KariId}", $"guardian:{world.PerId}"], events[0].Audiences.Order(StringComparer.Ordinal).ToArray()
            is var to && to.Length == 2 ? to : throw new Xunit.Sdk.XunitException(string.Join(",", to)));
        Assert.Equal([$"staff:{world.TeacherAStaffId}"], events[1].Audiences);
        Assert.DoesNotContain("Trollheimen", string.Concat(events.Select(e => e.Payload)), StringComparison.Ordinal);
        var usage = await app.WithDbAsync(db => db.UsageEvents.Where(e => e.MunicipalityId == world.Absence.Admin.MunicipalityId && e.Action.StartsWith("consent."))
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Action).Select(e => new { e.Action, e.Role }).ToListAsync(Ct));
        Assert.Equal([(UsageActions.ConsentAnswered, UsageRoles.Guardian), (UsageActions.ConsentRequested, UsageRoles.ContactTeacher)],
            usage.Select(u => (u.Action, u.Role)).OrderBy(u => u.Action, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reminders_reach_only_guardians_of_pending_pupils_who_have_not_answered_and_the_automatic_reminder_fires_once()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA, deadlineDays: 4));
        (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();

        var byHand = await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/remind", new { })).ReadAsync<ConsentReminderResponse>();

        Assert.Equal(1, byHand.Reminded);
        Assert.Equal([$"guardian:{world.PerId}"], (await RemindedAsync(request.Id)).Single());

        await RunReminderJobAsync(); // four days before the deadline: too early (the default is two)
        Assert.Single(await RemindedAsync(request.Id));
        app.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await RunReminderJobAsync();
        await RunReminderJobAsync();
        app.Time.Advance(TimeSpan.FromHours(5));
        await RunReminderJobAsync();

        var reminded = await RemindedAsync(request.Id);
        Assert.Equal(2, reminded.Count);
        Assert.Equal([$"guardian:{world.PerId}"], reminded[1]);
        Assert.Equal([false, true], await app.WithDbAsync(db => db.ConsentReminders.Where(r => r.RequestId == request.Id).OrderBy(r => r.SentAt).Select(r => r.Automatic).ToListAsync(Ct)));

        // Once Per has answered there is nobody left to remind.
        (await AnswerAsync(world.Per, request.Id, world.PupilA, ConsentChoice.No)).EnsureSuccessStatusCode();
        Assert.Equal(0, (await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/remind", new { })).ReadAsync<ConsentReminderResponse>()).Reminded);
    }

    private async Task<List<string[]>> RemindedAsync(Guid requestId) =>
        (await app.EventsForAsync(requestId)).Where(e => e.Type == ConsentEvents.Reminded).Select(e => e.Audiences).ToList();

    private async Task RunReminderJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConsentReminderJob>().RunAsync(Ct);
    }

    [Fact]
    public async Task The_evidence_export_holds_every_answer_with_name_time_and_sign_in_method_and_is_audited()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA));
        (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.No)).EnsureSuccessStatusCode();
        app.Time.Advance(TimeSpan.FromMinutes(30));
        (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();
        app.Time.Advance(TimeSpan.FromMinutes(30));
        var local = await app.GuardianClientAsync(await MessageTests.GuardianWithLinkAsync(world.Absence, "Lise", responsibility: true, information: false, blocked: false));
        (await AnswerAsync(local, request.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();

        var response = await world.TeacherA.GetAsync($"{Requests}/{request.Id}/export", Ct);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var at = (TimeSpan offset) => (MeldebokApp.DefaultNow + offset).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var start = app.Time.GetUtcNow() - TimeSpan.FromHours(1) - MeldebokApp.DefaultNow;
        Assert.Equal(
        [
            "Elev;Foresatt;Svar;Besvart;Innlogging",
            $"\"Emma Hansen\";\"Kari Hansen\";\"Nei\";{at(start)};\"idporten\"",
            $"\"Emma Hansen\";\"Kari Hansen\";\"Ja\";{at(start + TimeSpan.FromMinutes(30))};\"idporten\"",
            $"\"Emma Hansen\";\"Lise Hansen\";\"Ja\";{at(start + TimeSpan.FromHours(1))};\"api\"",
        ], lines);
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.ExportConsent && e.ObjectId == request.Id, Ct)));
    }

    [Fact]
    public async Task Contact_sharing_and_photo_publication_are_standing_consents_only_and_the_purpose_is_shown_to_staff_and_guardians()
    {
        var world = await ArrangeAsync();

        foreach (var purpose in new[] { ConsentPurpose.ContactSharing, ConsentPurpose.PhotoPublication })
        {
            var problem = await (await world.TeacherA.PostJsonAsync(Requests, Trip(world.ClassA) with { Purpose = purpose })).ValidationProblemAsync("purpose");
            Assert.Equal(ConsentTexts.PurposeRequiresStanding, problem.GetProperty("purpose")[0].GetString());
        }

        await (await world.TeacherA.PostJsonAsync(Requests, new { target = new BulkTarget(BulkTargetKind.Groups, [world.ClassA]), title = "X", kind = "Standing",
            rule = "AnyGuardian", deadline = app.Time.GetUtcNow().AddDays(5), validFrom = app.Today(), validUntil = app.Today().AddDays(3), purpose = "Marketing" }))
            .ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        var trip = await CreateAsync(world.TeacherA, Trip(world.ClassA));
        var photos = await CreateAsync(world.TeacherA, Photos(world.ClassA) with { Purpose = ConsentPurpose.PhotoPublication });

        Assert.Equal((ConsentPurpose.General, ConsentPurpose.PhotoPublication), (trip.Purpose, photos.Purpose));
        Assert.Equal(ConsentPurpose.PhotoPublication, (await world.Kari.GetJsonAsync<GuardianConsentResponse>($"{Consents}/{photos.Id}")).Purpose);
        Assert.Equal(2, await app.WithDbAsync(db => db.ConsentRequests.CountAsync(r => r.MunicipalityId == world.Absence.Admin.MunicipalityId, Ct)));
    }

    [Fact]
    public async Task The_status_pages_download_link_serves_the_same_evidence_with_the_same_access_and_audit()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA));
        (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.Yes)).EnsureSuccessStatusCode();

        var page = await world.TeacherA.GetAsync($"/ansatt/samtykker/{request.Id}/eksport", Ct);
        var api = await world.TeacherA.GetAsync($"{Requests}/{request.Id}/export", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/csv", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await api.Content.ReadAsStringAsync(Ct), await page.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await world.TeacherB.GetAsync($"/ansatt/samtykker/{request.Id}/eksport", Ct)).StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.ExportConsent && e.ObjectId == request.Id, Ct)));
    }

    [Fact]
    public async Task A_request_without_target_title_or_future_deadline_is_rejected_naming_the_field()
    {
        var world = await ArrangeAsync();
        var valid = Trip(world.ClassA);

        await (await world.TeacherA.PostJsonAsync(Requests, valid with { Target = null })).ValidationProblemAsync("target");
        await (await world.TeacherA.PostJsonAsync(Requests, valid with { Title = "  " })).ValidationProblemAsync("title");
        await (await world.TeacherA.PostJsonAsync(Requests, valid with { Title = new string('t', 201) })).ValidationProblemAsync("title");
        await (await world.TeacherA.PostJsonAsync(Requests, valid with { Deadline = app.Time.GetUtcNow().AddMinutes(-1) })).ValidationProblemAsync("deadline");
        await (await world.TeacherA.PostJsonAsync(Requests, valid with { Target = new BulkTarget(BulkTargetKind.Municipality) })).ValidationProblemAsync("target.kind");
        await (await world.TeacherA.PostJsonAsync(Requests, valid with { Target = new BulkTarget(BulkTargetKind.Groups, []) })).ValidationProblemAsync("target.groupIds");
        await (await world.TeacherA.PostJsonAsync(Requests, valid with { EventDate = null })).ValidationProblemAsync("eventDate");
        await (await world.TeacherA.PostJsonAsync(Requests, Photos(world.ClassA) with { ValidUntil = app.Today().AddDays(-1) })).ValidationProblemAsync("validUntil");
        await (await world.Kari.PostJsonAsync($"{Consents}/{Guid.NewGuid()}/answers", new { pupilId = world.PupilA, answer = "Kanskje" })).ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await app.WithDbAsync(db => db.ConsentRequests.CountAsync(r => r.MunicipalityId == world.Absence.Admin.MunicipalityId, Ct)));
    }

    [Fact]
    public async Task Closing_early_refuses_answers_naming_the_rule_and_the_status_and_evidence_show_who_closed_it_when_and_why()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA, ConsentRule.AnyGuardian));
        (await AnswerAsync(world.Kari, request.Id, world.PupilA, ConsentChoice.No)).EnsureSuccessStatusCode();
        app.Time.Advance(TimeSpan.FromHours(1));
        const string reason = "Turen er avlyst på grunn av været.";

        await (await world.TeacherB.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest(reason))).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.Kari.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest(reason))).ProblemAsync(HttpStatusCode.Forbidden);
        var closed = await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest(reason))).ReadAsync<ConsentRequestResponse>();

        Assert.Equal((false, app.Time.GetUtcNow(), request.CreatedByName, reason), (closed.IsOpen, closed.ClosedAt, closed.ClosedByName, closed.ClosedReason));
        var late = await (await AnswerAsync(world.Per, request.Id, world.PupilA, ConsentChoice.Yes)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ConsentTexts.RequestClosed, late.GetProperty("detail").GetString());
        var again = await (await world.Office.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest("En gang til."))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ConsentTexts.AlreadyClosed, again.GetProperty("detail").GetString());

        // The office sees the closing as the creator does; the guardians see that it is closed and why.
        var seenByOffice = await world.Office.GetJsonAsync<ConsentRequestResponse>($"{Requests}/{request.Id}");
        Assert.Equal((closed.ClosedAt, closed.ClosedByName, reason), (seenByOffice.ClosedAt, seenByOffice.ClosedByName, seenByOffice.ClosedReason));
        var seenByPer = await world.Per.GetJsonAsync<GuardianConsentResponse>($"{Consents}/{request.Id}");
        Assert.Equal((false, reason), (seenByPer.IsOpen, seenByPer.ClosedReason));
        Assert.Equal(ConsentStatus.Refused, (await PupilAsync(world.TeacherA, request.Id, world.PupilA)).Status);

        var csv = await world.TeacherA.GetAsync($"{Requests}/{request.Id}/export", Ct);
        var lines = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync(Ct))[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var closedAt = closed.ClosedAt!.Value.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("\"Emma Hansen\";\"Kari Hansen\";\"Nei\";", lines[1], StringComparison.Ordinal);
        Assert.Equal($"\"{ConsentService.ClosedEarlyLabel}\";\"{request.CreatedByName}\";\"{reason}\";{closedAt};", lines[2]);
    }

    [Fact]
    public async Task A_request_closed_early_gets_no_reminder_by_hand_or_from_the_job()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA, deadlineDays: 4));
        (await world.Office.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest("Avlyst."))).EnsureSuccessStatusCode();

        var byHand = await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/remind", new { })).ProblemAsync(HttpStatusCode.Conflict);
        app.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1)); // inside the automatic reminder's window
        await RunReminderJobAsync();

        Assert.Equal(ConsentTexts.ClosedNoReminders, byHand.GetProperty("detail").GetString());
        Assert.Empty(await RemindedAsync(request.Id));
        Assert.False(await app.WithDbAsync(db => db.ConsentReminders.AnyAsync(r => r.RequestId == request.Id, Ct)));
        Assert.Null(await app.WithDbAsync(db => db.ConsentRequests.Where(r => r.Id == request.Id).Select(r => r.AutomaticReminderSentAt).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Closing_needs_a_reason_and_cannot_come_after_the_deadline()
    {
        var world = await ArrangeAsync();
        var request = await CreateAsync(world.TeacherA, Trip(world.ClassA, deadlineDays: 1));

        await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/close", new { })).ValidationProblemAsync("reason");
        await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest(" "))).ValidationProblemAsync("reason");
        await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest(new string('g', 501)))).ValidationProblemAsync("reason");
        app.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var late = await (await world.TeacherA.PostJsonAsync($"{Requests}/{request.Id}/close", new ConsentCloseRequest("For sent."))).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(ConsentTexts.CloseAfterDeadline, late.GetProperty("detail").GetString());
        Assert.Null(await app.WithDbAsync(db => db.ConsentRequests.Where(r => r.Id == request.Id).Select(r => r.ClosedAt).SingleAsync(Ct)));
    }
}
