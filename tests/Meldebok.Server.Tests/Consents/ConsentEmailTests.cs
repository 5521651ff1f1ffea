using System.Net;
using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Messages;
using Meldebok.Server.Features.Notifications;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Messages;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Consents;

/// <summary>Consent requests and reminders by e-mail, through a real SMTP server.</summary>
public sealed class ConsentEmailTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Address(Guid personId) => $"{personId}@example.no";

    private async Task RunDeliveryAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationDeliveryJob>().RunAsync(Ct);
    }

    [Fact]
    public async Task Both_sides_of_a_split_household_are_asked_by_email_without_the_description_and_only_the_one_who_has_not_answered_is_reminded()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var blocked = await MessageTests.GuardianWithLinkAsync(world, "Bjørn", responsibility: true, information: false, blocked: true);
        var (teacher, _, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.Roster.ClassA);
        await app.WithDbAsync(db => db.Guardians.ExecuteUpdateAsync(set => set.SetProperty(g => g.Email, g => g.Id.ToString() + "@example.no"), Ct));
        var (kari, per) = (world.Roster.GuardianA, world.SecondGuardianA);

        var request = await (await teacher.PostJsonAsync("/api/v1/consent-requests", new ConsentRequestCreate(
                new BulkTarget(BulkTargetKind.Groups, [world.Roster.ClassA]), "Tur til Trollheimen", "Overnatting i telt.", ConsentKind.OneTime,
                ConsentRule.AllWithParentalResponsibility, app.Time.GetUtcNow().AddDays(5), EventDate: app.Today().AddDays(7))))
            .ReadAsync<ConsentRequestResponse>(HttpStatusCode.Created);
        await RunDeliveryAsync();

        foreach (var guardian in new[] { kari, per })
        {
            var mail = Assert.Single(app.Smtp.To(Address(guardian)));
            Assert.Equal("Forespørsel om samtykke i Meldebok: Tur til Trollheimen", mail.Subject);
            // The link leads straight to the request's answer form.
            Assert.Contains($"{NotificationApp.PublicBaseUrl.TrimEnd('/')}/samtykker/{request.Id}", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Overnatting", mail.TextBody, StringComparison.Ordinal);
        }

        Assert.Empty(app.Smtp.To(Address(blocked)));

        (await world.GuardianA.PostJsonAsync($"/api/v1/consents/{request.Id}/answers", new ConsentAnswerRequest(world.PupilA, ConsentChoice.Yes))).EnsureSuccessStatusCode();
        (await teacher.PostJsonAsync($"/api/v1/consent-requests/{request.Id}/remind", new { })).EnsureSuccessStatusCode();
        await RunDeliveryAsync();

        Assert.Single(app.Smtp.To(Address(kari)));
        Assert.Equal(["Forespørsel om samtykke i Meldebok: Tur til Trollheimen", "Påminnelse: samtykke i Meldebok: Tur til Trollheimen"],
            app.Smtp.To(Address(per)).Select(m => m.Subject));
    }
}
