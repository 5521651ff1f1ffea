using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Infrastructure.LocalPostgres;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Meldebok.Server.Tests.Drills;

/// <summary>
/// Fault drill: PostgreSQL is restarted (<c>pg_ctl stop -m fast</c>, then started again on the same data and port) while
/// guardians' absence reports stream in with Idempotency-Keys. A PostgreSQL cluster of the drill's own, so that the test
/// run's shared one is never disturbed.
/// </summary>
[Collection(ServerProcessesDefinition.Name)]
public sealed class PostgresRestartDrillTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Reports = 40;
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(3);
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private readonly string directory = Path.Combine(Path.GetTempPath(), "meldebok-pg-drill-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalPostgresCluster database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        database = LocalPostgresCluster.Start(Path.Combine(directory, "data"), NullLogger.Instance, durable: false);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Absence_reports_retried_with_their_keys_through_a_PostgreSQL_restart_are_all_committed_once_and_the_server_recovers_within_10_s()
    {
        await using (var admin = await Sql.OpenAsync(database.ConnectionString()))
        {
            await Sql.ExecuteAsync(admin, "CREATE DATABASE meldebok");
        }

        var connectionString = database.ConnectionString("meldebok");
        var settings = ProcessSettings.Common(connectionString);
        await ServerProcess.RunVerbAsync(settings, "migrate");
        await using var arranger = new ProcessArranger(postgres, connectionString);
        await arranger.InitializeAsync();
        var world = await arranger.ArrangeAbsenceWorldAsync();
        var userName = await arranger.SetPasswordAsync(await arranger.GuardianAccountIdAsync(world.Roster.GuardianA));
        await using var server = new ServerProcess("server", settings);
        await server.StartAsync();
        using var guardian = server.Client(await ProcessSignIn.AccessTokenAsync(server.BaseAddress, userName));

        var day = SchoolDay();
        var committed = 0;
        var errors = new ConcurrentBag<(HttpStatusCode Status, string? ContentType, TimeSpan Took)>();
        var noticeIds = new ConcurrentBag<Guid>();
        // Two guardians' phones worth of reports: each report is retried with its own key until it is accepted.
        var stream = Parallel.ForAsync(0, Reports, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = Ct }, async (_, ct) =>
        {
            var key = Guid.NewGuid().ToString();
            var request = AbsenceArrange.Notice(world.PupilA, day);
            // Paced like people, so that the stream runs on through the restart.
            await Task.Delay(150, ct);
            while (true)
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, AbsenceArrange.Absences) { Content = JsonContent.Create(request) };
                message.Headers.Add("Idempotency-Key", key);
                var took = Stopwatch.StartNew();
                using var response = await guardian.SendAsync(message, ct);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    noticeIds.Add((await response.Content.ReadFromJsonAsync<AbsenceNoticeResponse>(HttpAssertions.Json, ct))!.Id);
                    Interlocked.Increment(ref committed);
                    return;
                }

                errors.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, took.Elapsed));
                Assert.True((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.Conflict,
                    $"A report answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                await Task.Delay(200, ct);
            }
        });

        while (Volatile.Read(ref committed) < 5 && !stream.IsCompleted)
        {
            await Task.Delay(10, Ct);
        }

        if (stream.IsCompleted)
        {
            await stream;
            Assert.Fail("The stream ended before PostgreSQL was stopped.");
        }

        database.Stop();
        var downSince = Stopwatch.StartNew();
        using var probe = server.Client();
        var readinessWhileDown = (await probe.GetAsync("/health/ready", Ct)).StatusCode;
        await Task.Delay(Downtime - downSince.Elapsed, Ct);
        database = LocalPostgresCluster.Start(database.DataDirectory, NullLogger.Instance, durable: false, port: database.Port);
        var recovery = await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

        await stream.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"PostgreSQL restart drill: ready {recovery.TotalMilliseconds:0} ms after PostgreSQL was back; {errors.Count} retryable errors.");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readinessWhileDown);
        Assert.True(recovery <= TimeSpan.FromSeconds(10), $"The server was ready {recovery.TotalSeconds:0.0} s after PostgreSQL was back.\n{server.Output}");

        // Clients saw errors they could retry, as ProblemDetails and at once, not hanging requests.
        Assert.Contains(errors, e => (int)e.Status >= 500);
        Assert.All(errors, e => Assert.Equal("application/problem+json", e.ContentType));
        Assert.All(errors, e => Assert.True(e.Took < TimeSpan.FromSeconds(10), $"A failing request took {e.Took.TotalSeconds:0.0} s."));

        // Every report committed exactly once.
        Assert.Equal(Reports, noticeIds.Distinct().Count());
        await using var db = await Sql.OpenAsync(connectionString);
        var stored = await Sql.PairsAsync<Guid, DateOnly>(db, "SELECT id, first_date FROM absence_notices WHERE pupil_id = @pupil", ("pupil", world.PupilA));
        Assert.Equal(noticeIds.Order(), stored.Select(s => s.Item1).Order());
    }

    /// <summary>Today in Oslo if it is a weekday, else the Monday after.</summary>
    private static DateOnly SchoolDay()
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Oslo).DateTime);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        database.Stop();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
