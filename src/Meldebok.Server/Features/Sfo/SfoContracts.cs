using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Sfo;

/// <summary>Settings of the SFO day (section <c>Sfo</c>).</summary>
internal sealed class SfoOptions
{
    public const string Section = "Sfo";

    /// <summary>How long after a check-in or check-out it may be undone.</summary>
    [Range(10, 3600, ErrorMessage = "Sfo:UndoWindowSeconds must be between 10 and 3600.")]
    public int UndoWindowSeconds { get; set; } = 120;

    /// <summary>How many minutes after the handover a child neither checked in nor reported absent raises the missing-child alert.</summary>
    [Range(1, 240, ErrorMessage = "Sfo:MissingAlertMinutes must be between 1 and 240.")]
    public int MissingAlertMinutes { get; set; } = 15;
}

/// <summary>Real-time events of the SFO day. Staff events carry ids only; the guardians' events what their page shows.</summary>
internal static class SfoEvents
{
    /// <summary>To the unit's staff and the school office. Payload { attendanceId, sfoUnitId, pupilId, date }.</summary>
    public const string CheckedIn = "sfo.checked-in";
    /// <summary>To the unit's staff and the school office. Payload { attendanceId, sfoUnitId, pupilId, date }.</summary>
    public const string CheckedOut = "sfo.checked-out";
    /// <summary>To the unit's staff, the school office and the child's guardians. Payload { attendanceId, sfoUnitId, pupilId, date }.</summary>
    public const string Undone = "sfo.undone";
    /// <summary>To the staff of each unit a pupil was handed over to. Payload { handoverId, groupId, sfoUnitId }.</summary>
    public const string HandedOver = "sfo.handed-over";
    /// <summary>To the unit's staff and the school office. Payload { sfoUnitId, pupilId, date }.</summary>
    public const string Missing = "sfo.missing";
    /// <summary>To the child's guardians only: <see cref="SfoGuardianEvent"/>.</summary>
    public const string ChildCheckedIn = "sfo.child-checked-in";
    /// <summary>To the child's guardians only: <see cref="SfoGuardianEvent"/>.</summary>
    public const string ChildCheckedOut = "sfo.child-checked-out";
}

/// <summary>Ids of an attendance row and its day, for staff clients to re-fetch the board.</summary>
internal sealed record SfoAttendanceEvent(Guid AttendanceId, Guid SfoUnitId, Guid PupilId, DateOnly Date);

/// <summary>What a guardian's page needs to say "Hentet av bestemor 15:42" without a second request (Summary is that text in Norwegian).</summary>
internal sealed record SfoGuardianEvent(Guid AttendanceId, Guid PupilId, SfoAttendanceKind Kind, DateTimeOffset At, string LocalTime,
    DepartureMethod? Method, string? PickedUpByName, string Summary);

/// <summary>A new SFO place.</summary>
/// <param name="PupilId">A pupil of the unit's school.</param>
/// <param name="Weekdays">The weekdays of the place (Monday–Friday), at least one.</param>
/// <param name="PlacePercentage">The size of the place in percent (10–100), e.g. 20, 40, 60, 80 or 100.</param>
/// <param name="StartDate">The first day of the place.</param>
/// <param name="EndDate">The last day of the place, on or after the start; empty for open-ended.</param>
public sealed record SfoEnrolmentRequest(
    [property: Required(ErrorMessage = "Eleven må velges.")] Guid? PupilId,
    [property: Required(ErrorMessage = "Minst én ukedag må velges.")] IReadOnlyList<DayOfWeek>? Weekdays,
    [property: Required(ErrorMessage = "Plassprosent må fylles ut."), Range(10, 100, ErrorMessage = "Plassprosent må være mellom 10 og 100.")] int? PlacePercentage,
    [property: Required(ErrorMessage = "Startdato må fylles ut.")] DateOnly? StartDate,
    DateOnly? EndDate);

/// <summary>A change to an SFO place: the whole place as it should read now (the pupil stays).</summary>
/// <param name="Weekdays">The weekdays of the place (Monday–Friday), at least one.</param>
/// <param name="PlacePercentage">The size of the place in percent (10–100).</param>
/// <param name="StartDate">The first day of the place.</param>
/// <param name="EndDate">The last day of the place; empty for open-ended.</param>
public sealed record SfoEnrolmentChange(
    [property: Required(ErrorMessage = "Minst én ukedag må velges.")] IReadOnlyList<DayOfWeek>? Weekdays,
    [property: Required(ErrorMessage = "Plassprosent må fylles ut."), Range(10, 100, ErrorMessage = "Plassprosent må være mellom 10 og 100.")] int? PlacePercentage,
    [property: Required(ErrorMessage = "Startdato må fylles ut.")] DateOnly? StartDate,
    DateOnly? EndDate);

