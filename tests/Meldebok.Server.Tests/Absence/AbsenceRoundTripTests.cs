using System.Net;
using System.Net.Http.Headers;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Tests.Identity;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Absence;

/// <summary>
/// The round trips to PostgreSQL of the morning rush's request (bench/morning-rush), counted from Npgsql's tracing: a guardian's
/// report as the phone app sends it, with a real access token from code + PKCE and an <c>Idempotency-Key</c>.
/// </summary>
public sealed class AbsenceRoundTripTests(TokenFlowApp app) : IClassFixture<TokenFlowApp>
{
    private const string Password = "Et-langt-testpassord-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new guardian of pupil A with a local account, signed in as the phone app does; a client with its bearer token.</summary>
    private async Task<HttpClient> BearerGuardianAsync(AbsenceWorld world)
    {
        var guardian = await world.Admin.CreateGuardianAsync(RosterTestData.Guardian("Rita", "Rask"));
        await world.Admin.LinkAsync(guardian.Id, world.PupilA);
        var userName = $"rita-{Guid.NewGuid():N}@example.test";
        await app.WithDbAsync(async db =>
        {
            var nationalIdentityNumber = await db.Guardians.Where(g => g.Id == guardian.Id).Select(g => g.NationalIdentityNumber).SingleAsync(Ct);
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
            var (created, errors) = await LocalAccounts.CreateAsync(users, app.Time, new NewAccount(userName, "Rita Rask", NationalIdentityNumber: nationalIdentityNumber), Password);
            Assert.True(created, string.Join(" ", errors));
            return created;
        });
        var tokens = await CodeFlowSignIn.SignInAsync(app, userName, Password);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        return client;
    }

    [Fact]
    public async Task A_keyed_report_with_a_bearer_token_takes_five_round_trips_and_its_replay_five()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var guardian = await BearerGuardianAsync(world);
        var today = app.Today();
        // Warm-up: caches (the municipality's time zone and settings) and EF Core's compiled queries, through the same path.
        await (await guardian.ReportWithKeyAsync(Notice(world.PupilA, today.AddDays(1)), Guid.NewGuid().ToString()))
            .ReadAsync<AbsenceNoticeResponse>(HttpStatusCode.Created);
        using var counter = new NpgsqlCommandCounter();
        var key = Guid.NewGuid().ToString();
        var request = Notice(world.PupilA, today.AddDays(2), toSfo: true);

        var (first, reportTrips) = await counter.CountAsync(guardian, async client =>
        {
            var response = await client.ReportWithKeyAsync(request, key);
            return (response, await response.ReadAsync<AbsenceNoticeResponse>(HttpStatusCode.Created));
        });
        var (retry, replayTrips) = await counter.CountAsync(guardian, client => client.ReportWithKeyAsync(request, key));

        // The report: the roster roles with the access token's entry and its authorization (TokenEntryValidation); the key's
        // claim, which opens the transaction; the guardian's reach with the child's placement; the notice with its outbox row and
        // usage event; the stored response with the commit.
        Assert.True(reportTrips == 5, $"{reportTrips} round trips:\n{counter.Statements}");
        // The replay: the roster roles with the token's entry, the claim that finds the key, the stored response, the expiry
        // check, the rollback of the empty transaction.
        Assert.Equal(5, replayTrips);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.TryGetValues(IdempotencyFilter.ReplayedHeader, out var replayed) && replayed.Single() == "true");
        Assert.Equal(await first.response.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await app.WithDbAsync(db => db.AbsenceNotices.CountAsync(n => n.PupilId == world.PupilA && n.FirstDate == request.FirstDate, Ct)));
        Assert.True(first.Item2.ToSfo);
    }
}
