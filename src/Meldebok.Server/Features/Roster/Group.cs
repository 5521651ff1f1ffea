namespace Meldebok.Server.Features.Roster;

/// <summary>What a group is used for at the school.</summary>
public enum GroupKind
{
    /// <summary>A class (klasse).</summary>
    Class,
    /// <summary>A base group (basisgruppe) within a grade.</summary>
    BasisGroup,
    /// <summary>A group at an SFO unit.</summary>
    SfoGroup,
}

/// <summary>A class, base group or SFO group for one school year.</summary>
internal sealed class Group : RosterEntity
{
    public Group(Guid municipalityId) => MunicipalityId = municipalityId;

    public Guid SchoolId { get; set; }
    /// <summary>Set for SFO groups: the unit the group belongs to.</summary>
    public Guid? SfoUnitId { get; set; }
    public required string Name { get; set; }
    public GroupKind Kind { get; set; }
    /// <summary>The calendar year the school year starts in: 2026 means 2026/2027.</summary>
    public int SchoolYear { get; set; }
    /// <summary>Grade (trinn) 1–10; empty for groups that span grades.</summary>
    public int? Grade { get; set; }
}

/// <summary>A pupil's membership of a group (OneRoster enrollment with role student).</summary>
internal sealed class GroupMembership
{
    public Guid PupilId { get; init; }
    public Guid GroupId { get; init; }
}
