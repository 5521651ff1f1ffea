using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Meldebok.Server.Features.Identity;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Tests.Identity;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Notifications;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Roster;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The round trips to PostgreSQL of the afternoon rush's two hot paths, counted from Npgsql's tracing (bench/afternoon-rush):
/// every round trip costs a socket send and a wake-up of a PostgreSQL backend on the same two cores. The test's sign-in is the
/// test scheme, or a bearer token from code + PKCE as the tablet app has, whose entry and authorization are read in the
/// statement that reads the roster roles (TokenEntryValidation), so it adds no round trip. E-mail is on, so the check-out reads the guardians to notify.
/// </summary>
public sealed class SfoRoundTripTests(SfoCommitApp app) : IClassFixture<SfoCommitApp>
{
    private const string Password = "Et-langt-testpassord-1";

    /// <summary>A new SFO staff member of the world's unit with a local account, signed in as the tablet app does; a client with its bearer token.</summary>
    private async Task<HttpClient> BearerSfoStaffAsync(SfoWorld world)
    {
        var roster = world.Absence.Roster;
        var feideId = $"tavle-{Guid.NewGuid():N}@testvik.kommune.no";
        var staff = await roster.Admin.Client.CreateStaffMemberAsync("Siri", "Tavle", feideId);
        await roster.Admin.Client.CreateAssignmentAsync(staff.Id, roster.SchoolId, StaffRole.SfoStaff, roster.SfoGroup);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MeldebokUser>>();
            var (created, errors) = await LocalAccounts.CreateAsync(users, app.Time, new NewAccount(feideId, "Siri Tavle", FeideId: feideId), Password);
            Assert.True(created, string.Join(" ", errors));
        }

