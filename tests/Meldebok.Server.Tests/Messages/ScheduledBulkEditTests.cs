using System.Net;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Attachments;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Messages;

/// <summary>
/// Changing the target and the attachments of a scheduled bulk message through <c>PUT /api/v1/bulk-messages/{id}</c>: the
/// same reach rules as sending (404 out of reach, 403 municipality from staff), the fan-out going to the new target, the
/// attachments replaced by the upload rules, and 409 once the fan-out has started.
/// </summary>
public sealed class ScheduledBulkEditTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private const string Bulk = BulkSending.Bulk;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BulkTarget Groups(params Guid[] ids) => new(BulkTargetKind.Groups, ids);

    private async Task<BulkMessageStatusResponse> ScheduleAsync(HttpClient sender, BulkTarget target, IReadOnlyList<Guid>? attachmentIds = null) =>
        await (await sender.PostJsonAsync(Bulk, new BulkMessageRequest(target, "Foreldremøte", NotificationArrange.BulkBody, false, attachmentIds,
            app.Time.GetUtcNow().AddHours(2)))).ReadAsync<BulkMessageStatusResponse>(HttpStatusCode.Accepted);

    private BulkMessageUpdateRequest Edit(BulkTarget? target = null, IReadOnlyList<Guid>? attachmentIds = null) =>
        new("Foreldremøte flyttet", "Nå tirsdag kl. 19.", false, app.Time.GetUtcNow().AddHours(3), target, attachmentIds);

    private static async Task<AttachmentResponse> UploadAsync(HttpClient client, string name) =>
        await (await AttachmentTests.UploadAsync(client, TestFiles.Pdf(name), name + ".pdf")).ReadAsync<AttachmentResponse>(HttpStatusCode.Created);

    private Task<List<Guid>> RecipientGuardiansAsync(Guid id) =>
        app.WithDbAsync(db => db.BulkMessageRecipients.Where(r => r.BulkMessageId == id).Select(r => r.GuardianId).OrderBy(g => g).ToListAsync(Ct));

    [Fact]
    public async Task A_new_target_in_reach_replaces_the_old_one_and_the_fan_out_reaches_exactly_its_guardians_as_the_preview_counted()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var roster = world.Absence.Roster;
        var (teacher, _, _) = await app.StaffClientAsync(world.Absence.Admin, world.Absence.SchoolId, StaffRole.ContactTeacher, roster.ClassA, roster.ClassB);
        var scheduled = await ScheduleAsync(teacher, Groups(roster.ClassA));

        var edited = await (await teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(Groups(roster.ClassB)))).ReadAsync<BulkMessageStatusResponse>();

        Assert.Equal((BulkMessageState.Scheduled, BulkTargetKind.Groups), (edited.State, edited.TargetKind));
        Assert.Equal([roster.ClassB], edited.TargetIds);
        var preview = await (await teacher.PostJsonAsync($"{Bulk}/preview", new BulkPreviewRequest(Groups(roster.ClassB)))).ReadAsync<BulkPreviewResponse>();
        app.Time.Advance(TimeSpan.FromHours(3));
        await app.FanOutAsync();
        var sent = await teacher.GetJsonAsync<BulkMessageStatusResponse>($"{Bulk}/{scheduled.Id}");
        Assert.Equal((BulkMessageState.Sent, preview.RecipientCount), (sent.State, sent.RecipientCount));
        var recipients = await RecipientGuardiansAsync(scheduled.Id);
        Assert.Equal(preview.RecipientCount, recipients.Count);
        Assert.Contains(roster.GuardianB, recipients);
        Assert.DoesNotContain(world.Kari, recipients);
        Assert.DoesNotContain(world.Per, recipients);
    }

    [Fact]
    public async Task A_target_out_of_reach_answers_404_a_municipality_from_staff_403_and_the_message_keeps_its_target()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var scheduled = await ScheduleAsync(world.Teacher, Groups(world.Absence.Roster.ClassA));

        using var outOfReach = await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(Groups(world.Absence.Roster.ClassB)));
        await outOfReach.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        using var unknown = await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(Groups(Guid.NewGuid())));
        await unknown.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        using var municipality = await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(new BulkTarget(BulkTargetKind.Municipality)));
        await municipality.ShouldHaveStatusAsync(HttpStatusCode.Forbidden);

        var unchanged = await world.Teacher.GetJsonAsync<BulkMessageStatusResponse>($"{Bulk}/{scheduled.Id}");
        Assert.Equal(("Foreldremøte", BulkTargetKind.Groups), (unchanged.Subject, unchanged.TargetKind));
        Assert.Equal([world.Absence.Roster.ClassA], unchanged.TargetIds);
    }

    [Fact]
    public async Task Attachments_are_added_and_removed_by_the_upload_rules_and_a_removed_one_is_no_longer_the_recipients_to_read()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var first = await UploadAsync(world.Teacher, "Turplan");
        var second = await UploadAsync(world.Teacher, "Pakkeliste");
        var scheduled = await ScheduleAsync(world.Teacher, Groups(world.Absence.Roster.ClassA), [first.Id]);
        var othersUpload = await UploadAsync(world.Absence.GuardianA, "Legeerklæring");

        await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(attachmentIds: [first.Id, othersUpload.Id]))).ValidationProblemAsync("attachmentIds");
        await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(attachmentIds: [.. Enumerable.Range(0, 6).Select(_ => Guid.NewGuid())])))
            .ValidationProblemAsync("attachmentIds");
        Assert.Equal([first.Id], (await world.Teacher.GetJsonAsync<BulkMessageStatusResponse>($"{Bulk}/{scheduled.Id}")).Attachments.Select(a => a.Id));

        var edited = await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(attachmentIds: [second.Id]))).ReadAsync<BulkMessageStatusResponse>();
        Assert.Equal([second.Id], edited.Attachments.Select(a => a.Id));
        // Left out (null), the attachments stay.
        var kept = await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit())).ReadAsync<BulkMessageStatusResponse>();
        Assert.Equal([second.Id], kept.Attachments.Select(a => a.Id));

        app.Time.Advance(TimeSpan.FromHours(3));
        await app.FanOutAsync();
        var received = await world.Absence.GuardianA.GetJsonAsync<ReceivedBulkMessageResponse>($"/api/v1/received-messages/{scheduled.Id}");
        Assert.Equal([second.Id], received.Attachments.Select(a => a.Id));
        using var removed = await world.Absence.GuardianA.GetAsync($"/api/v1/attachments/{first.Id}", Ct);
        await removed.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        using var attached = await world.Absence.GuardianA.GetAsync($"/api/v1/attachments/{second.Id}", Ct);
        await attached.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Once_the_fan_out_has_started_the_target_can_no_longer_be_changed_409()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var scheduled = await ScheduleAsync(world.Teacher, Groups(world.Absence.Roster.ClassA));
        // A worker has claimed it (the fan-out's conditional UPDATE), as at its time.
        await app.WithDbAsync(db => db.BulkMessages.Where(m => m.Id == scheduled.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.State, BulkMessageState.Sending).SetProperty(m => m.SentAt, app.Time.GetUtcNow()), Ct));

        var conflict = await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", Edit(Groups(world.Absence.Roster.ClassA)))).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(MessageTexts.AlreadyGoingOut, conflict.GetProperty("detail").GetString());
    }
}
