using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>A pupil as the admin API shows one. The national identity number is masked to its birth date part.</summary>
/// <param name="Id">The pupil's id.</param>
/// <param name="SchoolId">The school the pupil attends.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="NationalIdentityNumber">The national identity number with all but the birth date part hidden, e.g. "140316*****"; empty when none is registered.</param>
/// <param name="ProtectedAddress">Whether the pupil has a protected address (fortrolig / strengt fortrolig).</param>
/// <param name="GroupIds">The groups the pupil is a member of.</param>
/// <param name="SourcedId">The pupil's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False when the pupil has been deactivated.</param>
public sealed record PupilResponse(
    Guid Id,
    Guid SchoolId,
    string GivenName,
    string FamilyName,
    DateOnly BirthDate,
    string? NationalIdentityNumber,
    ProtectedAddressLevel ProtectedAddress,
    IReadOnlyList<Guid> GroupIds,
    string? SourcedId,
    bool IsActive);

/// <summary>A pupil in the admin list: no national identity number and no groups (fetch the pupil for those).</summary>
/// <param name="Id">The pupil's id.</param>
/// <param name="SchoolId">The school the pupil attends.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="ProtectedAddress">Whether the pupil has a protected address (fortrolig / strengt fortrolig).</param>
/// <param name="SourcedId">The pupil's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False when the pupil has been deactivated.</param>
public sealed record PupilListItem(
    Guid Id,
    Guid SchoolId,
    string GivenName,
    string FamilyName,
    DateOnly BirthDate,
    ProtectedAddressLevel ProtectedAddress,
    string? SourcedId,
    bool IsActive);

/// <summary>
/// The fields of a pupil, for creating and for updating one. The school and the groups must be active
/// records of the caller's municipality, and every group must belong to the pupil's school; on update, a
/// school or group the pupil already has may stay even if it has been deactivated since.
/// </summary>
/// <param name="SchoolId">The school the pupil attends.</param>
/// <param name="GivenName">Given name(s), at most 100 characters.</param>
/// <param name="FamilyName">Family name, at most 100 characters.</param>
/// <param name="BirthDate">Date of birth: not in the future and at most 25 years back (in the municipality's time zone).</param>
/// <param name="NationalIdentityNumber">Fødselsnummer or D-number, optional; its date part must match the birth date, and it must be unique within the municipality.</param>
/// <param name="ProtectedAddress">None, Confidential (fortrolig) or StrictlyConfidential (strengt fortrolig); None when left out.</param>
/// <param name="GroupIds">The pupil's groups. The list replaces the pupil's memberships; duplicates count once; left out means none.</param>
/// <param name="SourcedId">The pupil's id in the source system (OneRoster sourcedId).</param>
public sealed record PupilRequest(
    [property: Required(ErrorMessage = "Skole må velges.")] Guid? SchoolId,
    [property: Required(ErrorMessage = "Fornavn må fylles ut."), StringLength(RosterLimits.PersonName, ErrorMessage = "Fornavnet kan ha høyst 100 tegn.")] string GivenName,
    [property: Required(ErrorMessage = "Etternavn må fylles ut."), StringLength(RosterLimits.PersonName, ErrorMessage = "Etternavnet kan ha høyst 100 tegn.")] string FamilyName,
    [property: Required(ErrorMessage = "Fødselsdato må fylles ut.")] DateOnly? BirthDate,
    [property: NationalIdentityNumber] string? NationalIdentityNumber,
    [property: EnumDataType(typeof(ProtectedAddressLevel), ErrorMessage = "Adressesperren må være None, Confidential eller StrictlyConfidential.")] ProtectedAddressLevel ProtectedAddress = ProtectedAddressLevel.None,
    IReadOnlyList<Guid>? GroupIds = null,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId = null);

/// <summary>Filters for the pupil list.</summary>
internal sealed record PupilFilter
{
    /// <summary>Only pupils of this school.</summary>
    [FromQuery(Name = "schoolId")]
    public Guid? SchoolId { get; init; }

    /// <summary>Only members of this group.</summary>
    [FromQuery(Name = "groupId")]
    public Guid? GroupId { get; init; }

    /// <summary>Part of the given or family name, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Only pupils with this level of address protection.</summary>
    [FromQuery(Name = "protectedAddress")]
    public ProtectedAddressLevel? ProtectedAddress { get; init; }

    /// <summary>Include deactivated pupils (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
