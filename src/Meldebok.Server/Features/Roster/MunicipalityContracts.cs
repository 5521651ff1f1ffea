using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>A municipality (kommune) as the API shows it.</summary>
public sealed record MunicipalityResponse(
    Guid Id, string Name, string OrganisationNumber, string TimeZone, MunicipalitySettingsContract Settings, bool IsActive);

/// <summary>Settings a municipality chooses for itself.</summary>
/// <param name="AbsenceNoteEnabled">Whether guardians may write a free-text note on an absence notice (off by default, to keep health details out).</param>
/// <param name="AbsenceNoteMaxLength">The longest note allowed, 1 to 1000 characters.</param>
/// <param name="DefaultLanguage">Language for users who have not chosen one: nb, nn or en.</param>
public sealed record MunicipalitySettingsContract(
    bool AbsenceNoteEnabled,
    [property: Range(1, 1000, ErrorMessage = "Lengden på merknader til fravær må være mellom 1 og 1000 tegn.")] int AbsenceNoteMaxLength,
    [property: Required(ErrorMessage = "Standardspråk må fylles ut."), LanguageCode] string DefaultLanguage);

/// <summary>What a municipality administrator may change about their own municipality.</summary>
/// <param name="Name">The municipality's name, e.g. "Trondheim kommune".</param>
/// <param name="TimeZone">IANA time zone, e.g. Europe/Oslo. Leave out to keep the current one.</param>
/// <param name="Settings">The municipality's settings. Leave out to keep the current ones.</param>
public sealed record MunicipalityRequest(
    [property: Required(ErrorMessage = "Navn må fylles ut."), StringLength(RosterLimits.Name, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] string Name,
    [property: TimeZoneId] string? TimeZone = null,
    MunicipalitySettingsContract? Settings = null);

/// <summary>A municipality as the platform operator registers it.</summary>
/// <param name="Name">The municipality's name, e.g. "Trondheim kommune".</param>
/// <param name="OrganisationNumber">Nine-digit organisation number from Enhetsregisteret; unique across the platform.</param>
/// <param name="TimeZone">IANA time zone. Leave out for Europe/Oslo when creating, or to keep the current one when updating.</param>
/// <param name="Settings">The municipality's settings. Leave out for the defaults when creating, or to keep the current ones when updating.</param>
public sealed record MunicipalityRegistrationRequest(
    [property: Required(ErrorMessage = "Navn må fylles ut."), StringLength(RosterLimits.Name, ErrorMessage = "Navnet kan ha høyst 200 tegn.")] string Name,
    [property: Required(ErrorMessage = "Organisasjonsnummer må fylles ut."), OrganisationNumber] string OrganisationNumber,
    [property: TimeZoneId] string? TimeZone = null,
    MunicipalitySettingsContract? Settings = null);

/// <summary>Filters for the platform's list of municipalities.</summary>
internal sealed record MunicipalityFilter
{
    /// <summary>Part of the name, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }

    /// <summary>Include deactivated municipalities (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
