using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>The settings API: defaults, changes per person and field-named validation (who may call it: the access matrix).</summary>
public sealed class NotificationSettingsTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private const string Settings = NotificationArrange.Settings;

    [Fact]
    public async Task A_guardian_starts_with_the_defaults_and_a_change_is_theirs_alone()
    {
        var world = await app.ArrangeNotificationWorldAsync();

        var defaults = await world.Absence.GuardianA.GetFromJsonAsync<NotificationSettingsResponse>(Settings, HttpAssertions.Json, TestContext.Current.CancellationToken);
        Assert.Equal(new NotificationSettingsResponse(true, false, true, true, new TimeOnly(21, 0), new TimeOnly(7, 0), true, true, true, true, true, 0, "nb", false, new TimeOnly(16, 0)), defaults);

        var changed = await world.Absence.GuardianA.PutSettingsAsync(
            NotificationArrange.SettingsRequest(email: false, sms: true, urgentSms: false, quietFrom: new TimeOnly(22, 30), quietTo: new TimeOnly(6, 15),
                digest: true, digestTime: new TimeOnly(17, 45)));
        Assert.Equal(new NotificationSettingsResponse(false, true, false, true, new TimeOnly(22, 30), new TimeOnly(6, 15), true, true, true, true, true, 0, "nb",
            true, new TimeOnly(17, 45)), changed);
        Assert.Equal(changed, await world.Absence.GuardianA.GetFromJsonAsync<NotificationSettingsResponse>(Settings, HttpAssertions.Json, TestContext.Current.CancellationToken));

        // Per, in the same household, keeps his own (the defaults).
        Assert.Equal(defaults, await world.Absence.SecondGuardian.GetFromJsonAsync<NotificationSettingsResponse>(Settings, HttpAssertions.Json, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Staff_have_settings_and_a_person_without_a_mobile_number_is_told_so()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);

        var settings = await teacher.PutSettingsAsync(NotificationArrange.SettingsRequest(quietHours: false));

        Assert.False(settings.QuietHours);
        Assert.False(settings.HasMobile);
        Assert.True(settings.SmsAvailable);
    }

    [Fact]
    public async Task Bad_settings_answer_400_naming_each_field()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var guardian = world.Absence.GuardianA;

        await (await guardian.PutJsonAsync(Settings, new JsonObject())).ValidationProblemAsync(
            "email", "sms", "urgentSms", "quietHours", "quietFrom", "quietTo", "language", "digest", "digestTime");
        await (await guardian.PutJsonAsync(Settings, NotificationArrange.SettingsRequest(quietFrom: new TimeOnly(7, 0), quietTo: new TimeOnly(7, 0))))
            .ValidationProblemAsync("quietTo");
        await (await guardian.PutJsonAsync(Settings, NotificationArrange.SettingsRequest(quietFrom: new TimeOnly(21, 0, 30)))).ValidationProblemAsync("quietFrom");
        var body = new JsonObject
        {
            ["email"] = true, ["sms"] = false, ["urgentSms"] = true, ["quietHours"] = true, ["quietFrom"] = "25:00", ["quietTo"] = "07:00", ["language"] = "nb",
            ["digest"] = true, ["digestTime"] = "16:00",
        };
        await (await guardian.PutJsonAsync(Settings, body)).ValidationProblemAsync("quietFrom");
        body["quietFrom"] = "21:00";
        body["digestTime"] = "kl. 16";
        await (await guardian.PutJsonAsync(Settings, body)).ValidationProblemAsync("digestTime");
        await (await guardian.PutJsonAsync(Settings, NotificationArrange.SettingsRequest(digest: true, digestTime: new TimeOnly(16, 0, 15))))
            .ValidationProblemAsync("digestTime");
        body["digestTime"] = "16:00";
        body.Remove("digest");
        await (await guardian.PutJsonAsync(Settings, body)).ValidationProblemAsync("digest");

        // Quiet hours that are off may start and end at the same time.
        var off = await guardian.PutSettingsAsync(NotificationArrange.SettingsRequest(quietHours: false, quietFrom: new TimeOnly(0, 0), quietTo: new TimeOnly(0, 0)));
        Assert.False(off.QuietHours);
    }
}
