using System.Net;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using Meldebok.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Messages;

/// <summary>
/// Sending safety of bulk messages over HTTP, the hub and the jobs under the fake clock: "send" answers before the fan-out,
/// which stores the copies after the undo window with live progress and is idempotent when a worker dies; cancelling
/// within the window; scheduled sending with edits; and the urgent SMS fallback to those who have not read the message.
/// </summary>
public sealed class BulkSendingTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private const string Bulk = BulkSending.Bulk;
    private const string Received = "/api/v1/received-messages";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BulkMessageRequest ToClass(NotificationWorld world, string subject = "Turdag fredag", bool urgent = false, DateTimeOffset? sendAt = null) =>
        new(new BulkTarget(BulkTargetKind.Groups, [world.Absence.Roster.ClassA]), subject, NotificationArrange.BulkBody, urgent, SendAt: sendAt);

    private static async Task<BulkMessageStatusResponse> QueueAsync(NotificationWorld world, BulkMessageRequest request) =>
        await (await world.Teacher.PostJsonAsync(Bulk, request)).ReadAsync<BulkMessageStatusResponse>(HttpStatusCode.Accepted);

    private static Task<BulkMessageStatusResponse> StatusAsync(NotificationWorld world, Guid id) => world.Teacher.GetJsonAsync<BulkMessageStatusResponse>($"{Bulk}/{id}");

    private Task<List<(Guid GuardianId, Guid PupilId)>> CopiesAsync(Guid id) => app.WithDbAsync(async db =>
        (await db.BulkMessageRecipients.Where(r => r.BulkMessageId == id).Select(r => new { r.GuardianId, r.PupilId }).ToListAsync(Ct))
            .Select(r => (r.GuardianId, r.PupilId)).Order().ToList());

    private static async Task<List<Guid>> ReceivedIdsAsync(HttpClient guardian) =>
        [.. (await guardian.GetPageAsync<ReceivedBulkMessageResponse>(Received)).Items.Select(m => m.Id)];

    [Fact]
    public async Task Send_answers_at_once_queued_and_after_the_undo_window_the_fan_out_stores_every_copy_with_live_progress_to_the_sender()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        await using var teacherHub = await HubClient.ConnectAsync(app, TestUser.Account(world.TeacherAccount));
        var now = app.Time.GetUtcNow();

        var response = await world.Teacher.PostJsonAsync(Bulk, ToClass(world));
        var queued = await response.ReadAsync<BulkMessageStatusResponse>(HttpStatusCode.Accepted);

        Assert.Equal($"{Bulk}/{queued.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((BulkMessageState.Queued, 0, 0, now, now.Add(app.UndoWindow())),
            (queued.State, queued.RecipientCount, queued.StoredCount, queued.CreatedAt, queued.SentAt));
        Assert.Empty(await ReceivedIdsAsync(world.Absence.GuardianA));

        // Within the undo window the job leaves it alone.
        app.Time.Advance(app.UndoWindow() - TimeSpan.FromSeconds(1));
        await app.FanOutAsync();
        Assert.Equal(BulkMessageState.Queued, (await StatusAsync(world, queued.Id)).State);
        Assert.Empty(await CopiesAsync(queued.Id));

        app.Time.Advance(TimeSpan.FromSeconds(1));
        await app.FanOutAsync();

        // Class 5A: Emma's guardians Kari and Per (the blocked Bjørn not); the protected pupil has none.
        var sent = await StatusAsync(world, queued.Id);
        Assert.Equal((BulkMessageState.Sent, 2, 2, 0), (sent.State, sent.RecipientCount, sent.StoredCount, sent.ReadCount));
        Assert.Equal([(world.Kari, world.Absence.PupilA), (world.Per, world.Absence.PupilA)], await CopiesAsync(queued.Id));
        Assert.Equal([queued.Id], await ReceivedIdsAsync(world.Absence.GuardianA));
        Assert.Equal([queued.Id], await ReceivedIdsAsync(world.Absence.SecondGuardian));
        var progress = await teacherHub.WaitForAsync(MessageEvents.FanOutProgress, "bulkMessageId", queued.Id);
        while (progress.Data.GetProperty("state").GetString() != "Sent")
        {
            progress = await teacherHub.WaitForAsync(MessageEvents.FanOutProgress, "bulkMessageId", queued.Id);
        }

        Assert.Equal((2, 2), (progress.Data.GetProperty("recipientCount").GetInt32(), progress.Data.GetProperty("storedCount").GetInt32()));
        Assert.DoesNotContain(progress.Data.EnumerateObject(), p => p.Name is "subject" or "body");
        Assert.Equal([(world.Kari, NotificationChannel.Email), (world.Per, NotificationChannel.Email)],
            (await app.DeliveriesAsync(queued.Id)).Select(d => (d.PersonId, d.Channel)).Order());
    }

    [Fact]
    public async Task A_fan_out_whose_worker_died_mid_way_is_taken_over_and_every_run_after_leaves_one_copy_and_one_notification_per_channel()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        await world.Absence.SecondGuardian.PutSettingsAsync(NotificationArrange.SettingsRequest(sms: true));
        var queued = await QueueAsync(world, ToClass(world, "Skidag"));
        app.Time.Advance(app.UndoWindow());

        // A worker claimed the message, stored its first batch (Kari's copy) and died.
        var claimedAt = app.Time.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            await db.BulkMessages.Where(m => m.Id == queued.Id).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.State, BulkMessageState.Sending).SetProperty(m => m.FanOutClaimedAt, claimedAt)
                .SetProperty(m => m.RecipientCount, 2).SetProperty(m => m.StoredCount, 1), Ct);
            db.BulkMessageRecipients.Add(new BulkMessageRecipient { BulkMessageId = queued.Id, GuardianId = world.Kari, PupilId = world.Absence.PupilA, DeliveredAt = claimedAt });
            return await db.SaveChangesAsync(Ct);
        });

        // A fresh claim belongs to its worker.
        await app.FanOutAsync();
        Assert.Equal((BulkMessageState.Sending, 1), ((await StatusAsync(world, queued.Id)).State, (await StatusAsync(world, queued.Id)).StoredCount));

        app.Time.Advance(TimeSpan.FromMinutes(6));
        await app.FanOutAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<BulkFanOutJob>().FanOutAsync(queued.Id, Ct));
        }

        await app.FanOutAsync();

        var sent = await StatusAsync(world, queued.Id);
        Assert.Equal((BulkMessageState.Sent, 2, 2), (sent.State, sent.RecipientCount, sent.StoredCount));
        Assert.Equal([(world.Kari, world.Absence.PupilA), (world.Per, world.Absence.PupilA)], await CopiesAsync(queued.Id));
        Assert.Equal(
            [(world.Kari, NotificationChannel.Email), (world.Per, NotificationChannel.Email), (world.Per, NotificationChannel.Sms)],
            (await app.DeliveriesAsync(queued.Id)).Select(d => (d.PersonId, d.Channel)).Order());
        await app.RunDeliveryAsync();
        await app.RunDeliveryAsync();
        Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Kari)), m => (m.Subject ?? "").Contains("Skidag", StringComparison.Ordinal));
        Assert.Single(app.Sms.SentTo(NotificationArrange.Phone(world.Per)));
    }

    [Fact]
    public async Task The_sender_cancels_within_the_undo_window_and_nobody_ever_receives_it_and_nobody_else_may_cancel()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var (otherTeacher, _, _) = await app.StaffClientAsync(world.Absence.Admin, world.Absence.SchoolId, StaffRole.ContactTeacher, world.Absence.Roster.ClassB);
        var queued = await QueueAsync(world, ToClass(world, "Feil klasse"));
        app.Time.Advance(app.UndoWindow() - TimeSpan.FromSeconds(2));

        await (await otherTeacher.PostJsonAsync($"{Bulk}/{queued.Id}/cancel", new { })).ProblemAsync(HttpStatusCode.NotFound);
        await (await world.Absence.GuardianA.PostJsonAsync($"{Bulk}/{queued.Id}/cancel", new { })).ProblemAsync(HttpStatusCode.Forbidden);
        var cancelled = await (await world.Teacher.PostJsonAsync($"{Bulk}/{queued.Id}/cancel", new { })).ReadAsync<BulkMessageStatusResponse>();

        Assert.Equal(BulkMessageState.Cancelled, cancelled.State);
        app.Time.Advance(TimeSpan.FromMinutes(10));
        await app.FanOutAsync();
        await app.RunDeliveryAsync();
        Assert.Equal((BulkMessageState.Cancelled, 0), ((await StatusAsync(world, queued.Id)).State, (await StatusAsync(world, queued.Id)).StoredCount));
        Assert.Empty(await CopiesAsync(queued.Id));
        Assert.Empty(await app.DeliveriesAsync(queued.Id));
        Assert.Empty(await ReceivedIdsAsync(world.Absence.GuardianA));
        var again = await (await world.Teacher.PostJsonAsync($"{Bulk}/{queued.Id}/cancel", new { })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(MessageTexts.AlreadyCancelled, again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task After_the_undo_window_cancel_answers_409_naming_the_rule_and_the_message_goes_out()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var queued = await QueueAsync(world, ToClass(world));
        app.Time.Advance(app.UndoWindow());

        // Not fanned out yet, but the window is over.
        var problem = await (await world.Teacher.PostJsonAsync($"{Bulk}/{queued.Id}/cancel", new { })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(MessageTexts.UndoWindowPassed, problem.GetProperty("detail").GetString());
        await app.FanOutAsync();
        Assert.Equal(BulkMessageState.Sent, (await StatusAsync(world, queued.Id)).State);
        Assert.Equal([queued.Id], await ReceivedIdsAsync(world.Absence.GuardianA));
    }

    [Fact]
    public async Task A_scheduled_message_is_validated_waits_can_be_edited_until_its_time_and_goes_out_then()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var now = app.Time.GetUtcNow();
        await (await world.Teacher.PostJsonAsync(Bulk, ToClass(world, sendAt: now.AddMinutes(-1)))).ValidationProblemAsync("sendAt");
        await (await world.Teacher.PostJsonAsync(Bulk, ToClass(world, sendAt: now.AddDays(91)))).ValidationProblemAsync("sendAt");

        var scheduled = await QueueAsync(world, ToClass(world, "Foreldremøte", sendAt: now.AddHours(2)));

        Assert.Equal((BulkMessageState.Scheduled, now.AddHours(2)), (scheduled.State, scheduled.SentAt));
        await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", new BulkMessageUpdateRequest("Foreldremøte", "Hei", false, now.AddMinutes(-5))))
            .ValidationProblemAsync("sendAt");
        await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", new BulkMessageUpdateRequest("", "Hei", false, now.AddHours(3))))
            .ValidationProblemAsync("subject");
        var edited = await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}",
            new BulkMessageUpdateRequest("Foreldremøte flyttet", "Nå tirsdag kl. 19.", true, now.AddHours(3)))).ReadAsync<BulkMessageStatusResponse>();
        Assert.Equal((BulkMessageState.Scheduled, "Foreldremøte flyttet", true, now.AddHours(3)), (edited.State, edited.Subject, edited.Urgent, edited.SentAt));

        // At the first time nothing goes: it was moved.
        app.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await app.FanOutAsync();
        Assert.Equal(BulkMessageState.Scheduled, (await StatusAsync(world, scheduled.Id)).State);
        Assert.Empty(await ReceivedIdsAsync(world.Absence.GuardianA));

        app.Time.Advance(TimeSpan.FromHours(1));
        await app.FanOutAsync();

        Assert.Equal((BulkMessageState.Sent, 2), ((await StatusAsync(world, scheduled.Id)).State, (await StatusAsync(world, scheduled.Id)).StoredCount));
        var received = await world.Absence.GuardianA.GetJsonAsync<ReceivedBulkMessageResponse>($"{Received}/{scheduled.Id}");
        Assert.Equal(("Foreldremøte flyttet", "Nå tirsdag kl. 19."), (received.Subject, received.Body));
        var late = await (await world.Teacher.PutJsonAsync($"{Bulk}/{scheduled.Id}", new BulkMessageUpdateRequest("For sent", "Hei", false, app.Time.GetUtcNow().AddHours(1))))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(MessageTexts.AlreadyGoingOut, late.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_scheduled_message_cancelled_before_its_time_never_goes_out()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var scheduled = await QueueAsync(world, ToClass(world, sendAt: app.Time.GetUtcNow().AddDays(1)));
        app.Time.Advance(TimeSpan.FromHours(23));

        var cancelled = await (await world.Teacher.PostJsonAsync($"{Bulk}/{scheduled.Id}/cancel", new { })).ReadAsync<BulkMessageStatusResponse>();

        Assert.Equal(BulkMessageState.Cancelled, cancelled.State);
        app.Time.Advance(TimeSpan.FromHours(2));
        await app.FanOutAsync();
        Assert.Empty(await CopiesAsync(scheduled.Id));
    }

    [Fact]
    public async Task An_urgent_message_goes_by_email_at_once_and_by_sms_once_only_to_those_who_have_not_read_it_when_the_fallback_is_due()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var sent = await app.SendToClassAsync(world, "Skolen stenger kl. 12", urgent: true);
        await app.RunDeliveryAsync();

        Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Kari)));
        Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Per)));
        Assert.Empty(app.Sms.To(NotificationArrange.Phone(world.Kari)));
        Assert.Empty(app.Sms.To(NotificationArrange.Phone(world.Per)));
        (await world.Absence.GuardianA.PostJsonAsync($"{Received}/{sent.Id}/read", new { })).EnsureSuccessStatusCode();

        app.Time.Advance(app.UrgentSmsFallback() - TimeSpan.FromMinutes(1));
        await app.RunDeliveryAsync();
        Assert.Empty(app.Sms.To(NotificationArrange.Phone(world.Per)));

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.RunDeliveryAsync();
        await app.RunDeliveryAsync();
        app.Time.Advance(TimeSpan.FromHours(1));
        await app.RunDeliveryAsync();

        // Per had not read it: one SMS. Kari had: none, and her fallback is recorded as not needed.
        var toPer = Assert.Single(app.Sms.To(NotificationArrange.Phone(world.Per)));
        Assert.Contains("VIKTIG", toPer.Text, StringComparison.Ordinal);
        Assert.Empty(app.Sms.To(NotificationArrange.Phone(world.Kari)));
        var kariSms = Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.PersonId == world.Kari && d.Channel == NotificationChannel.Sms);
        Assert.Equal(DeliveryStatus.Skipped, kariSms.Status);
    }
}
