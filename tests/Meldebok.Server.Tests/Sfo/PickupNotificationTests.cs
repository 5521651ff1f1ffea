using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Pupils;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>A late pickup message reaches the SFO staff of the child's unit as an urgent SMS and e-mail, and nobody else.</summary>
public sealed class PickupNotificationTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_late_pickup_message_is_sent_urgently_to_the_units_sfo_staff_without_naming_the_child()
    {
        var world = await app.ArrangeNotificationWorldAsync();
        var (_, _, sfoStaffId) = await app.StaffClientAsync(world.Absence.Admin, world.Absence.SchoolId, StaffRole.SfoStaff, world.Absence.Roster.SfoGroup);
        var phone = NotificationArrange.Phone(sfoStaffId);
        await app.WithDbAsync(db => db.Staff.Where(s => s.Id == sfoStaffId).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Email, NotificationArrange.Address(sfoStaffId)).SetProperty(s => s.Mobile, phone), Ct));
        var today = app.Today().AddDays(1);

        app.SetLocalTime(today, new TimeOnly(11, 0));
        var inTime = await world.Absence.GuardianA.SendAsync(world.Absence.PupilA, new PickupMessageRequest(today, DepartureMethod.Bus, new TimeOnly(14, 0)));
        app.SetLocalTime(today, new TimeOnly(13, 0));
        var late = await world.Absence.GuardianA.SendAsync(world.Absence.PupilA, new PickupMessageRequest(today, DepartureMethod.WentHomeAlone, new TimeOnly(14, 0)));
        await app.RunDeliveryAsync();

        Assert.Empty(await app.DeliveriesAsync(inTime.Id));
        var deliveries = await app.DeliveriesAsync(late.Id);
        Assert.Equal([(NotificationChannel.Email, sfoStaffId), (NotificationChannel.Sms, sfoStaffId)],
            deliveries.OrderBy(d => d.Channel).Select(d => (d.Channel, d.PersonId)));
        Assert.All(deliveries, d => Assert.True(d.Urgent && d.SourceKind == NotificationSource.PickupLateChange));
        var sms = Assert.Single(app.Sms.SentTo(phone));
        Assert.Contains("VIKTIG", sms.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Emma", sms.Text, StringComparison.Ordinal);
        var mail = Assert.Single(app.Smtp.To(NotificationArrange.Address(sfoStaffId)));
        Assert.Equal("Viktig: sen endring av henting i dag", mail.Subject);
        Assert.Empty(app.Smtp.To(NotificationArrange.Address(world.TeacherStaffId)));
    }
}
