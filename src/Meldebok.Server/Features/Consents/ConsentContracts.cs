using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Features.Attachments;
using Meldebok.Server.Features.Messages;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Consents;

/// <summary>Norwegian texts of the consent feature's rules.</summary>
internal static class ConsentTexts
{
    public const string TitleRequired = "Tittel må fylles ut.";
    public const string TitleTooLong = "Tittelen kan være på høyst 200 tegn.";
    public const string DescriptionTooLong = "Beskrivelsen kan være på høyst 5000 tegn.";
    public const string TargetRequired = "Velg hvem samtykket gjelder: grupper, en SFO eller en skole.";
    public const string MunicipalityTarget = "Et samtykke kan gå til grupper, en SFO eller en skole, ikke til hele kommunen.";
    public const string KindRequired = "Velg type samtykke: OneTime eller Standing.";
    public const string KindUnknown = "Typen må være OneTime eller Standing.";
    public const string RuleRequired = "Velg regel: AnyGuardian eller AllWithParentalResponsibility.";
    public const string RuleUnknown = "Regelen må være AnyGuardian eller AllWithParentalResponsibility.";
    public const string DeadlineRequired = "Svarfristen må fylles ut.";
    public const string DeadlineInPast = "Svarfristen må være fram i tid.";
    public const string EventDateRequired = "Et engangssamtykke må ha en dato for hendelsen.";
    public const string EventBeforeDeadline = "Hendelsen kan ikke være før svarfristen.";
    public const string ValidFromRequired = "Et varig samtykke må ha en startdato.";
    public const string ValidUntilRequired = "Et varig samtykke må ha en sluttdato.";
    public const string ValidUntilBeforeFrom = "Sluttdatoen kan ikke være før startdatoen.";
    public const string OnlyStaff = "Bare ansatte kan be om samtykke.";
    public const string NoPupils = "Ingen elever med foresatte som kan svare, er i denne mottakergruppen.";
    public const string PupilRequired = "Barnet må velges.";
    public const string AnswerRequired = "Svaret må være Yes, No eller Withdrawn.";
    public const string RequiresParentalResponsibility = "Bare foresatte med foreldreansvar kan svare på samtykker. Med rett til informasjon kan du lese, men ikke svare.";
    public const string DeadlinePassed = "Svarfristen er ute; svaret kan ikke lenger endres.";
    public const string NothingToWithdraw = "Det er ikke gitt noe samtykke som kan trekkes tilbake.";
    public const string EventPassed = "Hendelsen er over; et engangssamtykke kan ikke trekkes tilbake etterpå.";
    public const string ValidityEnded = "Samtykkets gyldighetsperiode er over.";
    public const string PurposeUnknown = "Formålet må være General, ContactSharing eller PhotoPublication.";
    public const string PurposeRequiresStanding = "Samtykke til å dele kontaktinformasjon eller publisere bilder må være et varig samtykke (Standing).";
    public const string StatusUnknown = "Status må være Given, Refused eller Pending.";
    public const string ReasonRequired = "Skriv hvorfor forespørselen avsluttes.";
    public const string ReasonTooLong = "Begrunnelsen kan være på høyst 500 tegn.";
    public const string AlreadyClosed = "Forespørselen er allerede avsluttet.";
    public const string CloseAfterDeadline = "Svarfristen er allerede ute; forespørselen kan ikke avsluttes tidlig.";
    public const string RequestClosed = "Forespørselen er avsluttet før svarfristen; svar kan ikke lenger gis eller endres.";
    public const string ClosedNoReminders = "Forespørselen er avsluttet; det sendes ingen påminnelser.";
}

