using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Features.Roster;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Absence;

/// <summary>A guardian's absence notice (fraværsmelding) for one child.</summary>
/// <param name="PupilId">The child: a pupil the guardian reaches.</param>
/// <param name="FirstDate">The first day of absence (local date).</param>
/// <param name="LastDate">The last day of absence; equal to <paramref name="FirstDate"/> for one day and for part of a day.</param>
/// <param name="FromTime">For part of a day: when the absence starts (local time, HH:mm). Together with <paramref name="ToTime"/>.</param>
/// <param name="ToTime">For part of a day: when the absence ends, after <paramref name="FromTime"/>.</param>
/// <param name="ToSchool">The notice goes to the school.</param>
/// <param name="ToSfo">The notice goes to the SFO; only for a pupil in an active SFO group.</param>
/// <param name="Reason">Illness, MedicalAppointment, Welfare, Leave or Other.</param>
/// <param name="Note">Free text, only when the municipality allows notes, within its length limit. Never health details.</param>
public sealed record AbsenceNoticeRequest(
    [property: Required(ErrorMessage = "Barnet må velges.")] Guid? PupilId,
    [property: Required(ErrorMessage = "Første dag må fylles ut.")] DateOnly? FirstDate,
    [property: Required(ErrorMessage = "Siste dag må fylles ut.")] DateOnly? LastDate,
    TimeOnly? FromTime,
    TimeOnly? ToTime,
    bool? ToSchool,
    bool? ToSfo,
    [property: Required(ErrorMessage = "Årsak må velges."), EnumDataType(typeof(AbsenceReason), ErrorMessage = AbsenceMessages.UnknownReason)] AbsenceReason? Reason,
    [property: StringLength(AbsenceLimits.Note, ErrorMessage = AbsenceMessages.NoteTooLongForAnyMunicipality)] string? Note = null)
{
    internal AbsenceNoticeChange Change => new(FirstDate, LastDate, FromTime, ToTime, ToSchool, ToSfo, Reason, Note);
}

/// <summary>A change to a notice that has not started yet: the whole notice as it should read now.</summary>
/// <param name="FirstDate">The first day of absence (local date).</param>
/// <param name="LastDate">The last day of absence.</param>
/// <param name="FromTime">For part of a day: when the absence starts (local time).</param>
/// <param name="ToTime">For part of a day: when the absence ends.</param>
/// <param name="ToSchool">The notice goes to the school.</param>
/// <param name="ToSfo">The notice goes to the SFO.</param>
/// <param name="Reason">Illness, MedicalAppointment, Welfare, Leave or Other.</param>
/// <param name="Note">Free text, only when the municipality allows notes.</param>
public sealed record AbsenceNoticeChange(
    [property: Required(ErrorMessage = "Første dag må fylles ut.")] DateOnly? FirstDate,
    [property: Required(ErrorMessage = "Siste dag må fylles ut.")] DateOnly? LastDate,
    TimeOnly? FromTime,
    TimeOnly? ToTime,
    bool? ToSchool,
    bool? ToSfo,
    [property: Required(ErrorMessage = "Årsak må velges."), EnumDataType(typeof(AbsenceReason), ErrorMessage = AbsenceMessages.UnknownReason)] AbsenceReason? Reason,
    [property: StringLength(AbsenceLimits.Note, ErrorMessage = AbsenceMessages.NoteTooLongForAnyMunicipality)] string? Note = null);

/// <summary>Filters of the guardian's notice list.</summary>
internal sealed record AbsenceNoticeFilter
{
    /// <summary>Only notices for this child.</summary>
    [FromQuery(Name = "pupilId")]
    public Guid? PupilId { get; init; }

    /// <summary>Only notices that last until this date or later.</summary>
    [FromQuery(Name = "from")]
    public DateOnly? From { get; init; }

    /// <summary>Only notices that start on this date or earlier.</summary>
    [FromQuery(Name = "to")]
    public DateOnly? To { get; init; }

    /// <summary>Include withdrawn notices (default: only those that stand).</summary>
    [FromQuery(Name = "includeWithdrawn")]
    public bool? IncludeWithdrawn { get; init; }
}

/// <summary>A staff member's receipt (kvittering) of a notice, as the guardians see it.</summary>
/// <param name="Recipient">School or Sfo: the side the staff member received it for.</param>
/// <param name="StaffName">The staff member's name.</param>
/// <param name="StaffRole">The staff member's role at the school for that side, if they still have one.</param>
/// <param name="AcknowledgedAt">When it was acknowledged.</param>
public sealed record AbsenceReceipt(AbsenceRecipient Recipient, string StaffName, StaffRole? StaffRole, DateTimeOffset AcknowledgedAt);

