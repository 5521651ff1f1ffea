using Meldebok.Server.Features.Messages;

namespace Meldebok.Server.Features.Consents;

/// <summary>What a consent is for.</summary>
public enum ConsentKind
{
    /// <summary>One event on one date (a trip); cannot be withdrawn after the event.</summary>
    OneTime,
    /// <summary>Valid for a period (photo publication); may be withdrawn at any time within the period.</summary>
    Standing,
}

/// <summary>What a consent is used for; other features read the standing consents of the two special purposes.</summary>
public enum ConsentPurpose
{
    /// <summary>Any other consent (a trip, an activity).</summary>
    General,
    /// <summary>Sharing the answering guardian's own contact details (name, e-mail, mobile) in the child's class lists. Standing only.</summary>
    ContactSharing,
    /// <summary>Publishing photos of the pupil; its state shows for staff on the pupil and in class lists. Standing only.</summary>
    PhotoPublication,
}

/// <summary>Whose yes makes a pupil's consent given.</summary>
public enum ConsentRule
{
    /// <summary>One guardian with parental responsibility suffices.</summary>
    AnyGuardian,
    /// <summary>Every guardian with parental responsibility must say yes.</summary>
    AllWithParentalResponsibility,
}

/// <summary>A guardian's answer.</summary>
public enum ConsentChoice
{
    /// <summary>Samtykker.</summary>
    Yes,
    /// <summary>Samtykker ikke.</summary>
    No,
    /// <summary>Trekker samtykket tilbake.</summary>
    Withdrawn,
}

/// <summary>The derived state of a pupil's consent.</summary>
public enum ConsentStatus
{
    /// <summary>Samtykke gitt.</summary>
    Given,
    /// <summary>Ikke samtykket (a no or a withdrawal).</summary>
    Refused,
    /// <summary>Venter på svar; after the deadline it counts as not consented.</summary>
    Pending,
}

/// <summary>
/// A consent request (samtykkeforespørsel) from staff to the guardians of the pupils in a target. The pupils are resolved
/// from the roster when it is created and kept (<see cref="ConsentRequestPupil"/>), so the evidence does not move with
/// later roster changes. A request is open for answers until its deadline or until staff close it early; a standing consent
/// can be withdrawn within its validity also after that.
/// </summary>
internal sealed class ConsentRequest
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    /// <summary>The school of the target (null when groups of several schools were chosen).</summary>
    public Guid? SchoolId { get; init; }
    public Guid CreatedByStaffId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public ConsentKind Kind { get; init; }
    /// <summary>What the consent is used for; ContactSharing and PhotoPublication are standing consents only.</summary>
    public ConsentPurpose Purpose { get; init; }
    /// <summary>The day of the event (<see cref="ConsentKind.OneTime"/>).</summary>
    public DateOnly? EventDate { get; init; }
    /// <summary>The first day of validity (<see cref="ConsentKind.Standing"/>).</summary>
    public DateOnly? ValidFrom { get; init; }
    /// <summary>The last day of validity (<see cref="ConsentKind.Standing"/>).</summary>
    public DateOnly? ValidUntil { get; init; }
    public ConsentRule Rule { get; init; }
    public DateTimeOffset Deadline { get; init; }
    public BulkTargetKind TargetKind { get; init; }
    /// <summary>The groups, the SFO unit or the school the request went to.</summary>
    public Guid[] TargetIds { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the automatic reminder before the deadline went out; it goes out once.</summary>
    public DateTimeOffset? AutomaticReminderSentAt { get; set; }
    /// <summary>When staff closed the request before its deadline; answers then close as at the deadline, and no reminder goes out.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>Who closed it early.</summary>
    public Guid? ClosedByStaffId { get; init; }
    /// <summary>Why it was closed early (shown to staff and guardians and written in the evidence).</summary>
    public string? ClosedReason { get; init; }
    /// <summary>
    /// Set with the closing: the source of the notifications that tell the guardians about it (the request's own id is the
    /// source of its first notifications, and a source notifies each person once per channel).
    /// </summary>
    public Guid? ClosedNoticeId { get; init; }

    /// <summary>Whether answers may still be given or changed at <paramref name="now"/>: before the deadline and not closed early.</summary>
    public bool IsOpenAt(DateTimeOffset now) => now < Deadline && ClosedAt is null;
}

/// <summary>A pupil a consent request concerns, fixed when the request is created.</summary>
internal sealed class ConsentRequestPupil
{
    public Guid RequestId { get; init; }
    public Guid PupilId { get; init; }
}

/// <summary>
/// One answer by one guardian for one child. Immutable and append-only (the database refuses UPDATE and DELETE): a changed
/// answer is a new row, and the current answer is the latest row per request, pupil and guardian.
/// </summary>
internal sealed class ConsentAnswer
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The order in which answers were stored (database identity): the latest wins even when two share a time.</summary>
    public long Sequence { get; init; }
    public Guid RequestId { get; init; }
    public Guid PupilId { get; init; }
    public Guid GuardianId { get; init; }
    public ConsentChoice Choice { get; init; }
    public DateTimeOffset AnsweredAt { get; init; }
    /// <summary>How the guardian's session was signed in: <c>idporten</c>, <c>feide</c>, <c>local</c>, or <c>api</c> when the token does not say.</summary>
    public required string SignInMethod { get; init; }
}

/// <summary>A reminder to the guardians who had not answered, by hand or automatic; its id is the source of its notifications.</summary>
internal sealed class ConsentReminder
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid RequestId { get; init; }
    public DateTimeOffset SentAt { get; init; }
    public bool Automatic { get; init; }
    public int RecipientCount { get; init; }
}
