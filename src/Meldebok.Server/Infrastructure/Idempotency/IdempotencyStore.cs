using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Idempotency;

/// <summary>
/// The <c>idempotency_records</c> rows of one request. On the three-step path every statement commits on its own, outside
/// the endpoint's unit of work: the claim must be visible to concurrent retries before the endpoint runs. The one-transaction
/// path (<see cref="UnitOfWork"/>) claims and completes inside the endpoint's transaction instead.
/// </summary>
internal sealed class IdempotencyStore(
    MeldebokDbContext db, TimeProvider time, IOptions<IdempotencyOptions> options, OutboxSignal outbox, AfterCommit afterCommit,
    ILogger<IdempotentUnitOfWork> logger)
{
    /// <summary>A transaction on the request's DbContext for the claim, the endpoint's change and the stored response.</summary>
    public IdempotentUnitOfWork UnitOfWork() => new(db, outbox, afterCommit, time, logger);

    /// <summary>When a key claimed now expires.</summary>
    public DateTimeOffset ExpiresAt() => time.GetUtcNow().AddHours(options.Value.ExpiryHours);

    /// <summary>Claims the key for this request; false when a record for it already exists.</summary>
    public async Task<bool> TryClaimAsync(string caller, string key, string method, string path, string requestHash)
    {
        var now = time.GetUtcNow();
        var expires = ExpiresAt();
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_records (caller, key, method, path, request_hash, created_at, expires_at)
            VALUES ({caller}, {key}, {method}, {path}, {requestHash}, {now}, {expires})
            ON CONFLICT (caller, key) DO NOTHING
            """);
        return inserted == 1;
    }

    public Task<IdempotencyRecord?> FindAsync(string caller, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Caller == caller && r.Key == key, ct);

    /// <summary>Removes the record if it expired, so that the key can be claimed again.</summary>
    public async Task<bool> RemoveIfExpiredAsync(string caller, string key)
    {
        var now = time.GetUtcNow();
        return await db.IdempotencyRecords.Where(r => r.Caller == caller && r.Key == key && r.ExpiresAt <= now).ExecuteDeleteAsync() > 0;
    }

    public Task CompleteAsync(string caller, string key, StoredOutcome outcome)
    {
        var now = time.GetUtcNow();
        return db.IdempotencyRecords.Where(r => r.Caller == caller && r.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.ResponseStatus, outcome.Status)
            .SetProperty(r => r.ResponseContentType, outcome.ContentType)
            .SetProperty(r => r.ResponseLocation, outcome.Location)
            .SetProperty(r => r.ResponseBody, outcome.Body)
            .SetProperty(r => r.CompletedAt, now));
    }

    /// <summary>Forgets a request that failed, so that the client may retry with the same key.</summary>
    public Task ReleaseAsync(string caller, string key) =>
        db.IdempotencyRecords.Where(r => r.Caller == caller && r.Key == key && r.ResponseStatus == null).ExecuteDeleteAsync();
}
