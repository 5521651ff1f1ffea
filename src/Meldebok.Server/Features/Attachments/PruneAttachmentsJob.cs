using Meldebok.Server.Infrastructure.Blobs;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meldebok.Server.Features.Attachments;

/// <summary>
/// Hourly: deletes uploads that have stayed pending (never attached to a message or request) for longer than
/// <see cref="AttachmentOptions.PendingHours"/> — the row first, only while it is still pending, then its blob, so an
/// upload attached at the same moment is never lost.
/// </summary>
internal sealed class PruneAttachmentsJob(MeldebokDbContext db, IBlobStore blobs, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<PruneAttachmentsJob> logger)
{
    public const string Id = "prune-pending-attachments";
    private const int BatchSize = 500;

    /// <summary>Deletes the expired pending uploads and returns how many were deleted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var threshold = time.GetUtcNow().AddHours(-options.Value.PendingHours);
        var deleted = 0;
        while (true)
        {
            var expired = await db.Attachments.AsNoTracking()
                .Where(a => a.ClaimedAt == null && a.UploadedAt < threshold)
                .OrderBy(a => a.UploadedAt).Take(BatchSize)
                .Select(a => new { a.Id, a.BlobKey })
                .ToListAsync(cancellationToken);
            foreach (var attachment in expired)
            {
                if (await db.Attachments.Where(a => a.Id == attachment.Id && a.ClaimedAt == null).ExecuteDeleteAsync(cancellationToken) == 1)
                {
                    await blobs.DeleteAsync(attachment.BlobKey, cancellationToken);
                    deleted++;
                }
            }

            if (expired.Count < BatchSize)
            {
                break;
            }
        }

        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} pending attachments older than {Hours} hours", deleted, options.Value.PendingHours);
        }

        return deleted;
    }
}
