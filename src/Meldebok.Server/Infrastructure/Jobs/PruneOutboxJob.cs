using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Infrastructure.Jobs;

/// <summary>
/// Daily: deletes published outbox events older than <see cref="RealtimeOptions.EventRetentionDays"/> and
/// expired idempotency records. The newest published event is always kept, so that sequences continue
/// from it (they are max + 1) and never restart below what clients have seen.
/// </summary>
internal sealed class PruneOutboxJob(MeldebokDbContext db, IOptions<RealtimeOptions> options, TimeProvider time)
{
    public const string Id = "prune-outbox-and-idempotency";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var threshold = now.AddDays(-options.Value.EventRetentionDays);
        var newest = await db.OutboxEvents.MaxAsync(e => e.Sequence, cancellationToken);
        await db.OutboxEvents
            .Where(e => e.PublishedAt != null && e.PublishedAt < threshold && e.Sequence < newest)
            .ExecuteDeleteAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
