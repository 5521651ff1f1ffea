using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>A staff member's role at a school, with the groups the role covers.</summary>
/// <param name="Id">The assignment's id.</param>
/// <param name="StaffId">The staff member.</param>
/// <param name="StaffName">The staff member's given and family name.</param>
/// <param name="SchoolId">The school.</param>
/// <param name="SchoolName">The school's name.</param>
/// <param name="Role">The role at the school.</param>
/// <param name="GroupIds">The groups the role covers; empty for roles that cover the whole school.</param>
/// <param name="SourcedId">The assignment's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False when the assignment has been deactivated.</param>
public sealed record StaffAssignmentResponse(
    Guid Id, Guid StaffId, string StaffName, Guid SchoolId, string SchoolName, StaffRole Role, IReadOnlyList<Guid> GroupIds, string? SourcedId, bool IsActive);

/// <summary>
/// A new assignment. Teachers and contact teachers name at least one group; office staff and
/// principals cover the whole school and name none; SFO staff and leaders may name SFO groups.
/// </summary>
/// <param name="StaffId">An active staff member of the municipality.</param>
/// <param name="SchoolId">An active school of the municipality.</param>
/// <param name="Role">Teacher, ContactTeacher, Office, SfoStaff, SfoLeader or Principal.</param>
/// <param name="GroupIds">Active groups of the same school that the role covers.</param>
/// <param name="SourcedId">The assignment's id in the source system (OneRoster sourcedId).</param>
public sealed record StaffAssignmentCreateRequest(
    [property: Required(ErrorMessage = "Velg den ansatte.")] Guid? StaffId,
    [property: Required(ErrorMessage = "Velg skolen.")] Guid? SchoolId,
    [property: Required(ErrorMessage = "Velg en rolle."), EnumDataType(typeof(StaffRole), ErrorMessage = StaffRoleNames.UnknownRole)] StaffRole? Role,
    [property: MaxLength(StaffRoleNames.MaxGroups, ErrorMessage = StaffRoleNames.TooManyGroups)] IReadOnlyList<Guid>? GroupIds,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId);

/// <summary>Changes to an assignment: its role and its groups. The staff member and the school stay as they are.</summary>
/// <param name="Role">Teacher, ContactTeacher, Office, SfoStaff, SfoLeader or Principal.</param>
/// <param name="GroupIds">The complete set of groups the role covers from now on.</param>
/// <param name="SourcedId">The assignment's id in the source system (OneRoster sourcedId).</param>
public sealed record StaffAssignmentUpdateRequest(
    [property: Required(ErrorMessage = "Velg en rolle."), EnumDataType(typeof(StaffRole), ErrorMessage = StaffRoleNames.UnknownRole)] StaffRole? Role,
    [property: MaxLength(StaffRoleNames.MaxGroups, ErrorMessage = StaffRoleNames.TooManyGroups)] IReadOnlyList<Guid>? GroupIds,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId);

/// <summary>Filters for the assignment list.</summary>
internal sealed record StaffAssignmentFilter
{
    /// <summary>Only this staff member's assignments.</summary>
    [FromQuery(Name = "staffId")]
    public Guid? StaffId { get; init; }

    /// <summary>Only assignments at this school.</summary>
    [FromQuery(Name = "schoolId")]
    public Guid? SchoolId { get; init; }

    /// <summary>Only assignments in this role.</summary>
    [FromQuery(Name = "role"), EnumDataType(typeof(StaffRole), ErrorMessage = StaffRoleNames.UnknownRole)]
    public StaffRole? Role { get; init; }

    /// <summary>Only assignments that cover this group.</summary>
    [FromQuery(Name = "groupId")]
    public Guid? GroupId { get; init; }

    /// <summary>Include deactivated assignments (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}

/// <summary>The Norwegian names of the staff roles, and the messages about them.</summary>
internal static class StaffRoleNames
{
    public const int MaxGroups = 200;
    public const string UnknownRole = "Ukjent rolle. Bruk Teacher, ContactTeacher, Office, SfoStaff, SfoLeader eller Principal.";
    public const string TooManyGroups = "En tildeling kan omfatte høyst 200 grupper.";

    public static string Norwegian(StaffRole role) => role switch
    {
        StaffRole.Teacher => "lærer",
        StaffRole.ContactTeacher => "kontaktlærer",
        StaffRole.Office => "skolekontor",
        StaffRole.SfoStaff => "SFO-ansatt",
        StaffRole.SfoLeader => "SFO-leder",
        StaffRole.Principal => "rektor",
        _ => role.ToString(),
    };
}
