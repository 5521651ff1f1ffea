using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>A class, base group or SFO group as the admin API shows it.</summary>
/// <param name="Id">The group's id.</param>
/// <param name="SchoolId">The school the group belongs to.</param>
/// <param name="SfoUnitId">For SFO groups: the SFO unit the group belongs to.</param>
/// <param name="Name">The group's name, e.g. "5B".</param>
/// <param name="Kind">Class, BasisGroup or SfoGroup.</param>
/// <param name="SchoolYear">The calendar year the school year starts in: 2026 means 2026/2027.</param>
/// <param name="Grade">Grade (trinn) 1–10; empty for groups that span grades.</param>
/// <param name="SourcedId">The group's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False once the group is deactivated.</param>
/// <param name="MemberCount">Active pupils in the group.</param>
public sealed record GroupResponse(
    Guid Id, Guid SchoolId, Guid? SfoUnitId, string Name, GroupKind Kind, int SchoolYear, int? Grade, string? SourcedId, bool IsActive, int MemberCount);

/// <summary>The fields of a group, for creating and for updating one.</summary>
/// <param name="SchoolId">The school the group belongs to: an active school of the municipality. It cannot be changed later.</param>
/// <param name="Name">The group's name, e.g. "5B".</param>
/// <param name="Kind">Class, BasisGroup or SfoGroup.</param>
/// <param name="SchoolYear">The calendar year the school year starts in, 2000–2100: 2026 means 2026/2027.</param>
/// <param name="Grade">Grade (trinn) 1–10; leave out for groups that span grades.</param>
/// <param name="SfoUnitId">Required for SFO groups and not allowed for other kinds: an active SFO unit of the same school.</param>
/// <param name="SourcedId">The group's id in the source system (OneRoster sourcedId).</param>
public sealed record GroupRequest(
    [property: Required(ErrorMessage = "Skole må velges.")] Guid? SchoolId,
    [property: Required(ErrorMessage = "Navn må fylles ut."), StringLength(RosterLimits.Name, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] string Name,
    [property: Required(ErrorMessage = "Type gruppe må velges."), EnumDataType(typeof(GroupKind), ErrorMessage = "Type gruppe må være Class, BasisGroup eller SfoGroup.")] GroupKind? Kind,
    [property: Required(ErrorMessage = "Skoleår må fylles ut."), Range(2000, 2100, ErrorMessage = "Skoleåret må være mellom 2000 og 2100.")] int? SchoolYear,
    [property: Range(1, 10, ErrorMessage = "Trinnet må være mellom 1 og 10.")] int? Grade = null,
    Guid? SfoUnitId = null,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId = null);

/// <summary>Filters for the group list.</summary>
internal sealed record GroupFilter
{
    /// <summary>Only groups of this school.</summary>
    [FromQuery(Name = "schoolId")]
    public Guid? SchoolId { get; init; }

    /// <summary>Only groups of this SFO unit.</summary>
    [FromQuery(Name = "sfoUnitId")]
    public Guid? SfoUnitId { get; init; }

    /// <summary>Only groups of this kind: Class, BasisGroup or SfoGroup.</summary>
    [FromQuery(Name = "kind"), EnumDataType(typeof(GroupKind), ErrorMessage = "Type gruppe må være Class, BasisGroup eller SfoGroup.")]
    public GroupKind? Kind { get; init; }

    /// <summary>Only groups of this school year (the year it starts in).</summary>
    [FromQuery(Name = "schoolYear"), Range(2000, 2100, ErrorMessage = "Skoleåret må være mellom 2000 og 2100.")]
    public int? SchoolYear { get; init; }

    /// <summary>Only groups of this grade, 1–10.</summary>
    [FromQuery(Name = "grade"), Range(1, 10, ErrorMessage = "Trinnet må være mellom 1 og 10.")]
    public int? Grade { get; init; }

    /// <summary>Part of the name, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Include deactivated groups (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
