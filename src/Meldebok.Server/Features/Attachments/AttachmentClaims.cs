using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Attachments;

/// <summary>
/// Attaching uploads to what they are sent with, and listing what a message or request carries. Used by the message and
/// consent services inside their own unit of work, so an attachment belongs to a message exactly when the message is saved.
/// </summary>
internal sealed class AttachmentClaims(MeldebokDbContext db, AccessScope scope, TimeProvider time)
{
    /// <summary>
    /// Makes the caller's pending uploads <paramref name="ids"/> belong to <paramref name="owner"/> (saved with the caller's
    /// next SaveChanges). 400 <c>attachmentIds</c> for more than <see cref="AttachmentLimits.PerMessage"/>, or for an id
    /// that is unknown, already sent, or uploaded by someone else (which of these is not told).
    /// </summary>
    public async Task ClaimAsync(IReadOnlyList<Guid>? ids, AttachmentOwner owner, CancellationToken ct)
    {
        if (ids is not { Count: > 0 })
        {
            return;
        }

        var wanted = ids.Distinct().ToList();
        if (wanted.Count > AttachmentLimits.PerMessage)
        {
            throw new FieldValidationException("attachmentIds", AttachmentTexts.TooMany);
        }

        var accountId = scope.User?.AccountId();
        var pending = await db.Attachments
            .Where(a => wanted.Contains(a.Id) && a.UploadedByAccountId == accountId && a.ClaimedAt == null)
            .ToListAsync(ct);
        if (accountId is null || pending.Count != wanted.Count)
        {
            throw new FieldValidationException("attachmentIds", AttachmentTexts.NotYours);
        }

        var now = time.GetUtcNow();
        foreach (var attachment in pending)
        {
            attachment.ClaimFor(owner, now);
        }
    }

    /// <summary>
    /// Makes the attachments of <paramref name="owner"/> exactly <paramref name="ids"/> (saved with the caller's next
    /// SaveChanges): those it has and are named stay, the caller's pending uploads among the rest are claimed by the same rules
    /// as <see cref="ClaimAsync"/>, and those left out are released (<see cref="Attachment.Release"/>).
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyList<Guid> ids, AttachmentOwner owner, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count > AttachmentLimits.PerMessage)
        {
            throw new FieldValidationException("attachmentIds", AttachmentTexts.TooMany);
        }

        var current = await OwnedBy(owner.Kind, [owner.Id]).ToListAsync(ct);
        foreach (var removed in current.Where(a => !wanted.Contains(a.Id)))
        {
            removed.Release();
        }

        await ClaimAsync([.. wanted.Except(current.Select(a => a.Id))], owner, ct);
    }

    private IQueryable<Attachment> OwnedBy(AttachmentOwnerKind kind, IReadOnlyCollection<Guid> ownerIds) => kind switch
    {
        AttachmentOwnerKind.ThreadMessage => db.Attachments.Where(a => a.ThreadMessageId != null && ownerIds.Contains(a.ThreadMessageId.Value)),
        AttachmentOwnerKind.BulkMessage => db.Attachments.Where(a => a.BulkMessageId != null && ownerIds.Contains(a.BulkMessageId.Value)),
        _ => db.Attachments.Where(a => a.ConsentRequestId != null && ownerIds.Contains(a.ConsentRequestId.Value)),
    };

    /// <summary>The attachments of each of <paramref name="ownerIds"/> (messages or requests of one kind), in the order they were attached.</summary>
    public async Task<ILookup<Guid, AttachmentResponse>> OfAsync(AttachmentOwnerKind kind, IReadOnlyCollection<Guid> ownerIds, CancellationToken ct)
    {
        if (ownerIds.Count == 0)
        {
            return Array.Empty<Attachment>().ToLookup(a => a.Id, Response);
        }

        var rows = await OwnedBy(kind, ownerIds).AsNoTracking().OrderBy(a => a.UploadedAt).ThenBy(a => a.Id).ToListAsync(ct);
        return rows.ToLookup(a => (a.ThreadMessageId ?? a.BulkMessageId ?? a.ConsentRequestId)!.Value, Response);
    }

    public static AttachmentResponse Response(Attachment a) => new(a.Id, a.FileName, a.SizeBytes, a.ContentType, a.ScanStatus);
}
