using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>A school as the admin API shows it.</summary>
public sealed record SchoolResponse(Guid Id, string Name, string? OrganisationNumber, string? SourcedId, bool IsActive);

/// <summary>The fields of a school, for creating and for updating one.</summary>
/// <param name="Name">The school's name, e.g. "Lianvatnet skole".</param>
/// <param name="OrganisationNumber">Nine-digit organisation number, if the school has its own.</param>
/// <param name="SourcedId">The school's id in the source system (OneRoster sourcedId).</param>
public sealed record SchoolRequest(
    [property: Required(ErrorMessage = "Navn må fylles ut."), StringLength(RosterLimits.Name, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] string Name,
    [property: OrganisationNumber] string? OrganisationNumber,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId);

/// <summary>Filters for the school list.</summary>
internal sealed record SchoolFilter
{
    /// <summary>Part of the name, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Include deactivated schools (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
