using System.Net;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Meldebok.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Notifications;

/// <summary>
/// The absence world (pupil A in a split household: Kari and Per) with a blocked guardian of pupil A and a contact
/// teacher of class A.
/// </summary>
internal sealed record NotificationWorld(AbsenceWorld Absence, HttpClient Teacher, Guid TeacherStaffId, Guid Blocked, Guid TeacherAccount)
{
    public Guid Kari => Absence.Roster.GuardianA;
    public Guid Per => Absence.SecondGuardianA;
}

internal static class NotificationArrange
{
    public const string Bulk = "/api/v1/bulk-messages";
    public const string Settings = "/api/v1/me/notification-settings";
    public const string BulkBody = "Husk matpakke, gode sko og regntøy.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The world, with an e-mail address (the id at example.no) and a mobile number of their own (<see cref="Phone"/>)
    /// for everyone in the roster.
    /// </summary>
    public static async Task<NotificationWorld> ArrangeNotificationWorldAsync(this NotificationApp app)
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var blocked = await MessageTests.GuardianWithLinkAsync(world, "Bjørn", responsibility: true, information: false, blocked: true);
        var (teacher, teacherAccount, staffId) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        var people = await app.WithDbAsync(async db =>
            (await db.Guardians.Select(g => g.Id).ToListAsync(Ct)).Concat(await db.Staff.Select(s => s.Id).ToListAsync(Ct)).ToList());
        await app.WithDbAsync(async db =>
        {
            await db.Guardians.ExecuteUpdateAsync(set => set.SetProperty(g => g.Email, g => g.Id.ToString() + "@example.no"), Ct);
            await db.Staff.ExecuteUpdateAsync(set => set.SetProperty(s => s.Email, s => s.Id.ToString() + "@example.no"), Ct);
            foreach (var id in people)
            {
                var phone = Phone(id);
                await db.Guardians.Where(g => g.Id == id).ExecuteUpdateAsync(set => set.SetProperty(g => g.Mobile, phone), Ct);
                await db.Staff.Where(s => s.Id == id).ExecuteUpdateAsync(set => set.SetProperty(s => s.Mobile, phone), Ct);
            }

            return people.Count;
        });
        return new NotificationWorld(world, teacher, staffId, blocked, teacherAccount);
    }

    public static string Address(Guid personId) => $"{personId}@example.no";

    /// <summary>A Norwegian mobile number in E.164 of the person's own, from the random end of their id.</summary>
    public static string Phone(Guid personId) =>
        "+479" + (BitConverter.ToUInt32(personId.ToByteArray(), 12) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The host's wait before an unread urgent message goes by SMS (Notifications:UrgentSmsFallbackMinutes).</summary>
    public static TimeSpan UrgentSmsFallback(this MeldebokApp app) =>
        TimeSpan.FromMinutes(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.UrgentSmsFallbackMinutes);

    /// <summary>One run of the delivery job, as Hangfire would start it.</summary>
    public static async Task RunDeliveryAsync(this NotificationApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationDeliveryJob>().RunAsync(Ct);
    }

    /// <summary>One run of the daily-digest job, as Hangfire would start it.</summary>
    public static async Task RunDigestAsync(this NotificationApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationDigestJob>().RunAsync(Ct);
    }

    /// <summary>The teacher sends a bulk message to class A; the undo window passes and the fan-out stores the copies.</summary>
    public static Task<BulkMessageStatusResponse> SendToClassAsync(this NotificationApp app, NotificationWorld world, string subject = "Turdag fredag", bool urgent = false) =>
        app.SendBulkAsync(world.Teacher, new BulkMessageRequest(new BulkTarget(BulkTargetKind.Groups, [world.Absence.Roster.ClassA]), subject, BulkBody, urgent));

    public static Task<string> StaffNameAsync(this NotificationApp app, Guid staffId) =>
        app.WithDbAsync(db => db.Staff.Where(s => s.Id == staffId).Select(s => s.GivenName + " " + s.FamilyName).SingleAsync(Ct));

    public static Task<List<NotificationDelivery>> DeliveriesAsync(this NotificationApp app, Guid sourceId) =>
        app.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking().Where(d => d.SourceId == sourceId).ToListAsync(Ct));

    public static async Task<NotificationSettingsResponse> PutSettingsAsync(this HttpClient person, NotificationSettingsRequest request) =>
        await (await person.PutJsonAsync(Settings, request)).ReadAsync<NotificationSettingsResponse>();

    public static NotificationSettingsRequest SettingsRequest(
        bool email = true, bool sms = false, bool urgentSms = true, bool quietHours = true, TimeOnly? quietFrom = null, TimeOnly? quietTo = null,
        string language = "nb", bool digest = false, TimeOnly? digestTime = null) =>
        new(email, sms, urgentSms, quietHours, quietFrom ?? new TimeOnly(21, 0), quietTo ?? new TimeOnly(7, 0), language, digest, digestTime ?? new TimeOnly(16, 0));
}
