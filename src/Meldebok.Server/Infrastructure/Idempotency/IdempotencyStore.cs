using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Idempotency;

/// <summary>
/// The <c>idempotency_records</c> rows of one request. Every statement commits on its own, outside the
/// endpoint's unit of work: the claim must be visible to concurrent retries before the endpoint runs.
/// </summary>
internal sealed class IdempotencyStore(MeldebokDbContext db, TimeProvider time, IOptions<IdempotencyOptions> options)
{
    /// <summary>Claims the key for this request; false when a record for it already exists.</summary>
    public async Task<bool> TryClaimAsync(string caller, string key, string method, string path, string requestHash)
    {
        var now = time.GetUtcNow();
        var expires = now.AddHours(options.Value.ExpiryHours);
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

    public Task CompleteAsync(string caller, string key, int status, string? contentType, string? location, byte[] body)
    {
        var now = time.GetUtcNow();
        return db.IdempotencyRecords.Where(r => r.Caller == caller && r.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.ResponseStatus, status)
            .SetProperty(r => r.ResponseContentType, contentType)
            .SetProperty(r => r.ResponseLocation, location)
            .SetProperty(r => r.ResponseBody, body)
            .SetProperty(r => r.CompletedAt, now));
    }

    /// <summary>Forgets a request that failed, so that the client may retry with the same key.</summary>
    public Task ReleaseAsync(string caller, string key) =>
        db.IdempotencyRecords.Where(r => r.Caller == caller && r.Key == key && r.ResponseStatus == null).ExecuteDeleteAsync();
}
