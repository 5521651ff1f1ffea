namespace Meldebok.Server.Features.Absence;

/// <summary>Where a leave application stands.</summary>
public enum LeaveApplicationStatus
{
    /// <summary>Awaiting the principal's decision.</summary>
    Pending,
    /// <summary>Innvilget.</summary>
    Approved,
    /// <summary>Avslått.</summary>
    Refused,
    /// <summary>Trukket av foresatt før vedtak.</summary>
    Withdrawn,
}

/// <summary>
/// A guardian's application for leave (permisjonssøknad) for given days. The principal decides; an
/// approved application becomes an <see cref="AbsenceNotice"/> with reason <see cref="AbsenceReason.Leave"/>
/// so the days count as absence.
/// </summary>
internal sealed class LeaveApplication
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid PupilId { get; init; }
    public Guid SchoolId { get; init; }
    public Guid AppliedByGuardianId { get; init; }
    public DateOnly FirstDate { get; set; }
    public DateOnly LastDate { get; set; }
    public required string Reason { get; set; }
    public LeaveApplicationStatus Status { get; set; } = LeaveApplicationStatus.Pending;
    public Guid? DecidedByStaffId { get; set; }
    public string? DecisionComment { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
