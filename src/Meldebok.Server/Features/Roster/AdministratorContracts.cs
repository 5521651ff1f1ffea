using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>A municipality administrator as the admin API shows them.</summary>
/// <param name="Id">The administrator's id.</param>
/// <param name="GivenName">Given name (fornavn).</param>
/// <param name="FamilyName">Family name (etternavn).</param>
/// <param name="Email">E-mail address; unique within the municipality.</param>
/// <param name="FeideId">Feide identifier (eduPersonPrincipalName), in lower case.</param>
/// <param name="IsActive">False when the administrator has been deactivated.</param>
public sealed record AdministratorResponse(Guid Id, string GivenName, string FamilyName, string Email, string? FeideId, bool IsActive);

/// <summary>The fields of a municipality administrator, for creating and for updating one.</summary>
/// <param name="GivenName">Given name (fornavn).</param>
/// <param name="FamilyName">Family name (etternavn).</param>
/// <param name="Email">E-mail address; unique within the municipality.</param>
/// <param name="FeideId">Feide identifier, <c>user@realm</c>, if the administrator signs in with Feide.</param>
public sealed record AdministratorRequest(
    [property: Required(ErrorMessage = PersonFieldMessages.GivenNameRequired), StringLength(RosterLimits.PersonName, ErrorMessage = PersonFieldMessages.GivenNameTooLong)] string GivenName,
    [property: Required(ErrorMessage = PersonFieldMessages.FamilyNameRequired), StringLength(RosterLimits.PersonName, ErrorMessage = PersonFieldMessages.FamilyNameTooLong)] string FamilyName,
    [property: Required(ErrorMessage = "E-postadresse må fylles ut."), EmailAddress(ErrorMessage = PersonFieldMessages.EmailInvalid), StringLength(RosterLimits.Email, ErrorMessage = PersonFieldMessages.EmailTooLong)] string Email,
    [property: FeideId, StringLength(RosterLimits.Email, ErrorMessage = PersonFieldMessages.FeideIdTooLong)] string? FeideId);

/// <summary>Filters for the administrator list.</summary>
internal sealed record AdministratorFilter
{
    /// <summary>Part of the name, e-mail address or Feide id, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Include deactivated administrators (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
