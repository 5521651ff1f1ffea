using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Infrastructure.Api;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Messages;

/// <summary>Norwegian texts of the messages feature's rules.</summary>
internal static class MessageTexts
{
    public const string SubjectRequired = "Emne må fylles ut.";
    public const string SubjectTooLong = "Emnet kan være på høyst 200 tegn.";
    public const string BodyRequired = "Meldingen kan ikke være tom.";
    public const string BodyTooLong = "Meldingen kan være på høyst 5000 tegn.";
    public const string PupilRequired = "Barnet må velges.";
    public const string AddresseeRequired = "Velg hvem meldingen skal til: ContactTeacher, Office eller Sfo.";
    public const string AddresseeUnknown = "Mottakeren må være ContactTeacher, Office eller Sfo.";
    public const string NoStaffToReceive = "Barnet har ingen aktive ansatte å sende til for denne mottakeren.";
    public const string GuardianNotReachable = "Én eller flere av de foresatte kan ikke motta meldinger om dette barnet.";
    public const string NoGuardiansToReceive = "Barnet har ingen foresatte som kan motta meldinger.";
    public const string TargetRequired = "Mottakergruppen må fylles ut.";
    public const string TargetKindUnknown = "Mottakergruppen må være Groups, SfoUnit, School eller Municipality.";
    public const string GroupsRequired = "Velg minst én gruppe.";
    public const string TooManyGroups = "Velg høyst 50 grupper.";
    public const string SfoUnitRequired = "SFO-en må velges.";
    public const string SchoolRequired = "Skolen må velges.";
    public const string MunicipalityOnlyAdministrators = "Bare kommunens administratorer kan sende til hele kommunen.";
    public const string SchoolOnlyLeaders = "Bare skolekontoret og rektor kan sende til hele skolen.";
    public const string NoRecipients = "Ingen foresatte kan motta en melding til denne mottakergruppen.";
    public const string NotBulkRecipient = "Du kan bare svare på en beskjed du har mottatt.";
    public const string SendAtInPast = "Tidspunktet for sending må være fram i tid.";
    public static string SendAtTooFar(int days) => $"En beskjed kan planlegges høyst {days} dager fram i tid.";
    public const string SendAtRequired = "Tidspunktet for sending må fylles ut.";
    public const string UndoWindowPassed = "Beskjeden kan ikke angres: angrefristen er ute, og den er sendt til mottakerne.";
    public const string AlreadyCancelled = "Beskjeden er allerede angret.";
    public const string OnlyScheduledEditable = "Bare en planlagt beskjed som ikke er sendt ennå, kan endres.";
    public const string AlreadyGoingOut = "Beskjeden kan ikke endres lenger: utsendingen til mottakerne har startet.";
}

