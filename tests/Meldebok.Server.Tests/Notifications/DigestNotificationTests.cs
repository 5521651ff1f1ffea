using System.Net;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Notifications.WebPush;
using Meldebok.Server.Infrastructure.Observability;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Observability;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// The daily digest under the fake clock, through the real SMTP server and the SMS stand-in: ordinary notifications are held
/// and sent as one digest per channel at the person's digest time; urgent ones go at once; the job made twice or run again
/// sends nothing more; turning the digest off sends what was held; quiet hours hold an SMS digest.
/// </summary>
public sealed class DigestNotificationTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Address(Guid personId) => NotificationArrange.Address(personId);

    private static string Text(MimeMessage message) => message.TextBody ?? "";

    private async Task RunJobsAsync()
    {
        await app.RunDigestAsync();
        await app.RunDeliveryAsync();
    }

    [Fact]
    public async Task Three_messages_reach_a_guardian_with_a_digest_as_one_email_at_sixteen_listing_all_three_subjects_and_none_before()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var day = app.NextMorning();
        await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(digest: true));
        app.SetLocalTime(day, new TimeOnly(9, 0));
        string[] subjects = ["Turdag fredag", "Foreldremøte tirsdag", "Skolefoto"];
        foreach (var subject in subjects)
        {
            await app.SendToClassAsync(world, subject);
            await RunJobsAsync();
        }

        // Per has no digest: one e-mail per message, at once. Kari's are held.
        Assert.Equal(3, app.Smtp.To(Address(world.Per)).Count);
        Assert.Empty(app.Smtp.To(Address(world.Kari)));
        app.SetLocalTime(day, new TimeOnly(15, 59));
        await RunJobsAsync();
        Assert.Empty(app.Smtp.To(Address(world.Kari)));

        app.SetLocalTime(day, new TimeOnly(16, 0));
        // Two runs at once (two replicas, or a run killed and started again): one digest.
        await Task.WhenAll(app.RunDigestAsync(), app.RunDigestAsync());
        await app.RunDeliveryAsync();
        await RunJobsAsync();

        var digest = Assert.Single(app.Smtp.To(Address(world.Kari)));
        Assert.Equal("Dagens sammendrag fra Meldebok: 3 nye", digest.Subject);
        var teacher = await app.StaffNameAsync(world.TeacherStaffId);
        foreach (var subject in subjects)
        {
            Assert.Contains($"Melding fra {teacher}: «{subject}»", Text(digest), StringComparison.Ordinal);
        }

        Assert.Contains(NotificationApp.PublicBaseUrl + "/meldinger/beskjed/", Text(digest), StringComparison.Ordinal);
        Assert.DoesNotContain("matpakke", digest.ToString(), StringComparison.OrdinalIgnoreCase);
        var rows = await app.WithDbAsync(async db => new
        {
            Digests = await db.NotificationDigests.Where(d => d.PersonId == world.Kari).ToListAsync(Ct),
            Held = await db.NotificationDeliveries.Where(d => d.PersonId == world.Kari && d.SourceKind == NotificationSource.BulkMessage).ToListAsync(Ct),
        });
        var made = Assert.Single(rows.Digests);
        Assert.Equal((NotificationChannel.Email, day), (made.Channel, made.LocalDate));
        Assert.Equal(3, rows.Held.Count);
        Assert.All(rows.Held, d => Assert.Equal((DeliveryStatus.Digested, made.Id), (d.Status, d.DigestId!.Value)));
        var sent = Assert.Single(await app.DeliveriesAsync(made.Id));
        Assert.Equal((DeliveryStatus.Sent, 0), (sent.Status, sent.Attempts));

        // Later runs the same day, and the next day with nothing new, send nothing more.
        app.SetLocalTime(day, new TimeOnly(16, 5));
        await RunJobsAsync();
        app.SetLocalTime(day.AddDays(1), new TimeOnly(16, 0));
        await RunJobsAsync();
        Assert.Single(app.Smtp.To(Address(world.Kari)));
        Assert.Equal(3, app.Smtp.To(Address(world.Per)).Count);
    }

    [Fact]
    public async Task A_guardian_with_the_digest_and_a_device_gets_one_push_at_the_digest_time_counting_what_was_held_without_sender_subject_or_text()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var day = app.NextMorning();
        var phone = app.Push.Subscribe();
        using (var subscribed = await world.Absence.GuardianA.PostJsonAsync("/api/v1/me/push-subscriptions", new PushSubscriptionRequest(phone.Endpoint, phone.P256dh, phone.Auth)))
        {
            await subscribed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(digest: true));
        app.SetLocalTime(day, new TimeOnly(9, 0));
        string[] subjects = ["Turdag fredag – Ella", "Foreldremøte tirsdag", "Skolefoto"];
        foreach (var subject in subjects)
        {
            await app.SendToClassAsync(world, subject);
            await RunJobsAsync();
        }

        // Every single push is held for the digest, as the e-mails are.
        Assert.Empty(app.Push.DeliveredTo(phone));
        app.SetLocalTime(day, new TimeOnly(15, 59));
        await RunJobsAsync();
        Assert.Empty(app.Push.DeliveredTo(phone));

        using var metrics = new HostMetrics(app.Services);
        app.SetLocalTime(day, new TimeOnly(16, 0));
        await Task.WhenAll(app.RunDigestAsync(), app.RunDigestAsync());
        await app.RunDeliveryAsync();
        await RunJobsAsync();

        var received = Assert.Single(app.Push.DeliveredTo(phone));
        var payload = received.Payload!.Value;
        Assert.Equal("3 nye meldinger i Meldebok", payload.GetProperty("title").GetString());
        Assert.Equal("Åpne Meldebok for å lese dem.", payload.GetProperty("body").GetString());
        Assert.Equal(NotificationApp.PublicBaseUrl + "/meldinger", payload.GetProperty("url").GetString());
        Assert.Equal("normal", received.Urgency);
        // Its delivery latency is measured as a push, beside the e-mail digest's.
        Assert.Equal(["email", "push"], metrics.Of(MeldebokTelemetry.NotificationDeliveryLatency).Select(m => (string)m.Tags["channel"]!).Order());
        // A lock screen shows it: no subject, no text, no sender, no child.
        var teacher = await app.StaffNameAsync(world.TeacherStaffId);
        foreach (var secret in new[] { "Turdag", "Foreldremøte", "Skolefoto", "Ella", "matpakke", teacher })
        {
            Assert.DoesNotContain(secret, payload.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }

        var rows = await app.WithDbAsync(async db => new
        {
            Digests = await db.NotificationDigests.Where(d => d.PersonId == world.Kari).ToListAsync(Ct),
            Pushes = await db.NotificationDeliveries
                .Where(d => d.PersonId == world.Kari && d.SourceKind == NotificationSource.BulkMessage && d.Channel == NotificationChannel.Push).ToListAsync(Ct),
        });
        // One digest per channel: the e-mail's and the push's.
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Push], rows.Digests.Select(d => d.Channel).Order());
        var pushDigest = Assert.Single(rows.Digests, d => d.Channel == NotificationChannel.Push);
        Assert.Equal(day, pushDigest.LocalDate);
        Assert.Equal(3, rows.Pushes.Count);
        Assert.All(rows.Pushes, d => Assert.Equal((DeliveryStatus.Digested, pushDigest.Id), (d.Status, d.DigestId!.Value)));
        var sent = Assert.Single(await app.DeliveriesAsync(pushDigest.Id));
        Assert.Equal((NotificationChannel.Push, DeliveryStatus.Sent), (sent.Channel, sent.Status));
        Assert.Equal(sent.Id.ToString("N"), payload.GetProperty("tag").GetString());
        Assert.Equal("Dagens sammendrag fra Meldebok: 3 nye", Assert.Single(app.Smtp.To(Address(world.Kari))).Subject);

        // Later runs the same day and the next day send nothing more.
        app.SetLocalTime(day, new TimeOnly(16, 5));
        await RunJobsAsync();
        app.SetLocalTime(day.AddDays(1), new TimeOnly(16, 0));
        await RunJobsAsync();
        Assert.Single(app.Push.DeliveredTo(phone));
    }

    [Fact]
    public async Task An_urgent_message_bypasses_the_digest_and_what_comes_after_the_digest_time_waits_for_the_next_day()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var day = app.NextMorning();
        await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(digest: true, digestTime: new TimeOnly(15, 30)));
        app.SetLocalTime(day, new TimeOnly(10, 0));

        await app.SendToClassAsync(world, "Vannlekkasje – skolen stenger", urgent: true);
        await app.SendToClassAsync(world, "Turdag fredag");
        await RunJobsAsync();

        var urgent = Assert.Single(app.Smtp.To(Address(world.Kari)));
        Assert.Equal("Ny melding i Meldebok: Vannlekkasje – skolen stenger", urgent.Subject);

        app.SetLocalTime(day, new TimeOnly(15, 30));
        await app.SendToClassAsync(world, "Husk gymtøy");
        await RunJobsAsync();
        var first = Assert.Single(app.Smtp.To(Address(world.Kari)), m => m.Subject?.StartsWith("Dagens sammendrag", StringComparison.Ordinal) == true);
        Assert.Equal("Dagens sammendrag fra Meldebok: 1 ny", first.Subject);
        Assert.Contains("«Turdag fredag»", Text(first), StringComparison.Ordinal);
        Assert.DoesNotContain("Husk gymtøy", Text(first), StringComparison.Ordinal);
        Assert.DoesNotContain("Vannlekkasje", Text(first), StringComparison.Ordinal);

        app.SetLocalTime(day.AddDays(1), new TimeOnly(15, 29));
        await RunJobsAsync();
        Assert.Equal(2, app.Smtp.To(Address(world.Kari)).Count);
        app.SetLocalTime(day.AddDays(1), new TimeOnly(15, 30));
        await RunJobsAsync();
        var second = app.Smtp.To(Address(world.Kari))[2];
        Assert.Equal("Dagens sammendrag fra Meldebok: 1 ny", second.Subject);
        Assert.Contains("«Husk gymtøy»", Text(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_the_digest_off_sends_what_was_held_one_by_one_at_once_and_no_digest_follows()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var day = app.NextMorning();
        await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(digest: true));
        app.SetLocalTime(day, new TimeOnly(9, 0));
        await app.SendToClassAsync(world, "Turdag fredag");
        await app.SendToClassAsync(world, "Skolefoto");
        await RunJobsAsync();
        Assert.Empty(app.Smtp.To(Address(world.Kari)));

        var settings = await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(digest: false));
        Assert.False(settings.Digest);
        await app.RunDeliveryAsync();

        Assert.Equal(
            ["Ny melding i Meldebok: Skolefoto", "Ny melding i Meldebok: Turdag fredag"],
            app.Smtp.To(Address(world.Kari)).Select(m => m.Subject).Order());
        app.SetLocalTime(day, new TimeOnly(16, 0));
        await RunJobsAsync();
        Assert.Equal(2, app.Smtp.To(Address(world.Kari)).Count);
        Assert.Empty(await app.WithDbAsync(db => db.NotificationDigests.Where(d => d.PersonId == world.Kari).ToListAsync(Ct)));
    }

    [Fact]
    public async Task An_sms_digest_due_in_the_quiet_hours_waits_until_they_end_while_the_email_digest_goes_at_its_time()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var day = app.NextMorning();
        // Quiet hours 21:00–07:00 (the defaults), the digest at 22:00.
        await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(sms: true, digest: true, digestTime: new TimeOnly(22, 0)));
        app.SetLocalTime(day, new TimeOnly(10, 0));
        await app.SendToClassAsync(world, "Turdag fredag – Ella");
        await app.SendToClassAsync(world, "Skolefoto");
        await RunJobsAsync();
        Assert.Empty(app.Sms.To(NotificationArrange.Phone(world.Kari)));
        Assert.Empty(app.Smtp.To(Address(world.Kari)));

        app.SetLocalTime(day, new TimeOnly(22, 0));
        await RunJobsAsync();
        Assert.Equal("Dagens sammendrag fra Meldebok: 2 nye", Assert.Single(app.Smtp.To(Address(world.Kari))).Subject);
        Assert.Empty(app.Sms.To(NotificationArrange.Phone(world.Kari)));

        app.SetLocalTime(day.AddDays(1), new TimeOnly(6, 59));
        await RunJobsAsync();
        Assert.Empty(app.Sms.To(NotificationArrange.Phone(world.Kari)));
        app.SetLocalTime(day.AddDays(1), new TimeOnly(7, 0));
        await RunJobsAsync();
        await RunJobsAsync();

        var sms = Assert.Single(app.Sms.SentTo(NotificationArrange.Phone(world.Kari)));
        Assert.Equal($"Meldebok: 2 nye meldinger siden forrige sammendrag. Les dem på {NotificationApp.PublicBaseUrl}/meldinger", sms.Text);
        Assert.DoesNotContain("Ella", sms.Text, StringComparison.Ordinal);
        Assert.Single(app.Smtp.To(Address(world.Kari)));
    }
}
