using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>A member of staff as the admin API lists them.</summary>
/// <param name="Id">The staff member's id.</param>
/// <param name="GivenName">Given name (fornavn).</param>
/// <param name="FamilyName">Family name (etternavn).</param>
/// <param name="FeideId">Feide identifier (eduPersonPrincipalName), in lower case.</param>
/// <param name="Email">Work e-mail address.</param>
/// <param name="Mobile">Work mobile number in E.164 form.</param>
/// <param name="SourcedId">The staff member's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False when the staff member has been deactivated.</param>
public sealed record StaffResponse(
    Guid Id, string GivenName, string FamilyName, string? FeideId, string? Email, string? Mobile, string? SourcedId, bool IsActive);

/// <summary>A member of staff with every role they hold at a school, active or not.</summary>
/// <param name="Staff">The staff member.</param>
/// <param name="Assignments">The staff member's assignments, by school and role.</param>
public sealed record StaffDetailsResponse(StaffResponse Staff, IReadOnlyList<StaffAssignmentResponse> Assignments);

/// <summary>The fields of a staff member, for creating and for updating one.</summary>
/// <param name="GivenName">Given name (fornavn).</param>
/// <param name="FamilyName">Family name (etternavn).</param>
/// <param name="FeideId">Feide identifier, <c>user@realm</c>, e.g. kari.larsen@trondheim.kommune.no. Unique across the platform.</param>
/// <param name="Email">Work e-mail address.</param>
/// <param name="Mobile">Work mobile number in E.164 form, e.g. +4791234567.</param>
/// <param name="SourcedId">The staff member's id in the source system (OneRoster sourcedId).</param>
public sealed record StaffRequest(
    [property: Required(ErrorMessage = PersonFieldMessages.GivenNameRequired), StringLength(RosterLimits.PersonName, ErrorMessage = PersonFieldMessages.GivenNameTooLong)] string GivenName,
    [property: Required(ErrorMessage = PersonFieldMessages.FamilyNameRequired), StringLength(RosterLimits.PersonName, ErrorMessage = PersonFieldMessages.FamilyNameTooLong)] string FamilyName,
    [property: FeideId, StringLength(RosterLimits.Email, ErrorMessage = PersonFieldMessages.FeideIdTooLong)] string? FeideId,
    [property: EmailAddress(ErrorMessage = PersonFieldMessages.EmailInvalid), StringLength(RosterLimits.Email, ErrorMessage = PersonFieldMessages.EmailTooLong)] string? Email,
    [property: E164Phone] string? Mobile,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId);

/// <summary>Filters for the staff list.</summary>
internal sealed record StaffFilter
{
    /// <summary>Part of the name, e-mail address or Feide id, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Only staff with an active assignment at this school.</summary>
    [FromQuery(Name = "schoolId")]
    public Guid? SchoolId { get; init; }

    /// <summary>Only staff with an active assignment in this role (at <c>schoolId</c>, when given).</summary>
    [FromQuery(Name = "role"), EnumDataType(typeof(StaffRole), ErrorMessage = StaffRoleNames.UnknownRole)]
    public StaffRole? Role { get; init; }

    /// <summary>Include deactivated staff (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}

/// <summary>Validation messages for the people of the roster (staff and administrators).</summary>
internal static class PersonFieldMessages
{
    public const string GivenNameRequired = "Fornavn må fylles ut.";
    public const string GivenNameTooLong = "Fornavnet kan ha høyst 100 tegn.";
    public const string FamilyNameRequired = "Etternavn må fylles ut.";
    public const string FamilyNameTooLong = "Etternavnet kan ha høyst 100 tegn.";
    public const string FeideIdTooLong = "Feide-id-en kan ha høyst 254 tegn.";
    public const string EmailInvalid = "E-postadressen er ikke gyldig.";
    public const string EmailTooLong = "E-postadressen kan ha høyst 254 tegn.";
}
