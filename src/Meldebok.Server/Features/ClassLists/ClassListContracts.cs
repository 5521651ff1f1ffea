using Meldebok.Server.Features.Consents;
using Meldebok.Server.Features.Pupils;
using Meldebok.Server.Features.Roster;

namespace Meldebok.Server.Features.ClassLists;

/// <summary>A guardian who has consented to share their own contact details in the class list.</summary>
/// <param name="Name">The guardian's full name.</param>
/// <param name="Email">E-mail address, if registered.</param>
/// <param name="Mobile">Mobile number (E.164), if registered.</param>
public sealed record SharedGuardianContact(string Name, string? Email, string? Mobile);

/// <summary>A pupil in a guardian's class list: the name, and only the guardians who share their contact details.</summary>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="Guardians">The pupil's guardians who currently consent to share their contact details; empty otherwise.</param>
public sealed record ClassListEntry(string GivenName, string FamilyName, IReadOnlyList<SharedGuardianContact> Guardians);

/// <summary>One of the child's groups as a guardian sees it.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="Name">The group's name, e.g. 5A.</param>
/// <param name="Kind">Class, BasisGroup or SfoGroup.</param>
/// <param name="Pupils">The pupils without a protected address, by given name and family name.</param>
public sealed record GuardianClassList(Guid GroupId, string Name, GroupKind Kind, IReadOnlyList<ClassListEntry> Pupils);

/// <summary>The class lists of a guardian's child: one per active group of the child.</summary>
/// <param name="PupilId">The child.</param>
/// <param name="PupilName">The child's full name.</param>
/// <param name="Groups">The child's active groups (class, basis group, SFO group) with their pupils.</param>
public sealed record GuardianClassListsResponse(Guid PupilId, string PupilName, IReadOnlyList<GuardianClassList> Groups);

/// <summary>A pupil in a staff member's class list.</summary>
/// <param name="PupilId">The pupil.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="HasProtectedAddress">Whether the pupil has a protected address (fortrolig / strengt fortrolig).</param>
/// <param name="PhotoConsent">The photo consent today: Given, Refused, Pending, or None without a valid standing photo-publication request.</param>
/// <param name="GuardianContactsHidden">True when the guardians' contact details are withheld (a protected pupil, and the caller not assigned to one of the pupil's groups).</param>
/// <param name="Guardians">The guardians with active, unblocked links and their contact details; empty when hidden.</param>
public sealed record StaffClassListPupil(
    Guid PupilId, string GivenName, string FamilyName, DateOnly BirthDate, bool HasProtectedAddress, PhotoConsentState PhotoConsent,
    bool GuardianContactsHidden, IReadOnlyList<PupilGuardianContact> Guardians);

/// <summary>A group's full class list for staff.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Kind">Class, BasisGroup or SfoGroup.</param>
/// <param name="SchoolName">The school's name.</param>
/// <param name="Date">The day the consents were read for (today in the municipality).</param>
/// <param name="Pupils">The group's pupils the caller reaches, by given name and family name.</param>
public sealed record StaffClassListResponse(Guid GroupId, string Name, GroupKind Kind, string SchoolName, DateOnly Date, IReadOnlyList<StaffClassListPupil> Pupils);

/// <summary>An SFO unit's class list for its staff: the children with a place at the unit today.</summary>
/// <param name="SfoUnitId">The SFO unit.</param>
/// <param name="Name">The unit's name.</param>
/// <param name="SchoolName">The unit's school.</param>
/// <param name="Date">The day the places and consents were read for (today in the municipality).</param>
/// <param name="Pupils">The children with a place that runs today, as a group's staff list shows them, by given name and family name.</param>
public sealed record SfoUnitClassListResponse(Guid SfoUnitId, string Name, string SchoolName, DateOnly Date, IReadOnlyList<StaffClassListPupil> Pupils);

/// <summary>A group (or an SFO unit) whose class list the staff member may open.</summary>
/// <param name="Id">The group.</param>
/// <param name="Name">Its name.</param>
/// <param name="SchoolName">Its school.</param>
internal sealed record ClassListGroup(Guid Id, string Name, string SchoolName);

/// <summary>A class list as CSV.</summary>
/// <param name="Content">UTF-8 with a byte order mark.</param>
/// <param name="FileName">The file's name.</param>
internal sealed record ClassListExport(byte[] Content, string FileName);
