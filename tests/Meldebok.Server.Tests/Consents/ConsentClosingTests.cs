using System.Net;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Consents;

/// <summary>
/// A consent request closed before its deadline reaches its guardians: live over the hub and in the catch-up, only those who
/// reach a pupil it concerns, and a notification through their chosen channels for those who have not answered.
/// </summary>
public sealed class ConsentClosingTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private const string Requests = "/api/v1/consent-requests";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConsentRequestCreate Trip(Guid classId) => new(
        new BulkTarget(BulkTargetKind.Groups, [classId]), "Tur til Trollheimen", "Overnatting i telt.", ConsentKind.OneTime,
        ConsentRule.AllWithParentalResponsibility, app.Time.GetUtcNow().AddDays(5), EventDate: app.Today().AddDays(7));

    private static async Task CloseAsync(HttpClient staff, Guid requestId, string reason) =>
        await (await staff.PostJsonAsync($"{Requests}/{requestId}/close", new ConsentCloseRequest(reason))).ReadAsync<ConsentRequestResponse>();

    private async Task<HubClient> HubOfGuardianAsync(Guid guardianId) => await HubClient.ConnectAsync(app, TestUser.Account(await app.GuardianAccountIdAsync(guardianId)));

    private static bool IsClosingOf(RealtimeEvent e, Guid requestId) =>
        e.Type == ConsentEvents.Closed && e.Data.GetProperty("consentRequestId").GetGuid() == requestId;

    [Fact]
    public async Task A_request_closed_early_reaches_its_guardians_live_and_in_the_catch_up_and_not_the_guardian_of_another_pupil()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        var request = await (await teacher.PostJsonAsync(Requests, Trip(world.Roster.ClassA))).ReadAsync<ConsentRequestResponse>(HttpStatusCode.Created);
        await using var kari = await HubOfGuardianAsync(world.Roster.GuardianA);
        var olaAccount = await app.GuardianAccountIdAsync(world.Roster.GuardianB);
        await using var ola = await HubClient.ConnectAsync(app, TestUser.Account(olaAccount));
        var before = kari.Welcome!.LastSequence;

        await CloseAsync(teacher, request.Id, "Turen er avlyst på grunn av været.");

        var live = await kari.WaitForAsync(ConsentEvents.Closed, "consentRequestId", request.Id);
        Assert.Equal(app.Time.GetUtcNow(), live.OccurredAt);
        // Events reach a connection in sequence order: once this later one has arrived, Ola has all he was sent.
        var sentinel = await app.EnqueueAsync(null, Audiences.Account(olaAccount));
        await ola.WaitForAsync(OutboxArrange.Type, sentinel);
        Assert.DoesNotContain(ola.Received, e => IsClosingOf(e, request.Id));

        var missedByKari = await world.GuardianA.GetJsonAsync<RealtimeEventsResponse>($"/api/v1/events?after={before}");
        var missedByPer = await world.SecondGuardian.GetJsonAsync<RealtimeEventsResponse>($"/api/v1/events?after={before}");
        var missedByOla = await world.GuardianB.GetJsonAsync<RealtimeEventsResponse>($"/api/v1/events?after={before}");
        Assert.Equal(live.Sequence, Assert.Single(missedByKari.Items, e => IsClosingOf(e, request.Id)).Sequence);
        Assert.Single(missedByPer.Items, e => IsClosingOf(e, request.Id));
        Assert.DoesNotContain(missedByOla.Items, e => IsClosingOf(e, request.Id));
    }

    [Fact]
    public async Task Guardians_who_have_not_answered_are_notified_of_the_closing_and_those_who_answered_or_lost_access_are_not()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var informed = await MessageTests.GuardianWithLinkAsync(world, "Ingrid", responsibility: false, information: true, blocked: false);
        var blocked = await MessageTests.GuardianWithLinkAsync(world, "Bjørn", responsibility: true, information: false, blocked: true);
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        await app.WithDbAsync(db => db.Guardians.ExecuteUpdateAsync(set => set.SetProperty(g => g.Email, g => g.Id.ToString() + "@example.no"), Ct));
        var (kari, per) = (world.Roster.GuardianA, world.SecondGuardianA);
        var request = await (await teacher.PostJsonAsync(Requests, Trip(world.Roster.ClassA))).ReadAsync<ConsentRequestResponse>(HttpStatusCode.Created);
        (await world.GuardianA.PostJsonAsync($"/api/v1/consents/{request.Id}/answers", new ConsentAnswerRequest(world.PupilA, ConsentChoice.Yes)))
            .EnsureSuccessStatusCode();

        await CloseAsync(teacher, request.Id, "Turen er avlyst på grunn av været.");

        var notified = await app.WithDbAsync(db => db.NotificationDeliveries.AsNoTracking()
            .Where(d => d.SourceKind == NotificationSource.ConsentClosed && db.ConsentRequests.Any(r => r.Id == request.Id && r.ClosedNoticeId == d.SourceId))
            .Select(d => new { d.PersonId, d.Channel }).ToListAsync(Ct));
        // Per has not answered; Ingrid (a right to information) cannot answer; Kari answered; Bjørn's link is blocked.
        Assert.Equal([(per, NotificationChannel.Email), (informed, NotificationChannel.Email)],
            notified.Select(d => (d.PersonId, d.Channel)).OrderBy(d => d.PersonId == per ? 0 : 1));
        Assert.DoesNotContain(notified, d => d.PersonId == kari || d.PersonId == blocked);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationDeliveryJob>().RunAsync(Ct);
        }

        var mail = app.Smtp.To($"{per}@example.no")[^1];
        Assert.Equal("Forespørsel om samtykke avsluttet i Meldebok: Tur til Trollheimen", mail.Subject);
        Assert.Contains($"{NotificationApp.PublicBaseUrl.TrimEnd('/')}/samtykker/{request.Id}", mail.TextBody, StringComparison.Ordinal);
        // Like the request's own e-mail, it carries nothing staff wrote beyond the title: the reason shows after signing in.
        Assert.DoesNotContain("avlyst", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Smtp.To($"{kari}@example.no"), m => m.Subject?.StartsWith("Forespørsel om samtykke avsluttet", StringComparison.Ordinal) == true);
    }
}
