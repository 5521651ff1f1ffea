using System.Net;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Infrastructure.Realtime;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Processes;
using Meldebok.Server.Tests.Roster;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Realtime;
using Meldebok.Server.Tests.Sfo;
using Meldebok.Server.Web;
using Npgsql;

namespace Meldebok.Server.Tests.ScaleOut;

/// <summary>
/// Two server processes (replicas A and B) on one PostgreSQL database and one Redis behave as one server: live events
/// cross replicas, a cookie of one is accepted by the other, recurring jobs run once per occurrence, and a client whose
/// replica died catches up on the other.
/// </summary>
[Collection(ServerProcessesDefinition.Name)]
public sealed class ScaleOutTests(ProcessCluster cluster)
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>Today in Oslo by the real clock: the processes run on it.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Oslo).DateTime);

    [Fact]
    public async Task A_guardian_connected_to_replica_A_receives_live_a_check_out_made_on_replica_B()
    {
        cluster.RequireRedis();
        var people = await ArrangeAsync();
        await using var hub = await HubClient.ConnectAsync(cluster.A.BaseAddress, people.GuardianToken);

        using var staffOnB = cluster.B.Client(people.StaffToken);
        (await people.World.CheckInAsync(Today, people.World.PupilA, "Drill", staffOnB)).EnsureSuccessStatusCode();
        await hub.WaitForAsync(SfoEvents.ChildCheckedIn, "pupilId", people.World.PupilA);
        (await people.World.CheckOutAsync(Today, new SfoCheckOutRequest(people.World.PupilA, DepartureMethod.WentHomeAlone), staffOnB)).EnsureSuccessStatusCode();

        var checkedOut = await hub.WaitForAsync(SfoEvents.ChildCheckedOut, "pupilId", people.World.PupilA);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        hub.Drain();
        Assert.Equal(1, hub.Received.Count(e => e.Sequence == checkedOut.Sequence));
    }

    [Fact]
    public async Task A_sign_in_cookie_issued_by_replica_A_is_accepted_by_replica_B()
    {
        var people = await ArrangeAsync();
        var cookies = new CookieContainer();
        // The form comes from B and is posted to A: A accepts B's antiforgery token and issues the cookie.
        await ProcessSignIn.SignInWithFormAsync(cluster.B.BaseAddress, cluster.A.BaseAddress, people.GuardianUserName, cookies);
        var cookie = cookies.GetCookieHeader(cluster.A.BaseAddress);
        Assert.Contains("meldebok=", cookie, StringComparison.Ordinal);

        using var withCookie = cluster.B.Client();
        withCookie.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Contains("Logget inn som ", await withCookie.GetStringAsync(WebPaths.Home, TestContext.Current.CancellationToken));

        // The same request without the cookie, and with the cookie's protected payload altered, is anonymous on B.
        using var anonymous = cluster.B.Client();
        Assert.DoesNotContain("Logget inn som ", await anonymous.GetStringAsync(WebPaths.Home, TestContext.Current.CancellationToken));
        using var tampered = cluster.B.Client();
        tampered.DefaultRequestHeaders.Add("Cookie", cookie[..^4] + (cookie.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        Assert.DoesNotContain("Logget inn som ", await tampered.GetStringAsync(WebPaths.Home, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_recurring_job_scheduled_by_both_replicas_runs_once_per_occurrence()
    {
        await using var db = await Sql.OpenAsync(cluster.Arranger.Database);
        // Both replicas run a job server and both schedule the recurring jobs at start-up.
        Assert.True(await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM hangfire.server WHERE lastheartbeat > now() - interval '1 minute'") >= 2);

        // The minutely sweeper: wait for an occurrence scheduled while both run (at most a minute and the polling interval; on a
        // CI machine whose two cores also run the browser tests, replicas restarted just before may take longer to poll).
        var bothRunningSince = await Sql.ScalarAsync<long>(db, "SELECT coalesce(max(id), 0) FROM hangfire.job");
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (await OccurrencesAsync(db, bothRunningSince) is { Count: 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, "No occurrence of the minutely job bulk-fan-out was created within 150 s.\n" + cluster.Output);
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        // Give the replica that lost the race its polling intervals to (wrongly) enqueue the same occurrence.
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        var occurrences = await OccurrencesAsync(db, bothRunningSince);
        Assert.All(occurrences, o => Assert.True(o.Jobs == 1, $"The occurrence {o.Time} of bulk-fan-out was enqueued {o.Jobs} times.\n{cluster.Output}"));
        Assert.Equal(0, await Sql.ScalarAsync<long>(db, """
            SELECT count(*) FROM (
                SELECT r.value, t.value FROM hangfire.jobparameter r JOIN hangfire.jobparameter t ON t.jobid = r.jobid AND t.name = 'Time'
                WHERE r.name = 'RecurringJobId' GROUP BY r.value, t.value HAVING count(*) > 1) twice
            """));
    }

    [Fact]
    public async Task A_guardian_whose_replica_was_killed_catches_up_on_the_other_with_exactly_the_missed_events()
    {
        cluster.RequireRedis();
        var people = await ArrangeAsync();
        using var staffOnB = cluster.B.Client(people.StaffToken);
        await using var onA = await HubClient.ConnectAsync(cluster.A.BaseAddress, people.GuardianToken);
        // A witness: the same guardian, connected to B the whole time, sees live what the catch-up must return.
        await using var witness = await HubClient.ConnectAsync(cluster.B.BaseAddress, people.GuardianTokenOnB);
        (await people.World.CheckInAsync(Today, people.World.PupilA, "Drill", staffOnB)).EnsureSuccessStatusCode();
        var lastSeen = await onA.WaitForAsync(SfoEvents.ChildCheckedIn, "pupilId", people.World.PupilA);
        await witness.WaitForAsync(SfoEvents.ChildCheckedIn, "pupilId", people.World.PupilA);
        var witnessedBefore = witness.Received.Count;

        await cluster.A.KillAsync();
        try
        {
            // While the guardian is disconnected: the child is checked out, and another family's child is checked in.
            (await people.World.CheckOutAsync(Today, new SfoCheckOutRequest(people.World.PupilA, DepartureMethod.WentHomeAlone), staffOnB)).EnsureSuccessStatusCode();
            (await people.World.CheckInAsync(Today, people.World.PupilB, "Drill", staffOnB)).EnsureSuccessStatusCode();
            await witness.WaitForAsync(SfoEvents.ChildCheckedOut, "pupilId", people.World.PupilA);
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            witness.Drain();

            // Reconnected to B: what it missed, within its access, is what the connected witness got.
            using var guardianOnB = cluster.B.Client(people.GuardianTokenOnB);
            var missed = await guardianOnB.GetJsonAsync<RealtimeEventsResponse>($"/api/v1/events?after={lastSeen.Sequence}");
            Assert.Equal(witness.Received.Skip(witnessedBefore).Select(e => e.Sequence), missed.Items.Select(e => e.Sequence));
            Assert.Contains(missed.Items, e => e.Type == SfoEvents.ChildCheckedOut && PupilOf(e) == people.World.PupilA);
            Assert.DoesNotContain(missed.Items, e => PupilOf(e) == people.World.PupilB);
            Assert.All(missed.Items, e => Assert.True(e.Sequence > lastSeen.Sequence));
        }
        finally
        {
            await cluster.A.StartAsync();
        }
    }

    private static Guid? PupilOf(RealtimeEvent e) =>
        e.Data.TryGetProperty("pupilId", out var value) && value.TryGetGuid(out var id) ? id : null;

    /// <summary>
    /// Tokens are taken from the replica they are used on: a token's issuer is the address it was requested at, and A and B
    /// listen on different ports here (behind a load balancer every replica is reached at the same address).
    /// </summary>
    private sealed record People(SfoWorld World, string GuardianUserName, string GuardianToken, string GuardianTokenOnB, string StaffToken);

    /// <summary>An SFO world arranged in the shared database; the guardian of pupil A (on A and on B) and an SFO staff member (on B) signed in.</summary>
    private async Task<People> ArrangeAsync()
    {
        var arranger = cluster.Arranger;
        var world = await arranger.ArrangeSfoWorldAsync();
        var roster = world.Absence.Roster;
        var (_, staffAccount, _) = await arranger.StaffClientAsync(roster.Admin, roster.SchoolId, StaffRole.SfoStaff, roster.SfoGroup);
        var guardian = await arranger.SetPasswordAsync(await arranger.GuardianAccountIdAsync(roster.GuardianA));
        var staff = await arranger.SetPasswordAsync(staffAccount);
        return new People(world, guardian,
            await ProcessSignIn.AccessTokenAsync(cluster.A.BaseAddress, guardian),
            await ProcessSignIn.AccessTokenAsync(cluster.B.BaseAddress, guardian),
            await ProcessSignIn.AccessTokenAsync(cluster.B.BaseAddress, staff));
    }

    /// <summary>The occurrences (the scheduler's <c>Time</c> parameter) of the minutely bulk-fan-out enqueued after the job <paramref name="since"/>, with how many jobs each got.</summary>
    private static Task<List<(string Time, long Jobs)>> OccurrencesAsync(NpgsqlConnection db, long since) =>
        Sql.PairsAsync<string, long>(db, """
            SELECT t.value, count(*) FROM hangfire.job j
            JOIN hangfire.jobparameter r ON r.jobid = j.id AND r.name = 'RecurringJobId'
            JOIN hangfire.jobparameter t ON t.jobid = j.id AND t.name = 'Time'
            WHERE r.value = '"bulk-fan-out"' AND j.id > @since
            GROUP BY t.value
            """, ("since", since));
}