        var tokens = await CodeFlowSignIn.SignInAsync(app, feideId, Password);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        return client;
    }

    [Fact]
    public async Task A_keyed_check_out_with_a_bearer_token_commits_once_in_six_round_trips_and_its_replay_takes_five()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(15, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        var tablet = await BearerSfoStaffAsync(world);
        // Warm-up: caches and EF Core's compiled queries, through the same keyed paths.
        await (await world.CheckInWithKeyAsync(day, new SfoCheckInRequest(world.PupilA, "Venter på foresatte"), Guid.NewGuid().ToString(), tablet))
            .ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        await (await world.CheckOutWithKeyAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, PickedUpByName: "Nabo", ConfirmUnlistedPickup: true),
            Guid.NewGuid().ToString(), tablet)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        await (await world.CheckInWithKeyAsync(day, new SfoCheckInRequest(world.SfoPupil), Guid.NewGuid().ToString(), tablet))
            .ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        var request = new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.WentHomeAlone);
        var key = Guid.NewGuid().ToString();

        int checkOutTrips;
        string statements;
        using (var counter = new NpgsqlCommandCounter())
        {
            (_, checkOutTrips) = await counter.CountAsync(tablet, async client =>
                await (await world.CheckOutWithKeyAsync(day, request, key, client)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created));
            statements = counter.Statements;
        }

        using var replayCounter = new NpgsqlCommandCounter();
        var (replay, replayTrips) = await replayCounter.CountAsync(tablet, client => world.CheckOutWithKeyAsync(day, request, key, client));

        // The roster roles with the token's entry and its authorization; the key's claim, which opens the transaction; the unit, the
        // caller's roles there, the pupil's school, its last check-in and the guardians to notify with their settings; the pickup
        // plan with the authorized persons; the writes as one batch; the stored response with the one COMMIT.
        Assert.True(checkOutTrips == 6, $"{checkOutTrips} round trips:\n{statements}");
        Assert.Single(Regex.Matches(statements, @"\bCOMMIT\b"));
        Assert.Contains(statements.Split("\n---\n"), s => s.TrimStart().StartsWith("BEGIN", StringComparison.Ordinal) && s.Contains("INSERT INTO idempotency_records", StringComparison.Ordinal));
        // The replay: the roster roles with the token's entry, the claim that finds the key, the stored response, the expiry
        // check, the rollback of the empty transaction.
        Assert.True(replayTrips == 5, $"{replayTrips} round trips:\n{replayCounter.Statements}");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.TryGetValues(IdempotencyFilter.ReplayedHeader, out var replayed) && replayed.Single() == "true");
        Assert.Equal(SfoBoardState.Gone, (await world.BoardAsync(day)).Rows.Single(r => r.PupilId == world.SfoPupil).State);
    }

    [Fact]
    public async Task A_check_out_by_an_unlisted_person_takes_four_round_trips_and_a_board_read_four()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(15, 0));
        await world.EnrolAsync(world.SfoPupil, day.AddDays(-1));
        // Warm-up: caches (the municipality's time zone) and EF Core's compiled queries, through the same paths.
        await (await world.CheckInAsync(day, world.PupilA, reason: "Venter på foresatte")).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.PupilA, DepartureMethod.PickedUp, PickedUpByName: "Nabo", ConfirmUnlistedPickup: true)))
            .ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        await world.BoardAsync(day);
        await (await world.CheckInAsync(day, world.SfoPupil)).ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created);
        using var counter = new NpgsqlCommandCounter();

        var (checkOut, checkOutTrips) = await counter.CountAsync(world.SfoStaff, async client =>
            await (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.PickedUp, PickedUpByName: "Randi Hansen", ConfirmUnlistedPickup: true), client))
                .ReadAsync<SfoAttendanceResponse>(HttpStatusCode.Created));
        var (board, boardTrips) = await counter.CountAsync(world.SfoStaff, client => world.BoardAsync(day, client));

        // Check-out: the roster roles; the unit, the caller's roles there, the pupil's school, its last check-in and the guardians
        // to notify with their notification settings; the pickup plan with the authorized persons; the writes as one batch.
        Assert.True(checkOutTrips == 4, $"{checkOutTrips} round trips:\n{counter.Statements}");
        // Board: the roster roles; the unit with the caller's access; the expected children with the check-ins, check-outs,
        // handovers and alerts in one query; the pickup plans with the authorized persons.
        Assert.Equal(4, boardTrips);
        Assert.True(checkOut.UnlistedPickupConfirmed);
        var row = Assert.Single(board.Rows, r => r.PupilId == world.SfoPupil);
        Assert.Equal((SfoBoardState.Gone, "Randi Hansen"), (row.State, row.CheckOut!.PickedUpByName));
        Assert.Equal(SfoBoardState.Gone, Assert.Single(board.Rows, r => r.PupilId == world.PupilA).State);
    }

    [Fact]
    public async Task A_board_delta_after_a_check_out_takes_four_round_trips_and_one_with_nothing_published_since_two()
    {
        var world = await app.ArrangeSfoWorldAsync();
        var day = app.NextWeekday(new TimeOnly(15, 0));
        await app.EnrolAndCheckInAsync(world, day, world.SfoPupil, world.PupilA);
        // Warm-up: EF Core's compiled queries of the board, a delta with rows and an empty one.
        var board = await world.BoardAsync(day);
        await world.DeltaAsync(day, 0);
        await world.DeltaAsync(day, board.LastEventId);
        (await world.CheckOutAsync(day, new SfoCheckOutRequest(world.SfoPupil, DepartureMethod.WentHomeAlone))).EnsureSuccessStatusCode();
        await app.WaitUntilAllPublishedAsync();
        using var counter = new NpgsqlCommandCounter();

        var (delta, deltaTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, board.LastEventId, client));
        var (empty, emptyTrips) = await counter.CountAsync(world.SfoStaff, client => world.DeltaAsync(day, delta.LastEventId, client));

        // The roster roles; the unit with the caller's access, the event cursor and the children the events since name; their
        // rows (places, check-ins and check-outs, handovers, alerts) in one query; their pickup plans with the authorized persons.
        Assert.True(deltaTrips == 4, $"{deltaTrips} round trips:\n{counter.Statements}");
        var row = Assert.Single(delta.Rows);
        Assert.Equal((world.SfoPupil, SfoBoardState.Gone), (row.PupilId, row.State));
        // Nothing published since: the roster roles and the unit with the cursor (and no changed child) — no rows are read.
        Assert.Equal(2, emptyTrips);
        Assert.Empty(empty.Rows);
    }
}
