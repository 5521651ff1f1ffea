using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>
/// One guardian as the admin API shows it. The national identity number is masked to its birth date
/// part; the full number is never returned.
/// </summary>
/// <param name="Id">The guardian's id.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="NationalIdentityNumber">The national identity number with all but the birth date part hidden, e.g. "140385*****".</param>
/// <param name="Email">E-mail address, if known.</param>
/// <param name="Mobile">Mobile number in E.164 form, if known.</param>
/// <param name="PreferredLanguage">nb, nn or en.</param>
/// <param name="SourcedId">The guardian's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False when the guardian has been deactivated.</param>
public sealed record GuardianResponse(
    Guid Id,
    string GivenName,
    string FamilyName,
    string NationalIdentityNumber,
    string? Email,
    string? Mobile,
    string PreferredLanguage,
    string? SourcedId,
    bool IsActive);

/// <summary>A guardian in the admin list, without the national identity number (fetch the guardian for that).</summary>
/// <param name="Id">The guardian's id.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="Email">E-mail address, if known.</param>
/// <param name="Mobile">Mobile number in E.164 form, if known.</param>
/// <param name="PreferredLanguage">nb, nn or en.</param>
/// <param name="SourcedId">The guardian's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False when the guardian has been deactivated.</param>
public sealed record GuardianListItem(
    Guid Id,
    string GivenName,
    string FamilyName,
    string? Email,
    string? Mobile,
    string PreferredLanguage,
    string? SourcedId,
    bool IsActive);

/// <summary>The fields of a guardian, for creating and for updating one.</summary>
/// <param name="GivenName">Given name(s), at most 100 characters.</param>
/// <param name="FamilyName">Family name, at most 100 characters.</param>
/// <param name="NationalIdentityNumber">Fødselsnummer or D-number; matched against ID-porten at sign-in, unique within the municipality.</param>
/// <param name="Email">E-mail address, optional, at most 254 characters.</param>
/// <param name="Mobile">Mobile number in E.164 form, e.g. +4791234567, optional.</param>
/// <param name="PreferredLanguage">nb, nn or en; nb when left out.</param>
/// <param name="SourcedId">The guardian's id in the source system (OneRoster sourcedId).</param>
public sealed record GuardianRequest(
    [property: Required(ErrorMessage = "Fornavn må fylles ut."), StringLength(RosterLimits.PersonName, ErrorMessage = "Fornavnet kan ha høyst 100 tegn.")] string GivenName,
    [property: Required(ErrorMessage = "Etternavn må fylles ut."), StringLength(RosterLimits.PersonName, ErrorMessage = "Etternavnet kan ha høyst 100 tegn.")] string FamilyName,
    [property: Required(ErrorMessage = "Fødselsnummer må fylles ut."), NationalIdentityNumber] string NationalIdentityNumber,
    [property: EmailAddress(ErrorMessage = "E-postadressen er ikke gyldig."), StringLength(RosterLimits.Email, ErrorMessage = "E-postadressen kan ha høyst 254 tegn.")] string? Email = null,
    [property: E164Phone] string? Mobile = null,
    [property: LanguageCode] string? PreferredLanguage = null,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId = null);

/// <summary>Filters for the guardian list.</summary>
internal sealed record GuardianFilter
{
    /// <summary>Part of the name or e-mail address, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Only guardians linked to this pupil.</summary>
    [FromQuery(Name = "pupilId")]
    public Guid? PupilId { get; init; }

    /// <summary>Include deactivated guardians, and guardians whose link to the pupil is deactivated (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
