using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>An SFO unit (after-school care) as the admin API shows it.</summary>
/// <param name="Id">The unit's id.</param>
/// <param name="SchoolId">The school the unit belongs to.</param>
/// <param name="Name">The unit's name.</param>
/// <param name="LateNoticeDeadline">Local time after which an absence notice for today concerning SFO is flagged late and pushed as urgent.</param>
/// <param name="SourcedId">The unit's id in the source system.</param>
/// <param name="IsActive">False once deactivated.</param>
/// <param name="PickupMessageDeadline">Local time after which a pickup message for today is flagged late and pushed as urgent to the unit's SFO staff.</param>
public sealed record SfoUnitResponse(Guid Id, Guid SchoolId, string Name, TimeOnly LateNoticeDeadline, string? SourcedId, bool IsActive, TimeOnly PickupMessageDeadline);

/// <summary>The fields of an SFO unit, for creating and for updating one.</summary>
/// <param name="SchoolId">The school the unit belongs to: an active school of the municipality. It cannot be changed later.</param>
/// <param name="Name">The unit's name, e.g. "Lianvatnet SFO".</param>
/// <param name="SourcedId">The unit's id in the source system (OneRoster sourcedId).</param>
/// <param name="LateNoticeDeadline">Local time after which an absence notice for today concerning SFO is late, e.g. "10:00" (the default).</param>
/// <param name="PickupMessageDeadline">Local time after which a pickup message for today is late, e.g. "12:00" (the default).</param>
public sealed record SfoUnitRequest(
    [property: Required(ErrorMessage = "Skole må velges.")] Guid? SchoolId,
    [property: Required(ErrorMessage = "Navn må fylles ut."), StringLength(RosterLimits.Name, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] string Name,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId = null,
    TimeOnly? LateNoticeDeadline = null,
    TimeOnly? PickupMessageDeadline = null);

/// <summary>Filters for the SFO unit list.</summary>
internal sealed record SfoUnitFilter
{
    /// <summary>Only units of this school.</summary>
    [FromQuery(Name = "schoolId")]
    public Guid? SchoolId { get; init; }

    /// <summary>Part of the name, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Include deactivated units (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
