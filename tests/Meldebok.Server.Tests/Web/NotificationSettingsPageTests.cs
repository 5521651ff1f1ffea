using System.Net;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Pupils;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Web;

/// <summary>The notification settings page (/varsler) as a browser uses it: the form shows the settings and saves them.</summary>
public sealed class NotificationSettingsPageTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private const string Path = "/varsler";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<NotificationSetting?> StoredAsync(Guid guardianId) =>
        app.WithDbAsync(db => db.NotificationSettings.AsNoTracking().SingleOrDefaultAsync(s => s.PersonId == guardianId, Ct));

    [Fact]
    public async Task A_guardian_sees_the_defaults_and_saves_sms_for_every_message_with_other_quiet_hours()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Roster.GuardianA)));

        var (status, html) = await pages.GetPageAsync(Path);
        Assert.Equal(200, status);
        Assert.Contains("value=\"21:00\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"07:00\"", html, StringComparison.Ordinal);
        // SMS is not configured in this app: the page says so.
        Assert.Contains("Kommunen sender ikke varsler på SMS.", html, StringComparison.Ordinal);

        using var response = await pages.PostFormAsync(Path, "notification-settings", new()
        {
            ["Input.Sms"] = "true", ["Input.UrgentSms"] = "true", ["Input.QuietHours"] = "true", ["Input.QuietFrom"] = "22:00", ["Input.QuietTo"] = "06:30",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Innstillingene er lagret.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var stored = await StoredAsync(world.Roster.GuardianA);
        Assert.NotNull(stored);
        Assert.Equal((false, true, true, true, new TimeOnly(22, 0), new TimeOnly(6, 30)),
            (stored.EmailEnabled, stored.SmsEnabled, stored.UrgentSmsEnabled, stored.QuietHoursEnabled, stored.QuietFrom, stored.QuietTo));
    }

    [Fact]
    public async Task A_guardian_turns_on_the_daily_digest_at_a_time_of_their_own_and_a_malformed_time_is_refused()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Roster.GuardianA)));
        var (_, html) = await pages.GetPageAsync(Path);
        Assert.Contains("value=\"16:00\"", html, StringComparison.Ordinal);

        using var malformed = await pages.PostFormAsync(Path, "notification-settings", new()
        {
            ["Input.Email"] = "true", ["Input.QuietHours"] = "true", ["Input.QuietFrom"] = "21:00", ["Input.QuietTo"] = "07:00",
            ["Input.Digest"] = "true", ["Input.DigestTime"] = "ettermiddag",
        });
        Assert.Contains("Skriv klokkeslettet som TT:MM", await malformed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(await StoredAsync(world.Roster.GuardianA));

        using var response = await pages.PostFormAsync(Path, "notification-settings", new()
        {
            ["Input.Email"] = "true", ["Input.QuietHours"] = "true", ["Input.QuietFrom"] = "21:00", ["Input.QuietTo"] = "07:00",
            ["Input.Digest"] = "true", ["Input.DigestTime"] = "18:15",
        });

        Assert.Contains("Innstillingene er lagret.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var stored = await StoredAsync(world.Roster.GuardianA);
        Assert.NotNull(stored);
        Assert.Equal((true, new TimeOnly(18, 15)), (stored.DigestEnabled, stored.DigestTime));
    }

    [Fact]
    public async Task Quiet_hours_that_start_when_they_end_are_refused_with_the_reason_and_nothing_is_saved()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var pages = app.BrowserLikeClient(TestUser.Account(await app.GuardianAccountIdAsync(world.Roster.GuardianA)));

        using var same = await pages.PostFormAsync(Path, "notification-settings", new()
        {
            ["Input.Email"] = "true", ["Input.QuietHours"] = "true", ["Input.QuietFrom"] = "07:00", ["Input.QuietTo"] = "07:00",
        });
        using var malformed = await pages.PostFormAsync(Path, "notification-settings", new()
        {
            ["Input.Email"] = "true", ["Input.QuietHours"] = "true", ["Input.QuietFrom"] = "kveld", ["Input.QuietTo"] = "07:00",
        });

        Assert.Contains(NotificationSettingsMessages.QuietHoursEmpty, await same.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Skriv klokkeslettet som TT:MM", await malformed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(await StoredAsync(world.Roster.GuardianA));
    }
}
