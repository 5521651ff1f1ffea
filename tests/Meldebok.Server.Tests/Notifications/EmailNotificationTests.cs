using System.Net;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// E-mail notifications of new messages through a real SMTP server: who gets one, what it says (and does not say),
/// retries after a failing server, and that no sweep or concurrent run sends anything twice.
/// </summary>
public sealed class EmailNotificationTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private const string ThreadBody = "Hei! Hun har glemt gymtøyet i garderoben.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<NotificationWorld> ArrangeAsync() => app.ArrangeNotificationWorldAsync();

    private static string Address(Guid personId) => NotificationArrange.Address(personId);

    private Task RunDeliveryAsync() => app.RunDeliveryAsync();

    private Task<BulkMessageStatusResponse> SendToClassAsync(NotificationWorld world, string subject = "Turdag fredag") => app.SendToClassAsync(world, subject);

    private Task<string> NameAsync(Guid staffId) => app.StaffNameAsync(staffId);

    private Task<List<NotificationDelivery>> DeliveriesAsync(Guid sourceId) => app.DeliveriesAsync(sourceId);

    private static string Text(MimeMessage message) => message.TextBody ?? "";

    [Fact]
    public async Task A_teachers_bulk_message_emails_both_sides_of_a_split_household_but_not_the_blocked_guardian_and_never_the_body()
    {
        var world = await ArrangeAsync();
        var kari = world.Absence.Roster.GuardianA;
        var per = world.Absence.SecondGuardianA;
        await app.WithDbAsync(db => db.Guardians.Where(g => g.Id == per).ExecuteUpdateAsync(set => set.SetProperty(g => g.PreferredLanguage, "en"), Ct));
        var teacherName = await NameAsync(world.TeacherStaffId);

        var sent = await SendToClassAsync(world);

        // Recorded with the message, not sent before the job runs.
        Assert.Equal([DeliveryStatus.Pending, DeliveryStatus.Pending], (await DeliveriesAsync(sent.Id)).Select(d => d.Status));
        Assert.Empty(app.Smtp.To(Address(kari)));
        await RunDeliveryAsync();

        var toKari = Assert.Single(app.Smtp.To(Address(kari)));
        var toPer = Assert.Single(app.Smtp.To(Address(per)));
        Assert.Empty(app.Smtp.To(Address(world.Blocked)));
        Assert.Empty(app.Smtp.To(Address(world.Absence.Roster.GuardianB)));
        Assert.Empty(app.Smtp.To(Address(world.TeacherStaffId)));

        Assert.Equal("Ny melding i Meldebok: Turdag fredag", toKari.Subject);
        Assert.Equal(NotificationApp.From, toKari.From.Mailboxes.Single().Address);
        Assert.Contains($"{teacherName} har sendt deg en melding i Meldebok med emnet «Turdag fredag»", Text(toKari), StringComparison.Ordinal);
        Assert.Contains(NotificationApp.PublicBaseUrl, Text(toKari), StringComparison.Ordinal);
        Assert.Equal("New message in Meldebok: Turdag fredag", toPer.Subject);
        Assert.Contains($"{teacherName} has sent you a message in Meldebok", Text(toPer), StringComparison.Ordinal);
        foreach (var mail in new[] { toKari, toPer })
        {
            Assert.DoesNotContain("matpakke", Text(mail), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("matpakke", mail.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(await DeliveriesAsync(sent.Id), d => Assert.Equal((DeliveryStatus.Sent, 0, app.Time.GetUtcNow()), (d.Status, d.Attempts, d.SentAt!.Value)));
    }

    [Fact]
    public async Task A_guardians_thread_message_emails_the_contact_teacher_and_not_the_guardian_who_wrote_it()
    {
        var world = await ArrangeAsync();
        var kari = world.Absence.Roster.GuardianA;

        var thread = await (await world.Absence.GuardianA.PostJsonAsync("/api/v1/threads",
            new GuardianThreadRequest(world.Absence.PupilA, GuardianAddressee.ContactTeacher, "Gymtøy", ThreadBody))).ReadAsync<ThreadResponse>(HttpStatusCode.Created);
        await RunDeliveryAsync();

        var mail = Assert.Single(app.Smtp.To(Address(world.TeacherStaffId)));
        Assert.Equal("Ny melding i Meldebok: Gymtøy", mail.Subject);
        Assert.Contains("Kari Hansen har sendt deg en melding", Text(mail), StringComparison.Ordinal);
        Assert.DoesNotContain("garderoben", mail.ToString(), StringComparison.Ordinal);
        Assert.Empty(app.Smtp.To(Address(kari)));

        // The teacher's answer goes the other way: to Kari, not to the teacher.
        var reply = await (await world.Teacher.PostJsonAsync($"/api/v1/threads/{thread.Id}/messages", new ReplyRequest("Jeg ser etter det.", false)))
            .ReadAsync<ThreadMessageResponse>(HttpStatusCode.Created);
        await RunDeliveryAsync();

        Assert.Single(app.Smtp.To(Address(kari)));
        Assert.Single(app.Smtp.To(Address(world.TeacherStaffId)));
        Assert.Equal([kari], (await DeliveriesAsync(reply.Id)).Select(d => d.PersonId));
    }

    [Fact]
    public async Task A_rejected_first_attempt_is_retried_after_the_backoff_and_delivers_exactly_one_email()
    {
        var world = await ArrangeAsync();
        var teacher = Address(world.TeacherStaffId);
        app.Smtp.RejectNext = 1;
        var rejectedBefore = app.Smtp.Rejected;

        var thread = await (await world.Absence.GuardianA.PostJsonAsync("/api/v1/threads",
            new GuardianThreadRequest(world.Absence.PupilA, GuardianAddressee.ContactTeacher, "Foreldremøte", ThreadBody))).ReadAsync<ThreadResponse>(HttpStatusCode.Created);
        var messageId = (await world.Absence.GuardianA.GetPageAsync<ThreadMessageResponse>($"/api/v1/threads/{thread.Id}/messages")).Items.Single().Id;
        await RunDeliveryAsync();

        Assert.Equal(rejectedBefore + 1, app.Smtp.Rejected);
        Assert.Empty(app.Smtp.To(teacher));
        var failed = Assert.Single(await DeliveriesAsync(messageId));
        Assert.Equal((DeliveryStatus.Pending, 1), (failed.Status, failed.Attempts));
        Assert.Contains("Testtjeneren avviser", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(app.Time.GetUtcNow().Add(NotificationDeliveryJob.Backoff(1)), failed.NextAttemptAt);

        // Not before its time.
        await RunDeliveryAsync();
        Assert.Empty(app.Smtp.To(teacher));

        app.Time.Advance(NotificationDeliveryJob.Backoff(1));
        await RunDeliveryAsync();
        await RunDeliveryAsync();

        Assert.Single(app.Smtp.To(teacher));
        var sent = Assert.Single(await DeliveriesAsync(messageId));
        Assert.Equal((DeliveryStatus.Sent, 1), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task Sweeping_twice_or_concurrently_and_taking_over_a_stale_claim_never_sends_an_email_twice()
    {
        var world = await ArrangeAsync();
        var kari = Address(world.Absence.Roster.GuardianA);
        var per = Address(world.Absence.SecondGuardianA);

        var first = await SendToClassAsync(world, "Juleavslutning");
        await Task.WhenAll(RunDeliveryAsync(), RunDeliveryAsync());
        await RunDeliveryAsync();

        Assert.Single(app.Smtp.To(kari), m => (m.Subject ?? "").Contains("Juleavslutning", StringComparison.Ordinal));
        Assert.Single(app.Smtp.To(per), m => (m.Subject ?? "").Contains("Juleavslutning", StringComparison.Ordinal));

        // A worker claimed Kari's notification of a second message and died before sending it.
        var second = await SendToClassAsync(world, "Skidag");
        var claimed = await app.WithDbAsync(db => db.NotificationDeliveries
            .Where(d => d.SourceId == second.Id && d.PersonId == world.Absence.Roster.GuardianA)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.ClaimedAt, app.Time.GetUtcNow()), Ct));
        Assert.Equal(1, claimed);
        await RunDeliveryAsync();

        // The fresh claim is left to its worker; Per's goes out.
        Assert.DoesNotContain(app.Smtp.To(kari), m => (m.Subject ?? "").Contains("Skidag", StringComparison.Ordinal));
        Assert.Single(app.Smtp.To(per), m => (m.Subject ?? "").Contains("Skidag", StringComparison.Ordinal));

        app.Time.Advance(TimeSpan.FromMinutes(11));
        await RunDeliveryAsync();
        await RunDeliveryAsync();

        Assert.Single(app.Smtp.To(kari), m => (m.Subject ?? "").Contains("Skidag", StringComparison.Ordinal));
        Assert.Single(app.Smtp.To(per), m => (m.Subject ?? "").Contains("Skidag", StringComparison.Ordinal));
        Assert.Single(app.Smtp.To(kari), m => (m.Subject ?? "").Contains("Juleavslutning", StringComparison.Ordinal));
        Assert.All((await DeliveriesAsync(first.Id)).Concat(await DeliveriesAsync(second.Id)), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
    }
}
