using System.Globalization;
using System.Net;
using Meldebok.Server.Features.Absence;
using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Meldebok.Server.Tests.Absence.AbsenceArrange;

namespace Meldebok.Server.Tests.Idempotency;

/// <summary>
/// The absence report claims its key, saves the notice and stores its response in one transaction
/// (<see cref="IdempotentUnitOfWork"/>): a failure before the commit leaves neither the notice nor the key, a concurrent retry
/// waits for the first and gets its answer, and a retry after success gets the stored response.
/// </summary>
public sealed class OneTransactionIdempotencyTests(FailingWritesApp app) : IClassFixture<FailingWritesApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IdempotencyFilter.ReplayedHeader, out var values) && values.Single() == "true";

    private Task<int> NoticesAsync(Guid pupilId, DateOnly firstDate) =>
        app.WithDbAsync(db => db.AbsenceNotices.CountAsync(n => n.PupilId == pupilId && n.FirstDate == firstDate, Ct));

    private Task<bool> KeyStoredAsync(string key) => app.WithDbAsync(db => db.IdempotencyRecords.AnyAsync(r => r.Key == key, Ct));

    [Fact]
    public async Task A_failure_after_the_notice_is_saved_but_before_the_commit_leaves_no_notice_and_no_key_and_a_retry_creates_one()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var request = Notice(world.PupilA, app.Today().AddDays(3));
        var key = Guid.NewGuid().ToString();
        // The statement after the notice's save: the stored response with the commit.
        app.Failures.Fail("UPDATE idempotency_records", times: 1);

        var failed = await world.GuardianA.ReportWithKeyAsync(request, key);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, app.Failures.Remaining("UPDATE idempotency_records"));
        Assert.Equal(0, await NoticesAsync(world.PupilA, request.FirstDate!.Value));
        Assert.False(await KeyStoredAsync(key));

        var retry = await world.GuardianA.ReportWithKeyAsync(request, key);
        var notice = await retry.ReadAsync<AbsenceNoticeResponse>(HttpStatusCode.Created);
        Assert.False(Replayed(retry));
        var again = await world.GuardianA.ReportWithKeyAsync(request, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(Replayed(again));
        Assert.Equal(retry.Headers.Location, again.Headers.Location);
        Assert.Equal(notice.Id, (await again.ReadAsync<AbsenceNoticeResponse>(HttpStatusCode.Created)).Id);
        Assert.Equal(1, await NoticesAsync(world.PupilA, request.FirstDate!.Value));
    }

    [Fact]
    public async Task Twenty_concurrent_reports_with_one_key_create_one_notice_and_all_get_the_same_answer()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var request = Notice(world.PupilA, app.Today().AddDays(4), toSfo: true);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => world.GuardianA.ReportWithKeyAsync(request, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(Ct)));
        Assert.Single(bodies.Distinct());
        Assert.Equal(19, responses.Count(Replayed));
        Assert.Equal(1, await NoticesAsync(world.PupilA, request.FirstDate!.Value));
        // The other body with the same key is still refused.
        var other = await world.GuardianA.ReportWithKeyAsync(request with { LastDate = request.FirstDate!.Value.AddDays(1) }, key);
        await other.ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_retry_waits_for_an_uncommitted_claim_of_its_key_and_answers_409_when_it_outlasts_the_wait()
    {
        var world = await app.ArrangeAbsenceWorldAsync();
        var request = Notice(world.PupilA, app.Today().AddDays(5));
        var key = Guid.NewGuid().ToString();
        var caller = "account:" + (await app.GuardianAccountIdAsync(world.Roster.GuardianA)).ToString("D", CultureInfo.InvariantCulture);
        var now = app.Time.GetUtcNow();

        // As if the first request were still running: its claim is inserted and not committed.
        var answer = await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO idempotency_records (caller, key, method, path, request_hash, created_at, expires_at)
                VALUES ({caller}, {key}, 'POST', '/api/v1/absences', 'pågår', {now}, {now.AddHours(1)})
                """, Ct);
            var started = DateTime.UtcNow;
            var response = await world.GuardianA.ReportWithKeyAsync(request, key);
            var waited = DateTime.UtcNow - started;
            await transaction.RollbackAsync(Ct);
            return (response, waited);
        });

        var problem = await answer.response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("behandles fortsatt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(answer.waited >= TimeSpan.FromSeconds(2.5), $"The retry answered after {answer.waited.TotalSeconds:0.0} s, without waiting for the claim.");
        Assert.Equal(0, await NoticesAsync(world.PupilA, request.FirstDate!.Value));
        // The first one rolled back: the key is free again.
        await (await world.GuardianA.ReportWithKeyAsync(request, key)).ReadAsync<AbsenceNoticeResponse>(HttpStatusCode.Created);
        Assert.Equal(1, await NoticesAsync(world.PupilA, request.FirstDate!.Value));
    }
}