/// <summary>Filters of a unit's enrolment list.</summary>
internal sealed record SfoEnrolmentFilter
{
    /// <summary>Only places that run on this date (started, not ended); weekdays are not considered.</summary>
    [FromQuery(Name = "activeOn")]
    public DateOnly? ActiveOn { get; init; }

    /// <summary>Only this pupil's places.</summary>
    [FromQuery(Name = "pupilId")]
    public Guid? PupilId { get; init; }
}

/// <summary>When an ended place ends.</summary>
internal sealed record SfoEnrolmentEnd
{
    /// <summary>The last day of the place (default today).</summary>
    [FromQuery(Name = "endDate")]
    public DateOnly? EndDate { get; init; }
}

/// <summary>An SFO place.</summary>
public sealed record SfoEnrolmentResponse(
    Guid Id, Guid SfoUnitId, Guid PupilId, string GivenName, string FamilyName, IReadOnlyList<DayOfWeek> Weekdays, int PlacePercentage,
    DateOnly StartDate, DateOnly? EndDate, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A child arrives at SFO.</summary>
/// <param name="PupilId">A pupil of the unit's school.</param>
/// <param name="Reason">Required when the child has no place that day: why the child is here (recorded).</param>
public sealed record SfoCheckInRequest(
    [property: Required(ErrorMessage = "Eleven må velges.")] Guid? PupilId,
    [property: StringLength(SfoLimits.Reason, ErrorMessage = "Grunnen kan ha høyst 300 tegn.")] string? Reason = null);

/// <summary>A child leaves SFO.</summary>
/// <param name="PupilId">A child checked in at the unit today.</param>
/// <param name="Method">PickedUp, WentHomeAlone, Bus or Activity.</param>
/// <param name="AuthorizedPersonId">For PickedUp: the authorized pickup person chosen from the child's list.</param>
/// <param name="PickedUpByName">For PickedUp: the name of who picked the child up, when not chosen from the list.</param>
/// <param name="ConfirmUnlistedPickup">Must be true when the pickup is by someone not on the authorized list: the staff member confirms it (recorded).</param>
/// <param name="Note">An optional note, at most 500 characters.</param>
public sealed record SfoCheckOutRequest(
    [property: Required(ErrorMessage = "Eleven må velges.")] Guid? PupilId,
    [property: Required(ErrorMessage = "Hvordan barnet dro må velges."), EnumDataType(typeof(DepartureMethod), ErrorMessage = "Ukjent måte å dra på.")] DepartureMethod? Method,
    Guid? AuthorizedPersonId = null,
    [property: StringLength(SfoLimits.PickedUpByName, ErrorMessage = "Navnet kan ha høyst 120 tegn.")] string? PickedUpByName = null,
    bool? ConfirmUnlistedPickup = null,
    [property: StringLength(SfoLimits.Note, ErrorMessage = "Merknaden kan ha høyst 500 tegn.")] string? Note = null);

/// <summary>A check-in or check-out as recorded.</summary>
public sealed record SfoAttendanceResponse(
    Guid Id, Guid SfoUnitId, Guid PupilId, DateOnly Date, SfoAttendanceKind Kind, DateTimeOffset OccurredAt, string? Reason,
    DepartureMethod? Method, Guid? AuthorizedPersonId, string? PickedUpByName, bool UnlistedPickupConfirmed, string? Note,
    DateTimeOffset? UndoneAt, DateTimeOffset UndoableUntil);

/// <summary>Where a child stands on the board.</summary>
public enum SfoBoardState
{
    /// <summary>Forventet: expected, not handed over, not arrived.</summary>
    Expected,
    /// <summary>Overlevert: handed over by the school, not checked in yet.</summary>
    HandedOver,
    /// <summary>Her nå: checked in.</summary>
    Arrived,
    /// <summary>Gått hjem: checked out.</summary>
    Gone,
}

/// <summary>A check-in or check-out on the board.</summary>
public sealed record SfoBoardEvent(Guid Id, DateTimeOffset At, string? Reason, DepartureMethod? Method, Guid? AuthorizedPersonId, string? PickedUpByName, bool Undoable);

/// <summary>
/// A child on the SFO board. Enrolled: the child has a place that day (false for a child checked in with a reason).
/// AbsentFrom/AbsentTo: part-day absence reported to the SFO (local time). HandedOverAt: the day's first handover by the
/// school. Missing: handed over, neither arrived nor reported absent Sfo:MissingAlertMinutes after — the alert is raised.
/// PickupPlan: the day's pickup plan (the guardians' pickup message for the day, else their weekly rule; empty when neither
/// says anything). AuthorizedPersons: who may pick the child up today (the guardians' list), for the check-out.
/// </summary>
public sealed record SfoBoardRow(
    Guid PupilId, string GivenName, string FamilyName, bool Enrolled, SfoBoardState State, TimeOnly? AbsentFrom, TimeOnly? AbsentTo,
    DateTimeOffset? HandedOverAt, SfoBoardEvent? CheckIn, SfoBoardEvent? CheckOut, bool Missing, Pickup.PickupPlan? PickupPlan,
    IReadOnlyList<Pickup.AuthorizedPickupPersonView> AuthorizedPersons);

/// <summary>How many children are where; AbsentWholeDay counts children with a place that day reported absent (or on approved leave) for the whole day, who are not on the board.</summary>
public sealed record SfoBoardCounts(int Expected, int HandedOver, int Arrived, int Gone, int Missing, int AbsentWholeDay);

/// <summary>
/// An SFO unit's day, whole or as a delta. LastEventId: the newest published event sequence when the board was read (the same
/// numbering as the hub's events and <c>GET /api/v1/events</c>); ask <c>?since=</c> it next time. Full: true when Rows is the
/// whole board (no <c>since</c>, or a <c>since</c> older than the kept events or unknown) — then Counts is set; false for a
/// delta: Rows holds only the children on the board whose row changed after <c>since</c>, RemovedPupilIds the changed children
/// no longer on it (a check-in without a place undone, a whole-day absence), and Counts is null (count the rows you hold).
/// </summary>
public sealed record SfoBoardResponse(Guid SfoUnitId, string SfoUnitName, DateOnly Date, IReadOnlyList<SfoBoardRow> Rows, SfoBoardCounts? Counts,
    long LastEventId, bool Full, IReadOnlyList<Guid> RemovedPupilIds);

/// <summary>Query of the board: <c>?since=120</c> asks for the children whose row changed after that event.</summary>
internal sealed record SfoBoardQuery
{
    /// <summary>The board's lastEventId from the previous read (or the sequence of the last event seen); empty for the whole board.</summary>
    [FromQuery(Name = "since"), Range(0, long.MaxValue, ErrorMessage = "since må være 0 eller større.")]
    public long? Since { get; init; }
}

/// <summary>A pupil of the unit's school, for choosing one to check in without a place.</summary>
internal sealed record SfoSchoolPupil(Guid PupilId, string GivenName, string FamilyName);

/// <summary>An SFO unit the staff member works the board of.</summary>
public sealed record SfoBoardUnit(Guid Id, string Name, Guid SchoolId);

/// <summary>A teacher hands pupils over from school to SFO.</summary>
/// <param name="Date">The day (today, local time).</param>
/// <param name="PupilIds">The pupils handed over; omitted means every pupil of the group expected at SFO that day.</param>
public sealed record SfoHandoverRequest(
    [property: Required(ErrorMessage = "Dato må fylles ut.")] DateOnly? Date,
    IReadOnlyList<Guid>? PupilIds = null);

/// <summary>A pupil handed over.</summary>
public sealed record SfoHandoverPupilResponse(Guid PupilId, string GivenName, string FamilyName, Guid SfoUnitId);

/// <summary>A recorded handover.</summary>
public sealed record SfoHandoverResponse(Guid Id, Guid GroupId, DateOnly Date, DateTimeOffset HandedOverAt, IReadOnlyList<SfoHandoverPupilResponse> Pupils);

/// <summary>A group's pupils expected at SFO today, for the handover page.</summary>
public sealed record SfoHandoverCandidate(Guid PupilId, string GivenName, string FamilyName, Guid SfoUnitId, DateTimeOffset? HandedOverAt);

/// <summary>What the guardian sees of the child's SFO day.</summary>
public enum SfoChildStatus
{
    /// <summary>No place today (or reported absent the whole day).</summary>
    NotExpected,
    /// <summary>Expected at SFO, not arrived yet.</summary>
    Expected,
    /// <summary>At SFO now.</summary>
    CheckedIn,
    /// <summary>Has left SFO.</summary>
    CheckedOut,
}

/// <summary>A child's SFO day as the guardian sees it; Summary says it in Norwegian, e.g. "Hentet av bestemor 15:42", "Gikk hjem selv 15:00", "På SFO fra 13:05".</summary>
public sealed record SfoTodayResponse(
    Guid PupilId, DateOnly Date, SfoChildStatus Status, string? SfoUnitName, TimeOnly? AbsentFrom, TimeOnly? AbsentTo,
    DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt, DepartureMethod? Method, string? PickedUpByName, string Summary);
