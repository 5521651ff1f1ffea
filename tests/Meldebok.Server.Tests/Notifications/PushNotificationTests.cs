using System.Net;
using System.Text.Json;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Notifications.WebPush;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Web;
using Meldebok.Testing;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// Web Push through a stand-in push service on loopback that checks the VAPID signature and claims and decrypts each push
/// with the keys a browser would hold: what a device shows, retries after a refusing push service, a device that has gone,
/// quiet hours, and the subscription API's rules.
/// </summary>
public sealed class PushNotificationTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private const string Subscriptions = "/api/v1/me/push-subscriptions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Inbox => NotificationApp.PublicBaseUrl + "/meldinger";

    private static async Task<PushSubscriptionResponse> SubscribeAsync(HttpClient person, TestPushService.Device device) =>
        await (await person.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(device.Endpoint, device.P256dh, device.Auth))).ReadAsync<PushSubscriptionResponse>();

    private static string Text(JsonElement payload, string property) => payload.GetProperty(property).GetString()!;

    [Fact]
    public async Task A_subscribed_guardian_gets_an_encrypted_push_naming_the_sender_with_a_link_but_neither_subject_nor_body()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var teacher = await app.StaffNameAsync(world.TeacherStaffId);
        var key = await (await world.Absence.GuardianA.GetAsync("/api/v1/me/push/public-key", Ct)).ReadAsync<PushPublicKeyResponse>();
        Assert.Equal(new PushPublicKeyResponse(true, app.VapidPublicKey), key);
        var phone = app.Push.Subscribe();
        var subscription = await SubscribeAsync(world.Absence.GuardianA, phone);
        Assert.Equal(phone.Endpoint, subscription.Endpoint);
        Assert.Equal(1, (await (await world.Absence.GuardianA.GetAsync(NotificationArrange.Settings, Ct)).ReadAsync<NotificationSettingsResponse>()).PushDevices);

        var sent = await app.SendToClassAsync(world, "Skolen stenger – Ella og Magnus");
        var push = Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.Channel == NotificationChannel.Push);
        Assert.Equal(world.Kari, push.PersonId);
        await app.RunDeliveryAsync();

        var received = Assert.Single(app.Push.DeliveredTo(phone));
        var payload = received.Payload!.Value;
        Assert.Equal($"Ny melding fra {teacher}", Text(payload, "title"));
        Assert.Equal("Åpne Meldebok for å lese den.", Text(payload, "body"));
        Assert.Equal(Inbox, Text(payload, "url"));
        Assert.Equal(push.Id.ToString("N"), Text(payload, "tag"));
        Assert.DoesNotContain("stenger", payload.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("matpakke", payload.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(("normal", "86400"), (received.Urgency, received.Ttl));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.Id == push.Id).Status);

        // An urgent message is pushed with high urgency; a second run sends nothing again.
        var urgent = await app.SendToClassAsync(world, "Vannlekkasje", urgent: true);
        await app.RunDeliveryAsync();
        await app.RunDeliveryAsync();
        var pushes = app.Push.DeliveredTo(phone);
        Assert.Equal(2, pushes.Count);
        Assert.Equal(("high", $"Viktig melding fra {teacher}"), (pushes[1].Urgency, Text(pushes[1].Payload!.Value, "title")));
        Assert.DoesNotContain(await app.DeliveriesAsync(urgent.Id), d => d.Channel == NotificationChannel.Push && d.PersonId != world.Kari);
    }

    [Fact]
    public async Task A_push_service_answering_429_then_503_gets_the_push_again_after_its_Retry_After_and_it_arrives_once()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var phone = app.Push.Subscribe();
        await SubscribeAsync(world.Absence.GuardianA, phone);
        app.Push.FailNext(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromMinutes(10));
        app.Push.FailNext(HttpStatusCode.ServiceUnavailable);

        var sent = await app.SendToClassAsync(world, "Foreldremøte");
        await app.RunDeliveryAsync();
        var first = Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.Channel == NotificationChannel.Push);
        Assert.Equal((DeliveryStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(10), first.NextAttemptAt);
        Assert.Contains("429", first.LastError, StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromMinutes(9));
        await app.RunDeliveryAsync();
        Assert.Equal(1, app.Push.Pushes.Count(p => p.DeviceId == phone.Id));
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.RunDeliveryAsync();
        var second = Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.Channel == NotificationChannel.Push);
        Assert.Equal((DeliveryStatus.Pending, 2), (second.Status, second.Attempts));
        Assert.Equal(app.Time.GetUtcNow().Add(NotificationDeliveryJob.Backoff(2)), second.NextAttemptAt);

        app.Time.Advance(NotificationDeliveryJob.Backoff(2));
        await app.RunDeliveryAsync();
        await app.RunDeliveryAsync();
        Assert.Single(app.Push.DeliveredTo(phone));
        Assert.Equal(3, app.Push.Pushes.Count(p => p.DeviceId == phone.Id));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.Channel == NotificationChannel.Push).Status);
    }

    [Fact]
    public async Task A_device_whose_push_service_answers_410_is_removed_and_the_other_device_still_gets_the_push()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var phone = app.Push.Subscribe();
        var laptop = app.Push.Subscribe();
        await SubscribeAsync(world.Absence.GuardianA, phone);
        await SubscribeAsync(world.Absence.GuardianA, laptop);
        phone.Gone = true;

        var sent = await app.SendToClassAsync(world, "Foreldremøte");
        await app.RunDeliveryAsync();

        Assert.Single(app.Push.DeliveredTo(laptop));
        Assert.Empty(app.Push.DeliveredTo(phone));
        Assert.Equal([laptop.Endpoint], await app.WithDbAsync(db => db.PushSubscriptions.Where(s => s.PersonId == world.Kari).Select(s => s.Endpoint).ToListAsync(Ct)));
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await app.DeliveriesAsync(sent.Id), d => d.Channel == NotificationChannel.Push).Status);

        // With no device left the push is given up at once, not retried.
        laptop.Gone = true;
        var next = await app.SendToClassAsync(world, "Turdag");
        await app.RunDeliveryAsync();
        var failed = Assert.Single(await app.DeliveriesAsync(next.Id), d => d.Channel == NotificationChannel.Push);
        Assert.Equal((DeliveryStatus.Failed, 0), (failed.Status, failed.Attempts));
        Assert.Contains("404/410", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, (await (await world.Absence.GuardianA.GetAsync(NotificationArrange.Settings, Ct)).ReadAsync<NotificationSettingsResponse>()).PushDevices);
        var later = await app.SendToClassAsync(world, "Skidag");
        Assert.DoesNotContain(await app.DeliveriesAsync(later.Id), d => d.Channel == NotificationChannel.Push);
    }

    [Fact]
    public async Task Quiet_hours_hold_an_ordinary_push_until_they_end_while_an_urgent_one_goes_at_once()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var phone = app.Push.Subscribe();
        await SubscribeAsync(world.Absence.GuardianA, phone);
        var evening = app.Today().AddDays(1);
        app.SetLocalTime(evening, new TimeOnly(22, 30));

        var ordinary = await app.SendToClassAsync(world, "Foreldremøte");
        await app.RunDeliveryAsync();
        Assert.Empty(app.Push.DeliveredTo(phone));
        var held = Assert.Single(await app.DeliveriesAsync(ordinary.Id), d => d.Channel == NotificationChannel.Push);
        Assert.Equal((DeliveryStatus.Pending, 0), (held.Status, held.Attempts));
        Assert.Equal(new DateTimeOffset(evening.AddDays(1).ToDateTime(new TimeOnly(7, 0)), TimeSpan.FromHours(2)), held.NextAttemptAt);

        await app.SendToClassAsync(world, "Vannlekkasje", urgent: true);
        await app.RunDeliveryAsync();
        Assert.Equal("high", Assert.Single(app.Push.DeliveredTo(phone)).Urgency);

        app.SetLocalTime(evening.AddDays(1), new TimeOnly(7, 0));
        await app.RunDeliveryAsync();
        Assert.Equal(2, app.Push.DeliveredTo(phone).Count);
        Assert.Equal("normal", app.Push.DeliveredTo(phone)[1].Urgency);
    }

    [Fact]
    public async Task A_subscription_is_validated_field_by_field_renewed_by_endpoint_limited_to_ten_devices_and_removed_by_delete()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var guardian = world.Absence.GuardianA;
        var device = app.Push.Subscribe();

        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(null, device.P256dh, device.Auth))).ValidationProblemAsync("endpoint");
        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest("http://push.example.net/send/1", device.P256dh, device.Auth))).ValidationProblemAsync("endpoint");
        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest("ftp://push.example.net/send/1", device.P256dh, device.Auth))).ValidationProblemAsync("endpoint");
        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest("https://push.example.net/" + new string('a', 2048), device.P256dh, device.Auth))).ValidationProblemAsync("endpoint");
        // 65 bytes that are not a point on P-256, and a key of the wrong length.
        var notOnCurve = System.Buffers.Text.Base64Url.EncodeToString([0x04, .. Enumerable.Repeat((byte)1, 64)]);
        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(device.Endpoint, notOnCurve, device.Auth))).ValidationProblemAsync("p256dh");
        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(device.Endpoint, device.P256dh[..40], device.Auth))).ValidationProblemAsync("p256dh");
        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(device.Endpoint, device.P256dh, "AAECAwQFBgcICQoLDA0O"))).ValidationProblemAsync("auth");
        await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(device.Endpoint, device.P256dh, "not base64url!"))).ValidationProblemAsync("auth");

        var first = await SubscribeAsync(guardian, device);
        // The same endpoint again (the browser renewed its keys) is the same device.
        var renewed = app.Push.Subscribe();
        var again = await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(device.Endpoint, renewed.P256dh, renewed.Auth))).ReadAsync<PushSubscriptionResponse>();
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(renewed.P256dh, await app.WithDbAsync(db => db.PushSubscriptions.Where(s => s.Id == first.Id).Select(s => s.P256dh).SingleAsync(Ct)));

        for (var i = 1; i < PushSubscriptionService.MaxDevices; i++)
        {
            await SubscribeAsync(guardian, app.Push.Subscribe());
        }

        var eleventh = app.Push.Subscribe();
        var problem = await (await guardian.PostJsonAsync(Subscriptions, new PushSubscriptionRequest(eleventh.Endpoint, eleventh.P256dh, eleventh.Auth)))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(PushSubscriptionMessages.TooMany, problem.GetProperty("detail").GetString());

        // Another guardian cannot remove Kari's device: the answer is the same, and the device stays.
        Assert.Equal(HttpStatusCode.NoContent, (await world.Absence.GuardianB.DeleteAsync($"{Subscriptions}/{first.Id}", Ct)).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.PushSubscriptions.AnyAsync(s => s.Id == first.Id, Ct)));
        Assert.Equal(HttpStatusCode.NoContent, (await guardian.DeleteAsync($"{Subscriptions}/{first.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await guardian.DeleteAsync($"{Subscriptions}/{first.Id}", Ct)).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.PushSubscriptions.AnyAsync(s => s.Id == first.Id, Ct)));
        await SubscribeAsync(guardian, eleventh);

        await app.SendToClassAsync(world, "Turdag");
        await app.RunDeliveryAsync();
        Assert.Empty(app.Push.DeliveredTo(device));
        Assert.Single(app.Push.DeliveredTo(eleventh));
    }

    [Fact]
    public async Task The_settings_page_offers_the_device_switch_and_its_forms_store_and_remove_the_browsers_subscription()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Kari)));
        var (status, html) = await pages.GetPageAsync("/varsler");
        Assert.Equal(200, status);
        Assert.Contains("role=\"switch\" id=\"push-switch\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-public-key=\"{app.VapidPublicKey}\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/push.js", html, StringComparison.Ordinal);
        var device = app.Push.Subscribe();

        using var refused = await pages.PostFormAsync("/varsler", "push-subscribe", new()
        {
            ["Device.Endpoint"] = "http://push.example.net/send/1", ["Device.P256dh"] = device.P256dh, ["Device.Auth"] = device.Auth,
        });
        Assert.Contains(PushSubscriptionMessages.EndpointInvalid, await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var stored = await pages.PostFormAsync("/varsler", "push-subscribe", new()
        {
            ["Device.Endpoint"] = device.Endpoint, ["Device.P256dh"] = device.P256dh, ["Device.Auth"] = device.Auth,
        });
        var storedHtml = await stored.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Denne enheten får nå varsler.", storedHtml, StringComparison.Ordinal);
        Assert.Contains("1 enhet får varsler.", storedHtml, StringComparison.Ordinal);
        await app.SendToClassAsync(world, "Turdag");
        await app.RunDeliveryAsync();
        Assert.Single(app.Push.DeliveredTo(device));

        using var removed = await pages.PostFormAsync("/varsler", "push-unsubscribe", new() { ["Removed.Endpoint"] = device.Endpoint });
        Assert.Contains("Denne enheten får ikke lenger varsler.", await removed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.PushSubscriptions.AnyAsync(s => s.PersonId == world.Kari, Ct)));
    }
}
