namespace Meldebok.Server.Features.Attachments;

/// <summary>What the virus-scan hook said about an attachment before it became available.</summary>
public enum AttachmentScanStatus
{
    /// <summary>No scanner is configured (the default <see cref="NoAttachmentScanner"/>).</summary>
    NotScanned,
    /// <summary>A scanner looked at the file and found nothing.</summary>
    Clean,
}

/// <summary>
/// A file attached to a thread message, a bulk message or a consent request. It is uploaded first and is then
/// <em>pending</em>: only its uploader sees it, and only its uploader can attach it. Sending a message or request that names
/// it makes it belong to that message or request for good (exactly one of the owner ids is set, with <see cref="ClaimedAt"/>);
/// from then on it is readable by whoever may read the owner. Pending uploads are deleted after a day by
/// <see cref="PruneAttachmentsJob"/>. The content is in the blob store under <see cref="BlobKey"/>, never in the database.
/// </summary>
internal sealed class Attachment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The sign-in account that uploaded it.</summary>
    public Guid UploadedByAccountId { get; init; }
    /// <summary>The sanitised file name shown and used for downloads (no path, at most 200 characters).</summary>
    public required string FileName { get; init; }
    /// <summary>The media type found by looking at the content, never the one the client declared.</summary>
    public required string ContentType { get; init; }
    public long SizeBytes { get; init; }
    /// <summary>Hex SHA-256 of the content.</summary>
    public required string Sha256 { get; init; }
    public required string BlobKey { get; init; }
    public AttachmentScanStatus ScanStatus { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    /// <summary>When it was attached to its owner; null while pending. A concurrency token: an upload is claimed once.</summary>
    public DateTimeOffset? ClaimedAt { get; private set; }
    public Guid? ThreadMessageId { get; private set; }
    public Guid? BulkMessageId { get; private set; }
    public Guid? ConsentRequestId { get; private set; }

    /// <summary>Makes the pending upload belong to <paramref name="owner"/>.</summary>
    public void ClaimFor(AttachmentOwner owner, DateTimeOffset now)
    {
        ClaimedAt = now;
        ThreadMessageId = owner.Kind == AttachmentOwnerKind.ThreadMessage ? owner.Id : null;
        BulkMessageId = owner.Kind == AttachmentOwnerKind.BulkMessage ? owner.Id : null;
        ConsentRequestId = owner.Kind == AttachmentOwnerKind.ConsentRequest ? owner.Id : null;
    }

    /// <summary>
    /// Takes the attachment off a message that has not gone out (its sender removed it): pending again, its uploader's alone,
    /// and deleted with the other pending uploads once <c>Attachments:PendingHours</c> have passed since it was uploaded.
    /// </summary>
    public void Release()
    {
        ClaimedAt = null;
        ThreadMessageId = null;
        BulkMessageId = null;
        ConsentRequestId = null;
    }
}

/// <summary>What attachments can belong to.</summary>
internal enum AttachmentOwnerKind
{
    ThreadMessage,
    BulkMessage,
    ConsentRequest,
}

/// <summary>The message or request an attachment belongs to.</summary>
internal readonly record struct AttachmentOwner(AttachmentOwnerKind Kind, Guid Id)
{
    public static AttachmentOwner ThreadMessage(Guid id) => new(AttachmentOwnerKind.ThreadMessage, id);
    public static AttachmentOwner BulkMessage(Guid id) => new(AttachmentOwnerKind.BulkMessage, id);
    public static AttachmentOwner ConsentRequest(Guid id) => new(AttachmentOwnerKind.ConsentRequest, id);
}
