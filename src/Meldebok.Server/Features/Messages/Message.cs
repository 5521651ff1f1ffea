namespace Meldebok.Server.Features.Messages;

/// <summary>Whom a guardian's thread is addressed to, or that staff started it to guardians.</summary>
public enum ThreadAddressee
{
    /// <summary>Kontaktlærer(e) for barnets grupper.</summary>
    ContactTeacher,
    /// <summary>Skolekontoret (kontor og rektor).</summary>
    Office,
    /// <summary>SFO-personalet for barnets SFO-gruppe.</summary>
    Sfo,
    /// <summary>Started by staff to one or all guardians of the pupil.</summary>
    Guardians,
    /// <summary>A guardian's private reply to a bulk message, to its sender only.</summary>
    BulkReply,
}

/// <summary>
/// A conversation (tråd) about one pupil between guardians and staff. Its participants are fixed persons, resolved
/// from the roster when it starts (a thread to "the office" has the school's office staff and principal as
/// participants); only participants read it or write to it, and a guardian only while the link to the pupil allows it.
/// </summary>
internal sealed class MessageThread
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid SchoolId { get; init; }
    public Guid PupilId { get; init; }
    public required string Subject { get; init; }
    public ThreadAddressee Addressee { get; init; }
    /// <summary>The bulk message this thread answers (<see cref="ThreadAddressee.BulkReply"/>).</summary>
    public Guid? BulkMessageId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastMessageAt { get; set; }
}

/// <summary>A person in a thread: exactly one of guardian, staff member or administrator.</summary>
internal sealed class ThreadParticipant
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ThreadId { get; init; }
    public Guid? GuardianId { get; init; }
    public Guid? StaffId { get; init; }
    public Guid? AdministratorId { get; init; }
    /// <summary>When the participant last read the thread; every message sent before it counts as read by them.</summary>
    public DateTimeOffset? LastReadAt { get; set; }
}

/// <summary>One message in a thread.</summary>
internal sealed class ThreadMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ThreadId { get; init; }
    public Guid AuthorParticipantId { get; init; }
    public required string Body { get; init; }
    public bool Urgent { get; init; }
    public DateTimeOffset SentAt { get; init; }
}

/// <summary>What a bulk message goes to.</summary>
public enum BulkTargetKind
{
    /// <summary>One or more groups (classes, basis groups, SFO groups).</summary>
    Groups,
    /// <summary>Every pupil in the SFO unit's groups.</summary>
    SfoUnit,
    /// <summary>Every pupil of the school.</summary>
    School,
    /// <summary>Every pupil of the municipality (administrators only).</summary>
    Municipality,
}

/// <summary>Where a bulk message is on its way out.</summary>
public enum BulkMessageState
{
    /// <summary>Waiting for its scheduled time (<c>sendAt</c>); it may be edited or cancelled until then.</summary>
    Scheduled,
    /// <summary>Sent, in the undo window: the fan-out starts when the window ends; it may be cancelled until then.</summary>
    Queued,
    /// <summary>The fan-out is storing the recipients' copies.</summary>
    Sending,
    /// <summary>Every recipient's copy is stored.</summary>
    Sent,
    /// <summary>Cancelled by its sender before it went out: nobody received it.</summary>
    Cancelled,
}

/// <summary>
/// A message to many families at once (beskjed). Its recipients are the guardians who reach a pupil in the target,
/// resolved from the roster when it is sent and stored one row each; each recipient reads it alone, and a reply
/// goes privately to the sender in a thread of its own, never to the others.
/// </summary>
internal sealed class BulkMessage
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid? SenderStaffId { get; init; }
    public Guid? SenderAdministratorId { get; init; }
    /// <summary>The school the sender wrote from (null for a municipality-wide message).</summary>
    public Guid? SchoolId { get; init; }
    public BulkTargetKind TargetKind { get; init; }
    /// <summary>The groups, the SFO unit or the school the message went to (empty for the municipality).</summary>
    public Guid[] TargetIds { get; init; } = [];
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public bool Urgent { get; set; }
    /// <summary>When the sender pressed "send" (or last edited a scheduled message).</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it goes out: the end of the undo window, or the scheduled time. The fan-out starts then.</summary>
    public DateTimeOffset SentAt { get; set; }
    public BulkMessageState State { get; set; } = BulkMessageState.Sent;
    /// <summary>Recipients resolved from the roster by the fan-out (0 until then).</summary>
    public int RecipientCount { get; set; }
    /// <summary>Recipients whose copy is stored; equals <see cref="RecipientCount"/> when sent.</summary>
    public int StoredCount { get; set; }
    /// <summary>When a fan-out worker took the message; a claim older than the timeout is taken over (a worker that died).</summary>
    public DateTimeOffset? FanOutClaimedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>One guardian's copy of a bulk message: delivered when stored, read when the guardian opens it.</summary>
internal sealed class BulkMessageRecipient
{
    public Guid BulkMessageId { get; init; }
    public Guid GuardianId { get; init; }
    /// <summary>A child of the guardian in the target (the first by name), whom a reply is about.</summary>
    public Guid PupilId { get; init; }
    public DateTimeOffset DeliveredAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? RemindedAt { get; set; }
}
