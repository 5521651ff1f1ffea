using Meldebok.Server.Infrastructure.Idempotency;
using Meldebok.Server.Infrastructure.Jobs;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meldebok.Server.Tests.Jobs;

/// <summary>The daily retention job: published events older than seven days go, except the newest; expired idempotency keys go.</summary>
public sealed class PruneOutboxJobTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prune_removes_old_published_events_but_keeps_the_newest_and_removes_expired_keys()
    {
        var now = app.Time.GetUtcNow();
        await AddEventAsync(1, now.AddDays(-9));
        await AddEventAsync(2, now.AddDays(-8));
        await app.WithDbAsync(async db =>
        {
            db.IdempotencyRecords.AddRange(Record("expired", now.AddMinutes(-1)), Record("current", now.AddHours(1)));
            return await db.SaveChangesAsync(Ct);
        });

        await RunJobAsync();
        // The newest event stays however old it is, so that the next sequence continues after it.
        Assert.Equal([2L], await SequencesAsync());
        Assert.Equal(["current"], await app.WithDbAsync(db => db.IdempotencyRecords.Select(r => r.Key).ToListAsync(Ct)));

        await AddEventAsync(3, now.AddDays(-6));
        await RunJobAsync();
        Assert.Equal([3L], await SequencesAsync());
    }

    private Task<List<long>> SequencesAsync() =>
        app.WithDbAsync(db => db.OutboxEvents.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync(Ct));

    private Task<int> AddEventAsync(long sequence, DateTimeOffset publishedAt) => app.WithDbAsync(async db =>
    {
        db.OutboxEvents.Add(new OutboxEvent
        {
            Type = "test.event", Audiences = ["account:x"], Payload = "{}", CreatedAt = publishedAt, Sequence = sequence, PublishedAt = publishedAt,
        });
        return await db.SaveChangesAsync(Ct);
    });

    private static IdempotencyRecord Record(string key, DateTimeOffset expiresAt) => new()
    {
        Caller = "account:test", Key = key, Method = "POST", Path = "/api/v1/admin/schools", RequestHash = new string('0', 64),
        CreatedAt = expiresAt.AddHours(-24), ExpiresAt = expiresAt,
    };

    private async Task RunJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PruneOutboxJob>().RunAsync(Ct);
    }
}
