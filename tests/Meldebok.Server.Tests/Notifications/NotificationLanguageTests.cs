using System.Net;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Meldebok.Testing;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>Each person's notification language: chosen in the settings, used by e-mail, SMS and push alike.</summary>
public sealed class NotificationLanguageTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_guardian_who_chose_English_gets_email_sms_and_push_in_English_while_the_other_gets_bokmal()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var teacher = await app.StaffNameAsync(world.TeacherStaffId);
        Assert.Equal("nb", (await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest())).Language);
        var english = await world.Absence.GuardianA.PutSettingsAsync(NotificationArrange.SettingsRequest(language: "en"));
        Assert.Equal("en", english.Language);
        var phone = app.Push.Subscribe();
        await (await world.Absence.GuardianA.PostJsonAsync("/api/v1/me/push-subscriptions",
            new Features.Notifications.WebPush.PushSubscriptionRequest(phone.Endpoint, phone.P256dh, phone.Auth))).ReadAsync<Features.Notifications.WebPush.PushSubscriptionResponse>();

        await app.SendToClassAsync(world, "Turdag fredag", urgent: true);
        await app.RunDeliveryAsync();
        app.Time.Advance(app.UrgentSmsFallback());
        await app.RunDeliveryAsync();

        var toKari = Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Kari)));
        var toPer = Assert.Single(app.Smtp.To(NotificationArrange.Address(world.Per)));
        Assert.Equal("New message in Meldebok: Turdag fredag", toKari.Subject);
        Assert.StartsWith("Hello,", toKari.TextBody, StringComparison.Ordinal);
        Assert.Equal("Ny melding i Meldebok: Turdag fredag", toPer.Subject);
        Assert.StartsWith("Hei,", toPer.TextBody, StringComparison.Ordinal);
        Assert.StartsWith($"Meldebok: URGENT message from {teacher}.", Assert.Single(app.Sms.To(NotificationArrange.Phone(world.Kari))).Text, StringComparison.Ordinal);
        Assert.StartsWith($"Meldebok: VIKTIG melding fra {teacher}.", Assert.Single(app.Sms.To(NotificationArrange.Phone(world.Per))).Text, StringComparison.Ordinal);
        var push = Assert.Single(app.Push.DeliveredTo(phone)).Payload!.Value;
        Assert.Equal($"Urgent message from {teacher}", push.GetProperty("title").GetString());
        Assert.Equal("Open Meldebok to read it.", push.GetProperty("body").GetString());
    }

    [Fact]
    public async Task The_language_defaults_to_the_rosters_choice_is_required_and_must_be_bokmal_or_English()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        await app.WithDbAsync(db => db.Guardians.Where(g => g.Id == world.Per).ExecuteUpdateAsync(set => set.SetProperty(g => g.PreferredLanguage, "en"), Ct));
        var settings = await (await world.Absence.SecondGuardian.GetAsync(NotificationArrange.Settings, Ct)).ReadAsync<NotificationSettingsResponse>();
        Assert.Equal("en", settings.Language);
        Assert.Equal("nb", (await (await world.Absence.GuardianA.GetAsync(NotificationArrange.Settings, Ct)).ReadAsync<NotificationSettingsResponse>()).Language);

        var nynorsk = await (await world.Absence.GuardianA.PutJsonAsync(NotificationArrange.Settings, NotificationArrange.SettingsRequest(language: "nn")))
            .ValidationProblemAsync("language");
        Assert.Equal(NotificationSettingsMessages.LanguageInvalid, nynorsk.GetProperty("language")[0].GetString());
        var missing = await (await world.Absence.GuardianA.PutJsonAsync(NotificationArrange.Settings, NotificationArrange.SettingsRequest() with { Language = null }))
            .ValidationProblemAsync("language");
        Assert.Equal(NotificationSettingsMessages.LanguageRequired, missing.GetProperty("language")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await world.Absence.GuardianA.GetAsync(NotificationArrange.Settings, Ct)).StatusCode);
    }
}
