using System.Net;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Roster;
using Microsoft.AspNetCore.Hosting;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// SMS notifications through a stand-in of the municipality's HTTP gateway on loopback: who gets one and what it says,
/// retries after a failing gateway, the person's settings, and quiet hours under the fake clock.
/// </summary>
public sealed class SmsNotificationTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static string Phone(Guid personId) => NotificationArrange.Phone(personId);

    private static string Inbox => NotificationApp.PublicBaseUrl + "/meldinger";

    [Fact]
    public async Task An_urgent_bulk_message_reaches_each_guardians_phone_once_with_the_sender_and_a_link_but_neither_subject_nor_body()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var teacher = await app.StaffNameAsync(world.TeacherStaffId);

        var sent = await app.SendToClassAsync(world, "Skolen stenger – Ella og Magnus", urgent: true);
        var deliveries = await app.DeliveriesAsync(sent.Id);
        Assert.Equal(
            new[] { (world.Kari, NotificationChannel.Email), (world.Kari, NotificationChannel.Sms), (world.Per, NotificationChannel.Email), (world.Per, NotificationChannel.Sms) }.Order(),
            deliveries.Select(d => (d.PersonId, d.Channel)).Order());
        Assert.All(deliveries, d => Assert.True(d.Urgent));
        Assert.Empty(app.Sms.To(Phone(world.Kari)));
        await app.RunDeliveryAsync();
        // E-mail goes at once; the SMS is the fallback for those who have not read the message after a while.
        Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Kari)));
        Assert.Empty(app.Sms.To(Phone(world.Kari)));
        app.Time.Advance(app.UrgentSmsFallback());
        await app.RunDeliveryAsync();
        await app.RunDeliveryAsync();

        var toKari = Assert.Single(app.Sms.To(Phone(world.Kari)));
        Assert.Single(app.Sms.To(Phone(world.Per)));
        Assert.Empty(app.Sms.To(Phone(world.Blocked)));
        Assert.Empty(app.Sms.To(Phone(world.Absence.Roster.GuardianB)));
        Assert.Empty(app.Sms.To(Phone(world.TeacherStaffId)));
        Assert.Equal(HttpStatusCode.Accepted, toKari.Answered);
        Assert.Equal($"Bearer {TestSmsGateway.ApiKey}", toKari.Authorization);
        Assert.Equal("application/json; charset=utf-8", toKari.ContentType);
        Assert.Equal(NotificationApp.SmsSender, toKari.Sender);
        Assert.Equal($"Meldebok: VIKTIG melding fra {teacher}. Les den på {Inbox}", toKari.Text);
        Assert.True(toKari.Text.Length <= 160);
        Assert.DoesNotContain("stenger", toKari.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("matpakke", toKari.Text, StringComparison.Ordinal);
        var kariSms = Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.PersonId == world.Kari && d.Channel == NotificationChannel.Sms);
        Assert.Equal(kariSms.Id.ToString("N"), toKari.Reference);
        Assert.Equal(toKari.Reference, toKari.IdempotencyKey);
        Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Kari)));
        Assert.All(await app.DeliveriesAsync(sent.Id), d => Assert.Equal(DeliveryStatus.Sent, d.Status));

        // An ordinary message goes by e-mail only: SMS for every message is off by default.
        var ordinary = await app.SendToClassAsync(world, "Turdag");
        Assert.DoesNotContain(await app.DeliveriesAsync(ordinary.Id), d => d.Channel == NotificationChannel.Sms);
        await app.RunDeliveryAsync();
        Assert.Single(app.Sms.To(Phone(world.Kari)));
    }

    [Fact]
    public async Task A_gateway_that_answers_429_then_503_gets_the_sms_again_later_and_it_is_sent_exactly_once()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var phone = Phone(world.Kari);
        app.Sms.FailNext(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromMinutes(5));
        app.Sms.FailNext(HttpStatusCode.ServiceUnavailable);

        var thread = await (await world.Teacher.PostJsonAsync("/api/v1/staff/threads",
            new StaffThreadRequest(world.Absence.PupilA, "Henting i dag", "Ring skolen.", [world.Kari], Urgent: true))).ReadAsync<ThreadResponse>(HttpStatusCode.Created);
        var messageId = (await world.Teacher.GetPageAsync<ThreadMessageResponse>($"/api/v1/threads/{thread.Id}/messages")).Items.Single().Id;
        // Kari has not read it when the urgent SMS fallback is due.
        app.Time.Advance(app.UrgentSmsFallback());
        await app.RunDeliveryAsync();

        // 429 with Retry-After: the gateway's wish (5 minutes) wins over the first back-off (1 minute).
        var first = Assert.Single(await app.DeliveriesAsync(messageId), d => d.Channel == NotificationChannel.Sms);
        Assert.Equal((DeliveryStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Contains("429", first.LastError, StringComparison.Ordinal);
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(5), first.NextAttemptAt);
        app.Time.Advance(TimeSpan.FromMinutes(4));
        await app.RunDeliveryAsync();
        Assert.Single(app.Sms.To(phone));

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.RunDeliveryAsync();
        var second = Assert.Single(await app.DeliveriesAsync(messageId), d => d.Channel == NotificationChannel.Sms);
        Assert.Equal((DeliveryStatus.Pending, 2), (second.Status, second.Attempts));
        Assert.Contains("503", second.LastError, StringComparison.Ordinal);
        Assert.Equal(app.Time.GetUtcNow().Add(NotificationDeliveryJob.Backoff(2)), second.NextAttemptAt);

        app.Time.Advance(NotificationDeliveryJob.Backoff(2));
        await app.RunDeliveryAsync();
        await app.RunDeliveryAsync();

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Accepted], app.Sms.To(phone).Select(r => r.Answered));
        Assert.Single(app.Sms.To(phone).Select(r => r.Reference).Distinct());
        Assert.Single(app.Sms.SentTo(phone));
        var sent = Assert.Single(await app.DeliveriesAsync(messageId), d => d.Channel == NotificationChannel.Sms);
        Assert.Equal((DeliveryStatus.Sent, 2), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task A_guardian_who_turned_sms_off_gets_none_even_for_urgent_messages_and_one_who_turned_it_on_gets_every_message()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(email: false, sms: false, urgentSms: false));
        await world.Absence.SecondGuardian.PutSettingsAsync(NotificationArrange.SettingsRequest(sms: true, urgentSms: false));

        var urgent = await app.SendToClassAsync(world, "Stengt skole", urgent: true);
        var ordinary = await app.SendToClassAsync(world, "Turdag");
        await app.RunDeliveryAsync();

        // Kari wants nothing outside the app: nothing is recorded for her, by either channel.
        Assert.DoesNotContain(await app.DeliveriesAsync(urgent.Id), d => d.PersonId == world.Kari);
        Assert.Empty(app.Sms.To(Phone(world.Kari)));
        Assert.Empty(app.Smtp.To(NotificationArrange.Address(world.Kari)));
        // Per takes every message by SMS (and e-mail).
        Assert.Equal(2, app.Sms.SentTo(Phone(world.Per)).Count);
        Assert.Equal(2, app.Smtp.To(NotificationArrange.Address(world.Per)).Count);
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Sms], (await app.DeliveriesAsync(ordinary.Id)).Select(d => d.Channel).Order());
    }

    [Fact]
    public async Task Quiet_hours_hold_an_ordinary_sms_until_seven_in_the_morning_while_email_and_urgent_sms_go_at_once()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        await world.Absence.SecondGuardian.PutSettingsAsync(NotificationArrange.SettingsRequest(sms: true));
        var evening = app.Today().AddDays(1);
        app.SetLocalTime(evening, new TimeOnly(22, 30));

        var ordinary = await app.SendToClassAsync(world, "Foreldremøte");
        await app.RunDeliveryAsync();

        Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Per)));
        Assert.Empty(app.Sms.To(Phone(world.Per)));
        var held = Assert.Single(await app.DeliveriesAsync(ordinary.Id), d => d.Channel == NotificationChannel.Sms);
        Assert.Equal((DeliveryStatus.Pending, 0, null), (held.Status, held.Attempts, held.LastError));
        var seven = evening.AddDays(1).ToDateTime(new TimeOnly(7, 0));
        Assert.Equal(new DateTimeOffset(seven, TimeSpan.FromHours(2)), held.NextAttemptAt);

        // Urgent messages are not held: Per (every message by SMS) gets his now, at 22:30; Kari (defaults: urgent ones by SMS)
        // gets the fallback when she has not read it a quarter of an hour later, still in her quiet hours.
        await app.SendToClassAsync(world, "Vannlekkasje", urgent: true);
        await app.RunDeliveryAsync();
        Assert.Single(app.Sms.To(Phone(world.Per)), r => r.Text.Contains("VIKTIG", StringComparison.Ordinal));
        Assert.Empty(app.Sms.To(Phone(world.Kari)));
        app.Time.Advance(app.UrgentSmsFallback());
        await app.RunDeliveryAsync();
        Assert.Single(app.Sms.To(Phone(world.Kari)));

        app.SetLocalTime(evening.AddDays(1), new TimeOnly(6, 59));
        await app.RunDeliveryAsync();
        Assert.Single(app.Sms.To(Phone(world.Per)));

        app.SetLocalTime(evening.AddDays(1), new TimeOnly(7, 0));
        await app.RunDeliveryAsync();
        await app.RunDeliveryAsync();
        Assert.Equal(2, app.Sms.SentTo(Phone(world.Per)).Count);
        Assert.Single(app.Sms.To(Phone(world.Per)), r => r.Text.StartsWith("Meldebok: Ny melding fra", StringComparison.Ordinal));
        var sent = Assert.Single(await app.DeliveriesAsync(ordinary.Id), d => d.Channel == NotificationChannel.Sms);
        Assert.Equal((DeliveryStatus.Sent, 0), (sent.Status, sent.Attempts));
    }

    [Theory]
    [InlineData("ftp://sms.example/", TestSmsGateway.ApiKey, "Meldebok", "Notifications:Sms:BaseUrl")]
    [InlineData("https://sms.example/", "", "Meldebok", "Notifications:Sms:ApiKey")]
    [InlineData("https://sms.example/", TestSmsGateway.ApiKey, "Testvik kommune", "Notifications:Sms:Sender")]
    public void A_wrong_sms_setting_stops_the_host_naming_it(string baseUrl, string apiKey, string sender, string setting)
    {
        using var misconfigured = app.WithWebHostBuilder(builder => builder
            .UseSetting("Notifications:Sms:BaseUrl", baseUrl)
            .UseSetting("Notifications:Sms:ApiKey", apiKey)
            .UseSetting("Notifications:Sms:Sender", sender));

        var exception = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());

        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(exception.GetBaseException());
        Assert.Contains(setting, validation.Message, StringComparison.Ordinal);
    }
}