/// <summary>A guardian starts a thread about their child with the contact teacher, the office or the SFO.</summary>
/// <param name="PupilId">The child: a pupil the guardian reaches.</param>
/// <param name="To">ContactTeacher (the contact teachers of the child's groups), Office (the school's office and principal) or Sfo (the staff of the child's SFO group).</param>
/// <param name="Subject">The subject (at most 200 characters).</param>
/// <param name="Body">The message (at most 5000 characters).</param>
/// <param name="AttachmentIds">Up to 5 of the caller's own pending uploads (<c>POST /api/v1/attachments</c>) to attach.</param>
public sealed record GuardianThreadRequest(
    [property: Required(ErrorMessage = MessageTexts.PupilRequired)] Guid? PupilId,
    [property: Required(ErrorMessage = MessageTexts.AddresseeRequired), EnumDataType(typeof(GuardianAddressee), ErrorMessage = MessageTexts.AddresseeUnknown)] GuardianAddressee? To,
    [property: Required(ErrorMessage = MessageTexts.SubjectRequired), StringLength(MessageLimits.Subject, ErrorMessage = MessageTexts.SubjectTooLong)] string? Subject,
    [property: Required(ErrorMessage = MessageTexts.BodyRequired), StringLength(MessageLimits.Body, ErrorMessage = MessageTexts.BodyTooLong)] string? Body,
    [property: MaxLength(AttachmentLimits.PerMessage, ErrorMessage = AttachmentTexts.TooMany)] IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>Whom a guardian may write to.</summary>
public enum GuardianAddressee
{
    /// <summary>Kontaktlærer.</summary>
    ContactTeacher,
    /// <summary>Skolekontoret.</summary>
    Office,
    /// <summary>SFO.</summary>
    Sfo,
}

/// <summary>A staff member starts a thread with one, several or all guardians of a pupil in their reach.</summary>
/// <param name="PupilId">The pupil the thread is about.</param>
/// <param name="GuardianIds">The guardians to write to; empty or left out: every guardian who may receive messages about the pupil (parental responsibility or right to information, not blocked).</param>
/// <param name="Subject">The subject (at most 200 characters).</param>
/// <param name="Body">The message (at most 5000 characters).</param>
/// <param name="Urgent">Urgent messages bypass quiet hours in notifications.</param>
/// <param name="AttachmentIds">Up to 5 of the caller's own pending uploads (<c>POST /api/v1/attachments</c>) to attach.</param>
public sealed record StaffThreadRequest(
    [property: Required(ErrorMessage = MessageTexts.PupilRequired)] Guid? PupilId,
    [property: Required(ErrorMessage = MessageTexts.SubjectRequired), StringLength(MessageLimits.Subject, ErrorMessage = MessageTexts.SubjectTooLong)] string? Subject,
    [property: Required(ErrorMessage = MessageTexts.BodyRequired), StringLength(MessageLimits.Body, ErrorMessage = MessageTexts.BodyTooLong)] string? Body,
    IReadOnlyList<Guid>? GuardianIds = null,
    bool Urgent = false,
    [property: MaxLength(AttachmentLimits.PerMessage, ErrorMessage = AttachmentTexts.TooMany)] IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>A reply in a thread.</summary>
/// <param name="Body">The message (at most 5000 characters).</param>
/// <param name="Urgent">Urgent (staff only; ignored for guardians).</param>
/// <param name="AttachmentIds">Up to 5 of the caller's own pending uploads (<c>POST /api/v1/attachments</c>) to attach.</param>
public sealed record ReplyRequest(
    [property: Required(ErrorMessage = MessageTexts.BodyRequired), StringLength(MessageLimits.Body, ErrorMessage = MessageTexts.BodyTooLong)] string? Body,
    bool Urgent = false,
    [property: MaxLength(AttachmentLimits.PerMessage, ErrorMessage = AttachmentTexts.TooMany)] IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>A participant of a thread and how far they have read.</summary>
/// <param name="Id">The participant's id in this thread.</param>
/// <param name="Name">Full name.</param>
/// <param name="Kind">Guardian, Staff or Administrator.</param>
/// <param name="IsMe">Whether this is the caller.</param>
/// <param name="LastReadAt">When the participant last read the thread (read receipt); null: not read.</param>
public sealed record ParticipantResponse(Guid Id, string Name, string Kind, bool IsMe, DateTimeOffset? LastReadAt);

/// <summary>A thread as its participants see it.</summary>
/// <param name="Id">The thread's id.</param>
/// <param name="PupilId">The pupil it is about.</param>
/// <param name="PupilName">The pupil's full name.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Addressee">ContactTeacher, Office, Sfo, Guardians or BulkReply.</param>
/// <param name="BulkMessageId">The bulk message a BulkReply thread answers.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="LastMessageAt">When the newest message was sent.</param>
/// <param name="UnreadCount">Messages by others sent after the caller last read the thread.</param>
/// <param name="Participants">Everyone in the thread, with read receipts.</param>
public sealed record ThreadResponse(
    Guid Id, Guid PupilId, string PupilName, string Subject, ThreadAddressee Addressee, Guid? BulkMessageId,
    DateTimeOffset CreatedAt, DateTimeOffset LastMessageAt, int UnreadCount, IReadOnlyList<ParticipantResponse> Participants);

/// <summary>One message of a thread.</summary>
/// <param name="Id">The message's id.</param>
/// <param name="AuthorParticipantId">The participant who wrote it.</param>
/// <param name="AuthorName">The author's full name.</param>
/// <param name="Body">The text.</param>
/// <param name="Urgent">Marked urgent by staff.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="ReadByAll">Whether every other participant has read it.</param>
/// <param name="Attachments">Its attachments (download each at <c>/api/v1/attachments/{id}</c>).</param>
public sealed record ThreadMessageResponse(
    Guid Id, Guid AuthorParticipantId, string AuthorName, string Body, bool Urgent, DateTimeOffset SentAt, bool ReadByAll, IReadOnlyList<AttachmentResponse> Attachments);

/// <summary>What a bulk message goes to.</summary>
/// <param name="Kind">Groups, SfoUnit, School or Municipality (administrators).</param>
/// <param name="GroupIds">The groups, for Groups (1 to 50).</param>
/// <param name="SfoUnitId">The SFO unit, for SfoUnit.</param>
/// <param name="SchoolId">The school, for School.</param>
public sealed record BulkTarget(
    [property: Required(ErrorMessage = MessageTexts.TargetRequired), EnumDataType(typeof(BulkTargetKind), ErrorMessage = MessageTexts.TargetKindUnknown)] BulkTargetKind? Kind,
    IReadOnlyList<Guid>? GroupIds = null,
    Guid? SfoUnitId = null,
    Guid? SchoolId = null)
{
    /// <summary>The target as a bulk message stores it: its kind and the ids of its groups, SFO unit or school.</summary>
    internal static BulkTarget Stored(BulkTargetKind kind, IReadOnlyList<Guid> ids) => new(kind,
        kind == BulkTargetKind.Groups ? ids : null,
        kind == BulkTargetKind.SfoUnit && ids.Count > 0 ? ids[0] : null,
        kind == BulkTargetKind.School && ids.Count > 0 ? ids[0] : null);
}

/// <summary>Whom a bulk message would reach, before it is sent.</summary>
/// <param name="Target">What it goes to.</param>
public sealed record BulkPreviewRequest([property: Required(ErrorMessage = MessageTexts.TargetRequired)] BulkTarget? Target);

/// <summary>A bulk message to send now.</summary>
/// <param name="Target">What it goes to.</param>
/// <param name="Subject">The subject (at most 200 characters).</param>
/// <param name="Body">The message (at most 5000 characters).</param>
/// <param name="Urgent">Urgent messages bypass quiet hours in notifications.</param>
/// <param name="AttachmentIds">Up to 5 of the caller's own pending uploads (<c>POST /api/v1/attachments</c>) to attach.</param>
/// <param name="SendAt">Optional: send later, at this time (in the future, within <c>Messages:MaxScheduleDays</c>); until then it may be edited or cancelled.</param>
public sealed record BulkMessageRequest(
    [property: Required(ErrorMessage = MessageTexts.TargetRequired)] BulkTarget? Target,
    [property: Required(ErrorMessage = MessageTexts.SubjectRequired), StringLength(MessageLimits.Subject, ErrorMessage = MessageTexts.SubjectTooLong)] string? Subject,
    [property: Required(ErrorMessage = MessageTexts.BodyRequired), StringLength(MessageLimits.Body, ErrorMessage = MessageTexts.BodyTooLong)] string? Body,
    bool Urgent = false,
    [property: MaxLength(AttachmentLimits.PerMessage, ErrorMessage = AttachmentTexts.TooMany)] IReadOnlyList<Guid>? AttachmentIds = null,
    DateTimeOffset? SendAt = null);

/// <summary>Changes to a scheduled bulk message that has not gone out yet.</summary>
/// <param name="Subject">The subject (at most 200 characters).</param>
/// <param name="Body">The text (1–5000 characters).</param>
/// <param name="Urgent">Urgent.</param>
/// <param name="SendAt">When it goes out: in the future, within <c>Messages:MaxScheduleDays</c>.</param>
/// <param name="Target">Optional: a new target, by the same reach rules as when sending (404 out of reach); left out, the target stays.</param>
/// <param name="AttachmentIds">Optional: the attachments it should carry from now on — those it has and the caller's own pending uploads, up to 5; one left out is removed. Left out (null), they stay.</param>
public sealed record BulkMessageUpdateRequest(
    [property: Required(ErrorMessage = MessageTexts.SubjectRequired), StringLength(MessageLimits.Subject, ErrorMessage = MessageTexts.SubjectTooLong)] string? Subject,
    [property: Required(ErrorMessage = MessageTexts.BodyRequired), StringLength(MessageLimits.Body, ErrorMessage = MessageTexts.BodyTooLong)] string? Body,
    bool Urgent,
    [property: Required(ErrorMessage = MessageTexts.SendAtRequired)] DateTimeOffset? SendAt,
    BulkTarget? Target = null,
    [property: MaxLength(AttachmentLimits.PerMessage, ErrorMessage = AttachmentTexts.TooMany)] IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>A guardian a bulk message reaches, with the children it reaches them through.</summary>
/// <param name="GuardianId">The guardian.</param>
/// <param name="Name">The guardian's full name.</param>
/// <param name="Pupils">The children in the target, by full name.</param>
public sealed record BulkRecipientPreview(Guid GuardianId, string Name, IReadOnlyList<string> Pupils);

/// <summary>The recipients of a bulk message before sending: the count and the first page of the list.</summary>
/// <param name="RecipientCount">Guardians who will receive it.</param>
/// <param name="PupilCount">Pupils in the target.</param>
/// <param name="Recipients">The recipients (a page of them, by family name).</param>
public sealed record BulkPreviewResponse(int RecipientCount, int PupilCount, Paged<BulkRecipientPreview> Recipients);

/// <summary>A bulk message as its sender sees it, with its read status.</summary>
/// <param name="Id">The message's id.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
/// <param name="Urgent">Urgent.</param>
/// <param name="TargetKind">What it went to.</param>
/// <param name="TargetIds">The groups, SFO unit or school.</param>
/// <param name="SentAt">When it goes or went out: the end of the undo window, or the scheduled time.</param>
/// <param name="RecipientCount">Guardians resolved as its recipients (0 until the fan-out has resolved them).</param>
/// <param name="ReadCount">Recipients who have read it.</param>
/// <param name="ReadRate">ReadCount / RecipientCount (0 to 1).</param>
/// <param name="Attachments">Its attachments (download each at <c>/api/v1/attachments/{id}</c>).</param>
/// <param name="State">Scheduled, Queued (in the undo window), Sending, Sent or Cancelled.</param>
/// <param name="CreatedAt">When the sender sent (or last edited) it.</param>
/// <param name="StoredCount">Recipients whose copy is stored so far.</param>
public sealed record BulkMessageStatusResponse(
    Guid Id, string Subject, string Body, bool Urgent, BulkTargetKind TargetKind, IReadOnlyList<Guid> TargetIds, DateTimeOffset SentAt,
    int RecipientCount, int ReadCount, double ReadRate, IReadOnlyList<AttachmentResponse> Attachments,
    BulkMessageState State, DateTimeOffset CreatedAt, int StoredCount);

/// <summary>One recipient of a bulk message, for its sender.</summary>
/// <param name="GuardianId">The guardian.</param>
/// <param name="Name">The guardian's full name.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
/// <param name="ReadAt">When the guardian read it; null: not read.</param>
/// <param name="RemindedAt">When the sender last reminded them.</param>
public sealed record BulkRecipientResponse(Guid GuardianId, string Name, DateTimeOffset DeliveredAt, DateTimeOffset? ReadAt, DateTimeOffset? RemindedAt);

/// <summary>Filter of a bulk message's recipients.</summary>
internal sealed record BulkRecipientFilter
{
    /// <summary>true: only those who have read it; false: only those who have not.</summary>
    [FromQuery(Name = "read")]
    public bool? Read { get; init; }
}

/// <summary>How many unread recipients were reminded.</summary>
/// <param name="Reminded">Recipients reminded now.</param>
public sealed record BulkReminderResponse(int Reminded);

/// <summary>A bulk message as a guardian sees it.</summary>
/// <param name="Id">The message's id.</param>
/// <param name="SenderName">Who sent it.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Body">The text.</param>
/// <param name="Urgent">Urgent.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="ReadAt">When the caller read it.</param>
/// <param name="Attachments">Its attachments (download each at <c>/api/v1/attachments/{id}</c>).</param>
public sealed record ReceivedBulkMessageResponse(
    Guid Id, string SenderName, string Subject, string Body, bool Urgent, DateTimeOffset SentAt, DateTimeOffset? ReadAt, IReadOnlyList<AttachmentResponse> Attachments);

/// <summary>Names of the real-time events of messages. Payloads carry ids, never text.</summary>
internal static class MessageEvents
{
    /// <summary>A message was posted in a thread; to every participant but the author. Payload { threadId, messageId, urgent }.</summary>
    public const string Posted = "message.posted";
    /// <summary>A participant read a thread; to the other participants. Payload { threadId, participantId }.</summary>
    public const string ThreadRead = "message.read";
    /// <summary>A bulk message was delivered; to each recipient guardian. Payload { bulkMessageId, urgent }.</summary>
    public const string BulkDelivered = "bulk.delivered";
    /// <summary>The sender's view of a bulk message changed (delivered, read by one more). Payload { bulkMessageId, recipientCount, readCount }.</summary>
    public const string BulkProgress = "bulk.progress";
    /// <summary>The sender reminded the unread recipients; to each of them. Payload { bulkMessageId, urgent }.</summary>
    public const string BulkReminded = "bulk.reminded";
    /// <summary>The fan-out of a bulk message moved; to its sender. Payload { bulkMessageId, state, recipientCount, storedCount }.</summary>
    public const string FanOutProgress = "bulk.fanout-progress";
}
