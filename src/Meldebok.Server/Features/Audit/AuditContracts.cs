using Meldebok.Server.Features.Roster;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Audit;

/// <summary>Filters of the audit log.</summary>
internal sealed record AuditFilter
{
    /// <summary>Only entries about this pupil.</summary>
    [FromQuery(Name = "pupilId")]
    public Guid? PupilId { get; init; }

    /// <summary>Only entries about this guardian or other roster person.</summary>
    [FromQuery(Name = "personId")]
    public Guid? PersonId { get; init; }

    /// <summary>Only entries by this account.</summary>
    [FromQuery(Name = "accountId")]
    public Guid? AccountId { get; init; }

    /// <summary>Only entries at or after this instant.</summary>
    [FromQuery(Name = "from")]
    public DateTimeOffset? From { get; init; }

    /// <summary>Only entries before this instant.</summary>
    [FromQuery(Name = "to")]
    public DateTimeOffset? To { get; init; }
}

/// <summary>One audit log entry.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="ActorAccountId">The account that acted; empty for integrations.</param>
/// <param name="ActorRole">The role the actor acted in.</param>
/// <param name="Action">What happened, e.g. pupil.read-protected or guardian-link.changed.</param>
/// <param name="ObjectType">The kind of object acted on.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="SubjectPupilId">The pupil concerned, if any.</param>
/// <param name="SubjectPersonId">The guardian or other person concerned, if any.</param>
/// <param name="ClientIp">The client's IP address as the server saw it.</param>
public sealed record AuditEntryResponse(
    Guid Id, DateTimeOffset OccurredAt, Guid? ActorAccountId, string ActorRole, string Action, string ObjectType, Guid ObjectId,
    Guid? SubjectPupilId, Guid? SubjectPersonId, string? ClientIp);

/// <summary>A sign-in account matched to the person by national identity number.</summary>
/// <param name="Id">The account id.</param>
/// <param name="UserName">The user name.</param>
/// <param name="Email">The account's e-mail address.</param>
/// <param name="DisplayName">The display name.</param>
/// <param name="CreatedAt">When the account was created.</param>
/// <param name="LastSignInAt">The last sign-in, if any.</param>
public sealed record ExportedAccount(Guid Id, string? UserName, string? Email, string DisplayName, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);

/// <summary>A guardian link in an export.</summary>
/// <param name="Id">The link's id.</param>
/// <param name="GuardianId">The guardian.</param>
/// <param name="GuardianName">The guardian's full name.</param>
/// <param name="PupilId">The pupil.</param>
/// <param name="PupilName">The pupil's full name.</param>
/// <param name="ParentalResponsibility">Foreldreansvar.</param>
/// <param name="DailyCare">Daglig omsorg.</param>
/// <param name="RightToInformation">Right to information.</param>
/// <param name="Blocked">Blocked by the school.</param>
/// <param name="IsActive">Whether the link is active.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record ExportedLink(
    Guid Id, Guid GuardianId, string GuardianName, Guid PupilId, string PupilName,
    bool ParentalResponsibility, bool DailyCare, bool RightToInformation, bool Blocked, bool IsActive, DateTimeOffset UpdatedAt);

/// <summary>A group membership in an export.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="Name">The group's name.</param>
/// <param name="Kind">The group's kind.</param>
/// <param name="SchoolYear">The school year.</param>
/// <param name="IsActive">Whether the group is active.</param>
public sealed record ExportedGroup(Guid GroupId, string Name, GroupKind Kind, int SchoolYear, bool IsActive);

/// <summary>The pupil's roster record with every identifier.</summary>
/// <param name="Id">The pupil's id.</param>
/// <param name="SchoolId">The school.</param>
/// <param name="SchoolName">The school's name.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="NationalIdentityNumber">The full national identity number, if registered.</param>
/// <param name="ProtectedAddress">Address protection.</param>
/// <param name="SourcedId">The id in the source system.</param>
/// <param name="IsActive">Whether the record is active.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record ExportedPupil(
    Guid Id, Guid SchoolId, string SchoolName, string GivenName, string FamilyName, DateOnly BirthDate, string? NationalIdentityNumber,
    ProtectedAddressLevel ProtectedAddress, string? SourcedId, bool IsActive, DateTimeOffset UpdatedAt);

/// <summary>The guardian's roster record with every identifier.</summary>
/// <param name="Id">The guardian's id.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="NationalIdentityNumber">The full national identity number.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Mobile">Mobile number.</param>
/// <param name="PreferredLanguage">Preferred language.</param>
/// <param name="SourcedId">The id in the source system.</param>
/// <param name="IsActive">Whether the record is active.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record ExportedGuardian(
    Guid Id, string GivenName, string FamilyName, string NationalIdentityNumber, string? Email, string? Mobile, string PreferredLanguage,
    string? SourcedId, bool IsActive, DateTimeOffset UpdatedAt);

/// <summary>Everything Meldebok stores about one pupil (innsyn, GDPR art. 15).</summary>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="Pupil">The roster record.</param>
/// <param name="Groups">The pupil's group memberships.</param>
/// <param name="GuardianLinks">The pupil's guardian links, active or not.</param>
/// <param name="Accounts">Sign-in accounts with the pupil's national identity number.</param>
/// <param name="AuditEntries">Audit entries about the pupil, newest first.</param>
public sealed record PupilDataExport(
    DateTimeOffset ExportedAt, ExportedPupil Pupil, IReadOnlyList<ExportedGroup> Groups, IReadOnlyList<ExportedLink> GuardianLinks,
    IReadOnlyList<ExportedAccount> Accounts, IReadOnlyList<AuditEntryResponse> AuditEntries);

/// <summary>Everything Meldebok stores about one guardian (innsyn, GDPR art. 15).</summary>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="Guardian">The roster record.</param>
/// <param name="PupilLinks">The guardian's links to pupils, active or not.</param>
/// <param name="Accounts">Sign-in accounts with the guardian's national identity number.</param>
/// <param name="AuditEntries">Audit entries about the guardian or by their accounts in this municipality, newest first.</param>
public sealed record GuardianDataExport(
    DateTimeOffset ExportedAt, ExportedGuardian Guardian, IReadOnlyList<ExportedLink> PupilLinks,
    IReadOnlyList<ExportedAccount> Accounts, IReadOnlyList<AuditEntryResponse> AuditEntries);