/// <summary>A new consent request.</summary>
/// <param name="Target">The groups, SFO unit or school whose pupils it concerns (not the whole municipality).</param>
/// <param name="Title">The title (at most 200 characters).</param>
/// <param name="Description">What the guardians consent to (at most 5000 characters).</param>
/// <param name="Kind">OneTime (an event on <paramref name="EventDate"/>) or Standing (valid from <paramref name="ValidFrom"/> to <paramref name="ValidUntil"/>).</param>
/// <param name="Rule">AnyGuardian (one guardian with parental responsibility suffices) or AllWithParentalResponsibility (all must say yes).</param>
/// <param name="Deadline">When answers close; must be in the future.</param>
/// <param name="EventDate">The day of the event, for OneTime; not before the deadline's day.</param>
/// <param name="ValidFrom">The first day of validity, for Standing.</param>
/// <param name="ValidUntil">The last day of validity, for Standing.</param>
/// <param name="Purpose">General (default), ContactSharing (the guardian's own contact details in the class list) or PhotoPublication; the last two for Standing only.</param>
/// <param name="AttachmentIds">Up to 5 of the caller's own pending uploads (<c>POST /api/v1/attachments</c>) to attach, e.g. the trip's plan.</param>
public sealed record ConsentRequestCreate(
    [property: Required(ErrorMessage = ConsentTexts.TargetRequired)] BulkTarget? Target,
    [property: Required(ErrorMessage = ConsentTexts.TitleRequired), StringLength(ConsentLimits.Title, ErrorMessage = ConsentTexts.TitleTooLong)] string? Title,
    [property: StringLength(ConsentLimits.Description, ErrorMessage = ConsentTexts.DescriptionTooLong)] string? Description,
    [property: Required(ErrorMessage = ConsentTexts.KindRequired), EnumDataType(typeof(ConsentKind), ErrorMessage = ConsentTexts.KindUnknown)] ConsentKind? Kind,
    [property: Required(ErrorMessage = ConsentTexts.RuleRequired), EnumDataType(typeof(ConsentRule), ErrorMessage = ConsentTexts.RuleUnknown)] ConsentRule? Rule,
    [property: Required(ErrorMessage = ConsentTexts.DeadlineRequired)] DateTimeOffset? Deadline,
    DateOnly? EventDate = null,
    DateOnly? ValidFrom = null,
    DateOnly? ValidUntil = null,
    [property: EnumDataType(typeof(ConsentPurpose), ErrorMessage = ConsentTexts.PurposeUnknown)] ConsentPurpose? Purpose = null,
    [property: MaxLength(AttachmentLimits.PerMessage, ErrorMessage = AttachmentTexts.TooMany)] IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>A consent request as staff see it, with its counts.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Title">The title.</param>
/// <param name="Description">The description.</param>
/// <param name="Kind">OneTime or Standing.</param>
/// <param name="Rule">AnyGuardian or AllWithParentalResponsibility.</param>
/// <param name="EventDate">The event's day (OneTime).</param>
/// <param name="ValidFrom">First day of validity (Standing).</param>
/// <param name="ValidUntil">Last day of validity (Standing).</param>
/// <param name="Deadline">When answers close.</param>
/// <param name="IsOpen">Whether answers may still be given or changed.</param>
/// <param name="Purpose">General, ContactSharing or PhotoPublication.</param>
/// <param name="TargetKind">What it went to.</param>
/// <param name="TargetIds">The groups, SFO unit or school.</param>
/// <param name="CreatedByName">Who asked.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="PupilCount">Pupils it concerns.</param>
/// <param name="GivenCount">Pupils with consent given.</param>
/// <param name="RefusedCount">Pupils with consent refused.</param>
/// <param name="PendingCount">Pupils still pending (after the deadline: not consented).</param>
/// <param name="Attachments">Its attachments (download each at <c>/api/v1/attachments/{id}</c>).</param>
/// <param name="ClosedAt">When it was closed before its deadline; null when not closed early.</param>
/// <param name="ClosedByName">Who closed it early.</param>
/// <param name="ClosedReason">Why it was closed early.</param>
public sealed record ConsentRequestResponse(
    Guid Id, string Title, string? Description, ConsentKind Kind, ConsentRule Rule, DateOnly? EventDate, DateOnly? ValidFrom, DateOnly? ValidUntil,
    DateTimeOffset Deadline, bool IsOpen, ConsentPurpose Purpose, BulkTargetKind TargetKind, IReadOnlyList<Guid> TargetIds, string CreatedByName, DateTimeOffset CreatedAt,
    int PupilCount, int GivenCount, int RefusedCount, int PendingCount, IReadOnlyList<AttachmentResponse> Attachments,
    DateTimeOffset? ClosedAt = null, string? ClosedByName = null, string? ClosedReason = null);

/// <summary>Closing a consent request before its deadline.</summary>
/// <param name="Reason">Why (1–500 characters), e.g. that the trip is cancelled; shown to staff and guardians and written in the evidence.</param>
public sealed record ConsentCloseRequest(
    [property: Required(ErrorMessage = ConsentTexts.ReasonRequired), StringLength(ConsentLimits.ClosedReason, ErrorMessage = ConsentTexts.ReasonTooLong)] string? Reason);

/// <summary>A guardian's current answer for a child.</summary>
/// <param name="GuardianId">The guardian.</param>
/// <param name="Name">The guardian's full name.</param>
/// <param name="Answer">Yes, No or Withdrawn; null: not answered.</param>
/// <param name="AnsweredAt">When the current answer was given.</param>
public sealed record GuardianAnswerResponse(Guid GuardianId, string Name, ConsentChoice? Answer, DateTimeOffset? AnsweredAt);

/// <summary>One pupil's consent with every guardian's current answer.</summary>
/// <param name="PupilId">The pupil.</param>
/// <param name="Name">The pupil's full name.</param>
/// <param name="Status">Given, Refused or Pending.</param>
/// <param name="Consented">Whether there is consent: only Given; a Pending after the deadline is not consent.</param>
/// <param name="Guardians">The guardians with parental responsibility who answer for the pupil, with their current answers.</param>
public sealed record ConsentPupilResponse(Guid PupilId, string Name, ConsentStatus Status, bool Consented, IReadOnlyList<GuardianAnswerResponse> Guardians);

/// <summary>Filter of a request's pupils.</summary>
internal sealed record ConsentPupilFilter
{
    /// <summary>Given, Refused or Pending.</summary>
    [FromQuery(Name = "status"), EnumDataType(typeof(ConsentStatus), ErrorMessage = ConsentTexts.StatusUnknown)]
    public ConsentStatus? Status { get; init; }
}

/// <summary>How many guardians were reminded.</summary>
/// <param name="Reminded">Guardians reminded now.</param>
public sealed record ConsentReminderResponse(int Reminded);

/// <summary>A consent request as a guardian sees it: the request and each of their children in it.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Title">The title.</param>
/// <param name="Description">The description.</param>
/// <param name="Kind">OneTime or Standing.</param>
/// <param name="Rule">AnyGuardian or AllWithParentalResponsibility.</param>
/// <param name="EventDate">The event's day (OneTime).</param>
/// <param name="ValidFrom">First day of validity (Standing).</param>
/// <param name="ValidUntil">Last day of validity (Standing).</param>
/// <param name="Deadline">When answers close.</param>
/// <param name="IsOpen">Whether answers may still be given or changed.</param>
/// <param name="Purpose">General, ContactSharing (a yes shares the guardian's own contact details in the class list) or PhotoPublication.</param>
/// <param name="CreatedByName">Who asked.</param>
/// <param name="Children">The caller's children it concerns.</param>
/// <param name="Attachments">Its attachments (download each at <c>/api/v1/attachments/{id}</c>).</param>
/// <param name="ClosedAt">When staff closed it before its deadline; null when not closed early.</param>
/// <param name="ClosedReason">Why it was closed early.</param>
public sealed record GuardianConsentResponse(
    Guid Id, string Title, string? Description, ConsentKind Kind, ConsentRule Rule, DateOnly? EventDate, DateOnly? ValidFrom, DateOnly? ValidUntil,
    DateTimeOffset Deadline, bool IsOpen, ConsentPurpose Purpose, string CreatedByName, IReadOnlyList<GuardianConsentChild> Children, IReadOnlyList<AttachmentResponse> Attachments,
    DateTimeOffset? ClosedAt = null, string? ClosedReason = null);

/// <summary>One of the caller's children in a consent request.</summary>
/// <param name="PupilId">The child.</param>
/// <param name="Name">The child's full name.</param>
/// <param name="Status">Given, Refused or Pending.</param>
/// <param name="CanAnswer">Whether the caller may answer for the child (parental responsibility).</param>
/// <param name="MyAnswer">The caller's current answer; null: not answered.</param>
/// <param name="MyAnsweredAt">When the caller's current answer was given.</param>
/// <param name="OtherGuardians">The child's other guardians with parental responsibility and their current answers.</param>
public sealed record GuardianConsentChild(
    Guid PupilId, string Name, ConsentStatus Status, bool CanAnswer, ConsentChoice? MyAnswer, DateTimeOffset? MyAnsweredAt, IReadOnlyList<GuardianAnswerResponse> OtherGuardians);

/// <summary>A guardian's answer for one child.</summary>
/// <param name="PupilId">The child.</param>
/// <param name="Answer">Yes, No or Withdrawn (withdraws a yes).</param>
public sealed record ConsentAnswerRequest(
    [property: Required(ErrorMessage = ConsentTexts.PupilRequired)] Guid? PupilId,
    [property: Required(ErrorMessage = ConsentTexts.AnswerRequired), EnumDataType(typeof(ConsentChoice), ErrorMessage = ConsentTexts.AnswerRequired)] ConsentChoice? Answer);

/// <summary>Names of the real-time events of consents. Payloads carry ids, never text.</summary>
internal static class ConsentEvents
{
    /// <summary>A consent request was created; to each guardian it concerns. Payload { consentRequestId }.</summary>
    public const string Requested = "consent.requested";
    /// <summary>A guardian answered; to the staff member who asked. Payload { consentRequestId, pupilId }.</summary>
    public const string Answered = "consent.answered";
    /// <summary>The guardians who had not answered were reminded; to each of them. Payload { consentRequestId }.</summary>
    public const string Reminded = "consent.reminded";
    /// <summary>
    /// Staff closed the request before its deadline; to each guardian who reaches one of its pupils now. Payload { consentRequestId }.
    /// </summary>
    public const string Closed = "consent.closed";
}
