using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Absence;

/// <summary>A guardian's application for leave (permisjonssøknad) for one child.</summary>
/// <param name="PupilId">The child: a pupil the guardian reaches.</param>
/// <param name="FirstDate">The first day of leave (local date), today or later.</param>
/// <param name="LastDate">The last day of leave, on or after <paramref name="FirstDate"/>, at most <c>Absence:MaxDaysAhead</c> days ahead.</param>
/// <param name="Reason">Why the child needs leave, for the principal (at most 1000 characters). Never health details.</param>
public sealed record LeaveApplicationRequest(
    [property: Required(ErrorMessage = "Barnet må velges.")] Guid? PupilId,
    [property: Required(ErrorMessage = "Første dag må fylles ut.")] DateOnly? FirstDate,
    [property: Required(ErrorMessage = "Siste dag må fylles ut.")] DateOnly? LastDate,
    [property: Required(ErrorMessage = LeaveMessages.ReasonRequired), StringLength(AbsenceLimits.LeaveReason, ErrorMessage = LeaveMessages.ReasonTooLong)] string? Reason);

/// <summary>The principal's decision on a leave application.</summary>
public enum LeaveDecision
{
    /// <summary>Innvilget: the days become an absence notice with reason Leave.</summary>
    Approved,
    /// <summary>Avslått; needs a comment.</summary>
    Refused,
}

/// <summary>The principal approves or refuses a pending application.</summary>
/// <param name="Decision">Approved or Refused.</param>
/// <param name="Comment">The principal's comment to the guardians; required when refusing (at most 1000 characters).</param>
public sealed record LeaveDecisionRequest(
    [property: Required(ErrorMessage = "Vedtak må velges."), EnumDataType(typeof(LeaveDecision), ErrorMessage = "Vedtaket må være Approved eller Refused.")] LeaveDecision? Decision,
    [property: StringLength(AbsenceLimits.DecisionComment, ErrorMessage = LeaveMessages.CommentTooLong)] string? Comment = null);

/// <summary>Filters of the guardian's list of leave applications.</summary>
internal sealed record LeaveApplicationFilter
{
    /// <summary>Only applications for this child.</summary>
    [FromQuery(Name = "pupilId")]
    public Guid? PupilId { get; init; }

    /// <summary>Only applications with this status (Pending, Approved, Refused, Withdrawn).</summary>
    [FromQuery(Name = "status"), EnumDataType(typeof(LeaveApplicationStatus), ErrorMessage = LeaveMessages.UnknownStatus)]
    public LeaveApplicationStatus? Status { get; init; }
}

/// <summary>Filters of the school leaders' list of leave applications.</summary>
internal sealed record StaffLeaveApplicationFilter
{
    /// <summary>Only applications to this school (one where the staff member is principal or office).</summary>
    [FromQuery(Name = "schoolId")]
    public Guid? SchoolId { get; init; }

    /// <summary>Only applications with this status (Pending, Approved, Refused, Withdrawn).</summary>
    [FromQuery(Name = "status"), EnumDataType(typeof(LeaveApplicationStatus), ErrorMessage = LeaveMessages.UnknownStatus)]
    public LeaveApplicationStatus? Status { get; init; }
}

/// <summary>A leave application as its guardians and the school's leaders see it.</summary>
/// <param name="Id">The application's id.</param>
/// <param name="PupilId">The child.</param>
/// <param name="PupilGivenName">The child's given name(s).</param>
/// <param name="PupilFamilyName">The child's family name.</param>
/// <param name="SchoolId">The school that decides.</param>
/// <param name="FirstDate">First day of leave.</param>
/// <param name="LastDate">Last day of leave.</param>
/// <param name="Reason">The guardian's reason.</param>
/// <param name="Status">Pending, Approved, Refused or Withdrawn.</param>
/// <param name="AppliedByName">The guardian who applied.</param>
/// <param name="DecidedByName">The principal who decided, once decided.</param>
/// <param name="DecisionComment">The principal's comment, if any.</param>
/// <param name="DecidedAt">When it was decided.</param>
/// <param name="AbsenceNoticeId">The absence notice an approval created (reason Leave).</param>
/// <param name="CanWithdraw">Still pending, so a guardian may withdraw it.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record LeaveApplicationResponse(
    Guid Id, Guid PupilId, string PupilGivenName, string PupilFamilyName, Guid SchoolId, DateOnly FirstDate, DateOnly LastDate, string Reason,
    LeaveApplicationStatus Status, string AppliedByName, string? DecidedByName, string? DecisionComment, DateTimeOffset? DecidedAt,
    Guid? AbsenceNoticeId, bool CanWithdraw, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The event types of leave applications.</summary>
internal static class LeaveEvents
{
    public const string Applied = "leave.applied";
    public const string Withdrawn = "leave.withdrawn";
    public const string Decided = "leave.decided";
}

/// <summary>A leave event's body: ids only; receivers re-fetch through the API, which applies access.</summary>
/// <param name="LeaveApplicationId">The application.</param>
/// <param name="PupilId">The pupil.</param>
internal sealed record LeaveApplicationEvent(Guid LeaveApplicationId, Guid PupilId);

/// <summary>The leave feature's texts for users.</summary>
internal static class LeaveMessages
{
    public const string ReasonRequired = "Begrunnelse må fylles ut.";
    public const string ReasonTooLong = "Begrunnelsen kan ha høyst 1000 tegn.";
    public const string CommentTooLong = "Kommentaren kan ha høyst 1000 tegn.";
    public const string CommentRequiredForRefusal = "Et avslag må begrunnes med en kommentar.";
    public const string UnknownStatus = "Status må være Pending, Approved, Refused eller Withdrawn.";
    public const string FirstDateInPast = "Permisjon kan ikke søkes for dager som har vært.";
    public const string NotPending = "Søknaden er allerede avgjort eller trukket.";
    public const string LeadersOnly = "Bare rektor og skolekontoret ser permisjonssøknader.";
    public const string PrincipalOnly = "Bare rektor kan avgjøre permisjonssøknader.";
}