/// <summary>An absence notice as the child's guardians see it, with the receipts of the school and the SFO.</summary>
/// <param name="Id">The notice's id.</param>
/// <param name="PupilId">The child.</param>
/// <param name="PupilGivenName">The child's given name(s).</param>
/// <param name="PupilFamilyName">The child's family name.</param>
/// <param name="Channel">Digital for notices made in Meldebok; otherwise the channel staff logged it from.</param>
/// <param name="ToSchool">Goes to the school.</param>
/// <param name="ToSfo">Goes to the SFO.</param>
/// <param name="FirstDate">First day of absence.</param>
/// <param name="LastDate">Last day of absence.</param>
/// <param name="FromTime">Start time for part of a day.</param>
/// <param name="ToTime">End time for part of a day.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Note">The note, if any.</param>
/// <param name="IsLate">Reached the SFO after its deadline on the day.</param>
/// <param name="Status">Active or Withdrawn.</param>
/// <param name="CanChange">The notice stands, has not started and does not stem from approved leave, so it can still be edited or withdrawn.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
/// <param name="WithdrawnAt">When it was withdrawn, if it was.</param>
/// <param name="Receipts">Who acknowledged it, for which side, and when.</param>
public sealed record AbsenceNoticeResponse(
    Guid Id, Guid PupilId, string PupilGivenName, string PupilFamilyName, AbsenceChannel Channel, bool ToSchool, bool ToSfo,
    DateOnly FirstDate, DateOnly LastDate, TimeOnly? FromTime, TimeOnly? ToTime, AbsenceReason Reason, string? Note, bool IsLate,
    AbsenceNoticeStatus Status, bool CanChange, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? WithdrawnAt,
    IReadOnlyList<AbsenceReceipt> Receipts);

/// <summary>Which side of the inbox to show.</summary>
public enum AbsenceInboxScope
{
    /// <summary>Notices to the school.</summary>
    School,
    /// <summary>Notices to the SFO.</summary>
    Sfo,
}

/// <summary>Filters of the staff inbox.</summary>
internal sealed record AbsenceInboxFilter
{
    /// <summary>Show notices lasting until this local date or later (default: today).</summary>
    [FromQuery(Name = "date")]
    public DateOnly? Date { get; init; }

    /// <summary>Only the school side or only the SFO side (default: every side the staff member sees).</summary>
    [FromQuery(Name = "scope"), EnumDataType(typeof(AbsenceInboxScope), ErrorMessage = "Utvalget må være School eller Sfo.")]
    public AbsenceInboxScope? Scope { get; init; }

    /// <summary>Include notices the staff member has already acknowledged for every side they see (default: false).</summary>
    [FromQuery(Name = "includeAcknowledged")]
    public bool? IncludeAcknowledged { get; init; }

    /// <summary>Include withdrawn notices (default: false).</summary>
    [FromQuery(Name = "includeWithdrawn")]
    public bool? IncludeWithdrawn { get; init; }
}

/// <summary>A notice in the staff inbox.</summary>
/// <param name="Id">The notice's id.</param>
/// <param name="PupilId">The pupil.</param>
/// <param name="PupilGivenName">The pupil's given name(s).</param>
/// <param name="PupilFamilyName">The pupil's family name.</param>
/// <param name="Groups">The pupil's active groups, by name.</param>
/// <param name="Channel">Digital, or the legacy channel it was logged from.</param>
/// <param name="ToSchool">Goes to the school.</param>
/// <param name="ToSfo">Goes to the SFO.</param>
/// <param name="SeenAs">The sides the staff member receives it for (School, Sfo).</param>
/// <param name="FirstDate">First day of absence.</param>
/// <param name="LastDate">Last day of absence.</param>
/// <param name="FromTime">Start time for part of a day.</param>
/// <param name="ToTime">End time for part of a day.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Note">The guardian's note, if any.</param>
/// <param name="IsLate">Reached the SFO after its deadline on the day.</param>
/// <param name="Status">Active or Withdrawn.</param>
/// <param name="AcknowledgedByMe">The staff member has acknowledged it for every side they receive it for.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
/// <param name="Receipts">Every acknowledgement so far.</param>
public sealed record AbsenceInboxItem(
    Guid Id, Guid PupilId, string PupilGivenName, string PupilFamilyName, IReadOnlyList<string> Groups, AbsenceChannel Channel,
    bool ToSchool, bool ToSfo, IReadOnlyList<AbsenceRecipient> SeenAs, DateOnly FirstDate, DateOnly LastDate, TimeOnly? FromTime, TimeOnly? ToTime,
    AbsenceReason Reason, string? Note, bool IsLate, AbsenceNoticeStatus Status, bool AcknowledgedByMe,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<AbsenceReceipt> Receipts);

