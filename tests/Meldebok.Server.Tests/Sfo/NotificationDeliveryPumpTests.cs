using System.Net;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The check-out host with the in-process delivery runs a job server's process has (<see cref="NotificationDeliveryPump"/>,
/// registered as Jobs:RunServer does) and still no Hangfire server, so nothing but the pump can send: no sweep, no job.
/// </summary>
public sealed class SfoPumpApp(PostgresServer postgres) : SfoCommitApp(postgres)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<NotificationDeliveryPump>();
            services.AddHostedService(provider => provider.GetRequiredService<NotificationDeliveryPump>());
        });
    }
}

/// <summary>
/// Where the process runs jobs, a committed check-out's notifications are delivered by the process itself, at once, without a
/// Hangfire job per check-out — and a retry of the same key still tells each guardian once.
/// </summary>
public sealed class NotificationDeliveryPumpTests(SfoPumpApp app) : IClassFixture<SfoPumpApp>
{
    private const string PickedUpBy = "Hentet av Randi Hansen 15:42";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_check_out_is_e_mailed_to_each_guardian_by_the_process_itself_without_a_job()
    {
        var world = await app.ArrangeSfoWorldAsync();
        await app.WithDbAsync(db => db.Guardians.ExecuteUpdateAsync(set => set.SetProperty(g => g.Email, g => g.Id.ToString() + "@example.no"), Ct));
        var day = app.NextWeekday(new TimeOnly(13, 0));
        await world.EnrolAsync(world.PupilA, day.AddDays(-30));
        await (await world.CheckInAsync(day, world.PupilA)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        app.SetLocalTime(day, new TimeOnly(15, 42));
        var enqueued = app.Jobs.DeliveriesEnqueued;
        var request = new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, PickedUpByName: "Randi Hansen", ConfirmUnlistedPickup: true);
        var key = Guid.NewGuid().ToString();

        await (await world.CheckOutWithKeyAsync(day, request, key)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        var retry = await world.CheckOutWithKeyAsync(day, request, key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);

        var guardians = new[] { world.Absence.Roster.GuardianA, world.Absence.SecondGuardianA };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (guardians.Any(g => !app.Smtp.To(NotificationArrange.Address(g)).Any(m => m.Subject?.Contains(PickedUpBy, StringComparison.Ordinal) == true))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        // A moment more, so that a second e-mail (a retry delivering twice) would have arrived.
        await Task.Delay(500, Ct);
        foreach (var guardian in guardians)
        {
            Assert.Single(app.Smtp.To(NotificationArrange.Address(guardian)), m => m.Subject?.Contains(PickedUpBy, StringComparison.Ordinal) == true);
        }

        Assert.Equal(enqueued, app.Jobs.DeliveriesEnqueued);
        var statuses = await app.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.SourceKind == NotificationSource.SfoCheckOut && guardians.Contains(d.GuardianId!.Value) && d.Channel == NotificationChannel.Email)
            .Select(d => d.Status).ToListAsync(Ct));
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Sent], statuses);
    }
}
