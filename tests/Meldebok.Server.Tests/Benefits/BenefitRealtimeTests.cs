using System.Net;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using static Meldebok.Server.Tests.Benefits.BenefitArrange;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>
/// Changes to the benefit plans are pushed live, and offered to reconnecting clients, only to those who may read the plans —
/// the municipality's administrators, portfolio board and principals — never to guardians, teachers or another municipality's leaders.
/// </summary>
public sealed class BenefitRealtimeTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An administrator record and the account that signs in as it (matched by Feide id, as sign-in does).</summary>
    private async Task<Guid> AdministratorAccountAsync(Guid municipalityId)
    {
        var feideId = $"admin-{Guid.NewGuid():N}@testvik.kommune.no";
        await app.WithDbAsync(db =>
        {
            db.MunicipalityAdministrators.Add(new MunicipalityAdministrator(municipalityId) { GivenName = "Ada", FamilyName = "Admin", Email = feideId, FeideId = feideId });
            return db.SaveChangesAsync(Ct);
        });
        return await app.CreateAccountAsync("Administrator", feideId: feideId);
    }

    /// <summary>A portfolio-board member and the account that signs in as them (matched by Feide id).</summary>
    private async Task<Guid> BoardMemberAccountAsync(Guid municipalityId)
    {
        var feideId = $"styre-{Guid.NewGuid():N}@testvik.kommune.no";
        await app.WithDbAsync(db =>
        {
            db.PortfolioBoardMembers.Add(new PortfolioBoardMember(municipalityId) { GivenName = "Liv", FamilyName = "Strand", Email = feideId, FeideId = feideId });
            return db.SaveChangesAsync(Ct);
        });
        return await app.CreateAccountAsync("Porteføljestyret", feideId: feideId);
    }

    private static bool IsBenefitEvent(RealtimeEvent e) => e.Type.StartsWith("benefit.", StringComparison.Ordinal);

    [Fact]
    public async Task Plan_changes_reach_the_municipalitys_benefit_readers_only_live_and_on_catch_up()
    {
        var world = await app.ArrangeWorldAsync();
        var m = world.Admin.MunicipalityId;
        var (_, principal, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var (_, teacher, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.ContactTeacher, world.ClassA);
        var guardian = (await app.GuardianAccountAsync(world.GuardianA)).AccountId!.Value;
        var administrator = await AdministratorAccountAsync(m);
        var board = await BoardMemberAccountAsync(m);
        var other = await app.ArrangeWorldAsync("Annenvik kommune");
        var (_, otherPrincipal, _) = await app.StaffClientAsync(other.Admin, other.SchoolId, StaffRole.Principal);

        var readers = new List<(HubClient Client, Guid AccountId)>();
        foreach (var account in new[] { principal, administrator, board })
        {
            readers.Add((await HubClient.ConnectAsync(app, TestUser.Account(account)), account));
        }

        var outsiders = new List<(HubClient Client, Guid AccountId)>();
        foreach (var account in new[] { teacher, guardian, otherPrincipal })
        {
            outsiders.Add((await HubClient.ConnectAsync(app, TestUser.Account(account)), account));
        }

        // Every kind of plan change, by the municipality's administrator through the API.
        var plan = await app.ArrangePlanAsync(m);
        var benefit = await plan.Admin.CreateBenefitAsync(
            Manual(plan.ProjectId, "Færre SMS til private telefoner", BenefitType.NonPriced, "SMS/uke", 60, "2026-01-05", null, ("2027-06-30", 10)));
        var revised = await (await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", Revise(benefit.Current, "Ny eier") with { Owner = "Rektor" }))
            .ReadAsync<BenefitResponse>(HttpStatusCode.Created);
        var measurement = await plan.Admin.MeasureAsync(benefit.Id, "2026-08-01", 40);
        var measure = await (await plan.Admin.PostJsonAsync($"{Api}/measures", new MeasureRequest
            {
                Description = "Slå av SMS-videresending", Owner = "IT", DueDate = new DateOnly(2026, 12, 1), BenefitIds = [benefit.Id],
            }))
            .ReadAsync<MeasureResponse>(HttpStatusCode.Created);
        await (await plan.Admin.PutJsonAsync($"{Api}/portfolios/{plan.PortfolioId}", new PortfolioRequest { Name = "Oppvekst digitalt" }))
            .ReadAsync<PortfolioResponse>(HttpStatusCode.OK);

        foreach (var (client, _) in readers)
        {
            await client.WaitForAsync(BenefitEvents.ProjectChanged, "projectId", plan.ProjectId);
            await client.WaitForAsync(BenefitEvents.BenefitChanged, "benefitId", benefit.Id);
            var revision = await client.WaitForAsync(BenefitEvents.Revised, "benefitId", benefit.Id);
            Assert.Equal(revised.Current.Number, revision.Data.GetProperty("revision").GetInt32());
            var measured = await client.WaitForAsync(BenefitEvents.Measured, "measurementId", measurement.Id);
            Assert.False(measured.Data.GetProperty("automatic").GetBoolean());
            await client.WaitForAsync(BenefitEvents.MeasureChanged, "measureId", measure.Id);
            await client.WaitForAsync(BenefitEvents.PortfolioChanged, "portfolioId", plan.PortfolioId);
        }

        // Everything before a sentinel to an outsider's own account has reached it: no plan event among it.
        var sentinel = await app.EnqueueAsync(null, [.. outsiders.Select(o => Audiences.Account(o.AccountId))]);
        foreach (var (client, _) in outsiders)
        {
            await client.WaitForAsync(OutboxArrange.Type, sentinel);
            Assert.DoesNotContain(client.Received, IsBenefitEvent);
        }

        // Catch-up gives the same within access only.
        var caughtUp = await app.ClientFor(TestUser.Account(principal)).GetJsonAsync<RealtimeEventsResponse>("/api/v1/events?after=0&limit=500");
        Assert.Contains(caughtUp.Items, e => e.Type == BenefitEvents.Measured && e.Data.GetProperty("measurementId").GetGuid() == measurement.Id);
        // Portfolio and project created, the benefit, its revision, measurement and measure, the portfolio renamed.
        Assert.Equal(7, caughtUp.Items.Count(IsBenefitEvent));
        foreach (var account in new[] { teacher, guardian, otherPrincipal })
        {
            var theirs = await app.ClientFor(TestUser.Account(account)).GetJsonAsync<RealtimeEventsResponse>("/api/v1/events?after=0&limit=500");
            Assert.DoesNotContain(theirs.Items, IsBenefitEvent);
        }

        foreach (var (client, _) in readers.Concat(outsiders))
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_refused_change_writes_no_event()
    {
        var world = await app.ArrangeWorldAsync();
        var (_, principal, _) = await app.StaffClientAsync(world.Admin, world.SchoolId, StaffRole.Principal);
        var plan = await app.ArrangePlanAsync(world.Admin.MunicipalityId);
        var benefit = await plan.Admin.CreateBenefitAsync(
            Manual(plan.ProjectId, "Mindre papir", BenefitType.NonPriced, "ark/uke", 500, "2026-01-05", null, ("2027-06-30", 50)));
        // A revision that changes nothing is refused (409) and leaves no event behind.
        var unchanged = await plan.Admin.PostJsonAsync($"{Api}/{benefit.Id}/revisions", Revise(benefit.Current, "Ingenting"));
        Assert.Equal(HttpStatusCode.Conflict, unchanged.StatusCode);
        await app.WaitUntilAllPublishedAsync();

        var events = await app.ClientFor(TestUser.Account(principal)).GetJsonAsync<RealtimeEventsResponse>("/api/v1/events?after=0&limit=500");
        Assert.Equal([BenefitEvents.PortfolioChanged, BenefitEvents.ProjectChanged, BenefitEvents.BenefitChanged], events.Items.Where(IsBenefitEvent).Select(e => e.Type));
    }
}