/// <summary>A staff member acknowledges a notice.</summary>
/// <param name="Recipient">School or Sfo; leave out to acknowledge every side the staff member receives it for.</param>
public sealed record AbsenceAcknowledgeRequest(
    [property: EnumDataType(typeof(AbsenceRecipient), ErrorMessage = "Mottaker må være School eller Sfo.")] AbsenceRecipient? Recipient = null);

/// <summary>An absence staff received through a channel Meldebok replaces, logged in two taps.</summary>
/// <param name="PupilId">The pupil: one the staff member reaches.</param>
/// <param name="Channel">Phone, PaperMessageBook, Email, SmsPrivatePhone, SmsOffice or OfficeNote (not Digital).</param>
/// <param name="FirstDate">First day of absence (default: today).</param>
/// <param name="LastDate">Last day of absence (default: the first day).</param>
/// <param name="ToSchool">Goes to the school (default: true when neither side is given).</param>
/// <param name="ToSfo">Goes to the SFO (default: when neither side is given, if the pupil is at SFO).</param>
/// <param name="Reason">The reason code (default: Other).</param>
public sealed record LegacyAbsenceRequest(
    [property: Required(ErrorMessage = "Eleven må velges.")] Guid? PupilId,
    [property: Required(ErrorMessage = "Kanal må velges."), EnumDataType(typeof(AbsenceChannel), ErrorMessage = AbsenceMessages.UnknownChannel)] AbsenceChannel? Channel,
    DateOnly? FirstDate = null,
    DateOnly? LastDate = null,
    bool? ToSchool = null,
    bool? ToSfo = null,
    [property: EnumDataType(typeof(AbsenceReason), ErrorMessage = AbsenceMessages.UnknownReason)] AbsenceReason? Reason = null);

/// <summary>Filters of the legacy-channel log.</summary>
internal sealed record LegacyAbsenceFilter
{
    /// <summary>Only this channel.</summary>
    [FromQuery(Name = "channel"), EnumDataType(typeof(AbsenceChannel), ErrorMessage = AbsenceMessages.UnknownChannel)]
    public AbsenceChannel? Channel { get; init; }

    /// <summary>Only absences lasting until this date or later.</summary>
    [FromQuery(Name = "from")]
    public DateOnly? From { get; init; }

    /// <summary>Only absences starting on this date or earlier.</summary>
    [FromQuery(Name = "to")]
    public DateOnly? To { get; init; }
}

/// <summary>An absence logged from a legacy channel. Carries no reason: the log is for usage statistics.</summary>
/// <param name="Id">The notice's id.</param>
/// <param name="PupilId">The pupil.</param>
/// <param name="PupilGivenName">The pupil's given name(s).</param>
/// <param name="PupilFamilyName">The pupil's family name.</param>
/// <param name="Channel">The channel it came through.</param>
/// <param name="FirstDate">First day of absence.</param>
/// <param name="LastDate">Last day of absence.</param>
/// <param name="ToSchool">Goes to the school.</param>
/// <param name="ToSfo">Goes to the SFO.</param>
/// <param name="LoggedByStaffId">The staff member who logged it.</param>
/// <param name="LoggedByName">Their name.</param>
/// <param name="CreatedAt">When it was logged.</param>
public sealed record LegacyAbsenceListItem(
    Guid Id, Guid PupilId, string PupilGivenName, string PupilFamilyName, AbsenceChannel Channel, DateOnly FirstDate, DateOnly LastDate,
    bool ToSchool, bool ToSfo, Guid? LoggedByStaffId, string? LoggedByName, DateTimeOffset CreatedAt);

/// <summary>The absence feature's texts for users.</summary>
internal static class AbsenceMessages
{
    public const string UnknownReason = "Årsaken må være Illness, MedicalAppointment, Welfare, Leave eller Other.";
    public const string UnknownChannel = "Kanalen må være Phone, PaperMessageBook, Email, SmsPrivatePhone, SmsOffice eller OfficeNote.";
    public const string NoteTooLongForAnyMunicipality = "Merknaden kan ha høyst 1000 tegn.";
    public const string HasStarted = "Fraværsmeldingen kan bare endres eller trekkes før fraværet starter.";
    public const string StemsFromLeave = "Meldingen gjelder innvilget permisjon og kan ikke endres eller trekkes her. Kontakt skolen.";
}
