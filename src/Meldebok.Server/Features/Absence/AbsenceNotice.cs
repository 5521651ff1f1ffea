namespace Meldebok.Server.Features.Absence;

/// <summary>Why a pupil is absent. Fixed codes, never free text, so reasons carry no health details.</summary>
public enum AbsenceReason
{
    /// <summary>Sykdom.</summary>
    Illness,
    /// <summary>Time hos lege, tannlege eller annen behandler.</summary>
    MedicalAppointment,
    /// <summary>Velferdsgrunn (familiehendelse, begravelse o.l.).</summary>
    Welfare,
    /// <summary>Innvilget permisjon.</summary>
    Leave,
    /// <summary>Annet.</summary>
    Other,
}

/// <summary>How an absence reached the school: through this product or one of the channels it replaces.</summary>
public enum AbsenceChannel
{
    /// <summary>Reported by a guardian in Meldebok.</summary>
    Digital,
    /// <summary>Telefon.</summary>
    Phone,
    /// <summary>Papirmeldebok.</summary>
    PaperMessageBook,
    /// <summary>E-post.</summary>
    Email,
    /// <summary>SMS til ansatts private telefon.</summary>
    SmsPrivatePhone,
    /// <summary>SMS til skolekontoret.</summary>
    SmsOffice,
    /// <summary>Lapp eller beskjed via kontoret.</summary>
    OfficeNote,
}

/// <summary>Whether a notice still stands.</summary>
public enum AbsenceNoticeStatus
{
    /// <summary>The notice stands.</summary>
    Active,
    /// <summary>The guardian withdrew it before it started.</summary>
    Withdrawn,
}

/// <summary>
/// An absence notice (fraværsmelding) for one pupil: whole days from <see cref="FirstDate"/> to
/// <see cref="LastDate"/>, or part of one day between <see cref="FromTime"/> and <see cref="ToTime"/>,
/// to the school, the SFO or both in one report. Digital notices come from a guardian; notices that
/// reached staff through a legacy channel are logged by the staff member with that channel.
/// </summary>
internal sealed class AbsenceNotice
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid PupilId { get; init; }
    /// <summary>The school the pupil attended when the notice was made.</summary>
    public Guid SchoolId { get; init; }
    /// <summary>The guardian who reported it (digital notices).</summary>
    public Guid? ReportedByGuardianId { get; init; }
    /// <summary>The staff member who logged it (legacy channels).</summary>
    public Guid? LoggedByStaffId { get; init; }
    public AbsenceChannel Channel { get; init; }
    public bool ToSchool { get; set; }
    public bool ToSfo { get; set; }
    public DateOnly FirstDate { get; set; }
    public DateOnly LastDate { get; set; }
    /// <summary>Set with <see cref="ToTime"/> for part of a day; then <see cref="FirstDate"/> equals <see cref="LastDate"/>.</summary>
    public TimeOnly? FromTime { get; set; }
    public TimeOnly? ToTime { get; set; }
    public AbsenceReason Reason { get; set; }
    /// <summary>Optional free text, only when the municipality allows notes, within its length limit.</summary>
    public string? Note { get; set; }
    /// <summary>Concerns SFO and arrived after the SFO unit's deadline for the day it starts.</summary>
    public bool IsLate { get; set; }
    /// <summary>Set when the notice stems from an approved leave application.</summary>
    public Guid? LeaveApplicationId { get; init; }
    public AbsenceNoticeStatus Status { get; set; } = AbsenceNoticeStatus.Active;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>Which side of the notice a staff member acknowledged it for.</summary>
public enum AbsenceRecipient
{
    /// <summary>Skolen.</summary>
    School,
    /// <summary>SFO.</summary>
    Sfo,
}

/// <summary>A staff member's receipt of a notice (kvittering), shown to the guardians.</summary>
internal sealed class AbsenceAcknowledgement
{
    public Guid NoticeId { get; init; }
    public Guid StaffId { get; init; }
    public AbsenceRecipient Recipient { get; init; }
    public DateTimeOffset AcknowledgedAt { get; init; }
}
