using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Features.Roster;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Pupils;

/// <summary>Who the signed-in person is, as the roster sees them now.</summary>
/// <param name="AccountId">The account id (sub).</param>
/// <param name="DisplayName">The name to show for the person.</param>
/// <param name="Roles">The roles derived from the roster: guardian, staff, municipality-admin, platform-operator.</param>
/// <param name="GuardianIds">The person's active guardian records (one per municipality).</param>
/// <param name="StaffId">The person's active staff record, if any.</param>
/// <param name="AdministratorId">The person's active administrator record, if any.</param>
/// <param name="MunicipalityId">The municipality the person works in (staff or administrator), if any.</param>
public sealed record MeResponse(
    Guid AccountId, string? DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<Guid> GuardianIds, Guid? StaffId, Guid? AdministratorId, Guid? MunicipalityId);

/// <summary>Filters of the pupil list.</summary>
internal sealed record ReachablePupilFilter
{
    /// <summary>Only pupils in this group.</summary>
    [FromQuery(Name = "groupId")]
    public Guid? GroupId { get; init; }

    /// <summary>Part of the pupil's name, case-insensitive.</summary>
    [FromQuery(Name = "search"), StringLength(100, ErrorMessage = "Søket kan ha høyst 100 tegn.")]
    public string? Search { get; init; }
}

/// <summary>A pupil in the caller's list.</summary>
/// <param name="Id">The pupil's id.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="SchoolId">The pupil's school.</param>
/// <param name="SchoolName">The school's name.</param>
public sealed record ReachablePupilListItem(Guid Id, string GivenName, string FamilyName, DateOnly BirthDate, Guid SchoolId, string SchoolName);

/// <summary>A group the pupil belongs to.</summary>
/// <param name="Id">The group's id.</param>
/// <param name="Name">The group's name, e.g. 5A.</param>
/// <param name="Kind">Class, BasisGroup or SfoGroup.</param>
public sealed record PupilGroupInfo(Guid Id, string Name, GroupKind Kind);

/// <summary>How staff reach a pupil's guardian. Never carries a national identity number.</summary>
/// <param name="GuardianId">The guardian's id.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="Email">E-mail address, if registered.</param>
/// <param name="Mobile">Mobile number (E.164), if registered.</param>
/// <param name="PreferredLanguage">nb, nn or en.</param>
/// <param name="ParentalResponsibility">Has parental responsibility (foreldreansvar).</param>
/// <param name="DailyCare">Has daily care (daglig omsorg).</param>
/// <param name="RightToInformation">Has a right to information without parental responsibility.</param>
public sealed record PupilGuardianContact(
    Guid GuardianId, string GivenName, string FamilyName, string? Email, string? Mobile, string PreferredLanguage,
    bool ParentalResponsibility, bool DailyCare, bool RightToInformation);

/// <summary>
/// One pupil as the caller may see them. Guardians get name, birth date, school and groups; staff also
/// see whether the address is protected and, where allowed, the guardians' contact details.
/// </summary>
/// <param name="Id">The pupil's id.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="SchoolId">The pupil's school.</param>
/// <param name="SchoolName">The school's name.</param>
/// <param name="Groups">The pupil's active groups.</param>
/// <param name="HasProtectedAddress">Staff only: whether the pupil has a protected address; empty for guardians.</param>
/// <param name="Guardians">Staff only: the guardians with active, unblocked links and their contact details; empty for guardians, and for protected pupils unless the staff member is assigned to one of the pupil's groups.</param>
/// <param name="PhotoConsent">Staff only: the photo consent today (Given, Refused, Pending, or None without a valid standing photo-publication request); empty for guardians.</param>
public sealed record ReachablePupilResponse(
    Guid Id, string GivenName, string FamilyName, DateOnly BirthDate, Guid SchoolId, string SchoolName,
    IReadOnlyList<PupilGroupInfo> Groups, bool? HasProtectedAddress, IReadOnlyList<PupilGuardianContact>? Guardians,
    Features.Consents.PhotoConsentState? PhotoConsent = null);
