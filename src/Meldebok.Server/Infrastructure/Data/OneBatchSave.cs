using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Data;

internal static class OneBatchSave
{
    /// <summary>
    /// Saves without EF Core's explicit BEGIN/COMMIT: the statements go to PostgreSQL as one batch ending in one Sync, which
    /// PostgreSQL runs as one implicit transaction — all rows or none, one round trip instead of two (each round trip is a
    /// costly socket send on a small machine; bench/morning-rush). Only for a save that is known to be a single batch (a
    /// handful of rows, far below the batch size).
    /// </summary>
    public static async Task SaveAsOneBatchAsync(this DbContext db, CancellationToken ct)
    {
        var before = db.Database.AutoTransactionBehavior;
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoTransactionBehavior = before;
        }
    }
}
