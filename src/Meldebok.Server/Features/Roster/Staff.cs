namespace Meldebok.Server.Features.Roster;

/// <summary>The role a staff member holds at one school.</summary>
public enum StaffRole
{
    /// <summary>Lærer.</summary>
    Teacher,
    /// <summary>Kontaktlærer.</summary>
    ContactTeacher,
    /// <summary>Skolekontor.</summary>
    Office,
    /// <summary>SFO-ansatt.</summary>
    SfoStaff,
    /// <summary>SFO-leder.</summary>
    SfoLeader,
    /// <summary>Rektor.</summary>
    Principal,
}

/// <summary>A member of staff (ansatt), matched to Feide at sign-in.</summary>
internal sealed class Staff : RosterEntity
{
    public Staff(Guid municipalityId) => MunicipalityId = municipalityId;

    public required string GivenName { get; set; }
    public required string FamilyName { get; set; }
    /// <summary>The Feide identifier (eduPersonPrincipalName), e.g. kari.larsen@trondheim.kommune.no.</summary>
    public string? FeideId { get; set; }
    public string? Email { get; set; }
    public string? Mobile { get; set; }
}

/// <summary>A staff member's role at a school, with the groups the role covers.</summary>
internal sealed class StaffAssignment : RosterEntity
{
    public StaffAssignment(Guid municipalityId) => MunicipalityId = municipalityId;

    public Guid StaffId { get; init; }
    public Guid SchoolId { get; init; }
    public StaffRole Role { get; set; }
}

/// <summary>A group covered by a staff assignment.</summary>
internal sealed class StaffAssignmentGroup
{
    public Guid StaffAssignmentId { get; init; }
    public Guid GroupId { get; init; }
}

/// <summary>
/// A person who holds a municipality-level role without being staff at a school: matched at sign-in by Feide id or confirmed
/// e-mail, and unique by e-mail within the municipality.
/// </summary>
internal abstract class MunicipalPerson : RosterEntity
{
    public required string GivenName { get; set; }
    public required string FamilyName { get; set; }
    public required string Email { get; set; }
    public string? FeideId { get; set; }
}

/// <summary>A person who administers the platform for one municipality (imports rosters, manages staff).</summary>
internal sealed class MunicipalityAdministrator : MunicipalPerson
{
    public MunicipalityAdministrator(Guid municipalityId) => MunicipalityId = municipalityId;
}

/// <summary>
/// A member of the municipality's portfolio board (porteføljestyre, e.g. the chief executive's management group): reads the
/// whole municipality's benefit plans, usage statistics and exports, and changes nothing. Matched at sign-in by Feide id or
/// confirmed e-mail, as an administrator is; assigned by the municipality's administrators.
/// </summary>
internal sealed class PortfolioBoardMember : MunicipalPerson
{
    public PortfolioBoardMember(Guid municipalityId) => MunicipalityId = municipalityId;
}
