using Meldebok.Server.Features.Roster;

namespace Meldebok.Server.Features.Demo;

/// <summary>A generated demo municipality, held in memory until it is written to the database.</summary>
internal sealed class DemoMunicipality
{
    public required Municipality Municipality { get; init; }
    /// <summary>The domain of the staff's Feide ids, e.g. fjordvik.kommune.no.</summary>
    public required string FeideDomain { get; init; }
    /// <summary>The calendar year the school year starts in: 2026 means 2026/2027.</summary>
    public required int SchoolYear { get; init; }

    public List<School> Schools { get; } = [];
    public List<SfoUnit> SfoUnits { get; } = [];
    public List<Group> Groups { get; } = [];
    public List<Pupil> Pupils { get; } = [];
    public List<GroupMembership> GroupMemberships { get; } = [];
    public List<Guardian> Guardians { get; } = [];
    public List<GuardianLink> GuardianLinks { get; } = [];
    public List<Staff> Staff { get; } = [];
    public List<StaffAssignment> StaffAssignments { get; } = [];
    public List<StaffAssignmentGroup> StaffAssignmentGroups { get; } = [];
    public List<MunicipalityAdministrator> Administrators { get; } = [];
    /// <summary>The portfolio board's demo member (one; the board reads, so one is enough to show it).</summary>
    public List<PortfolioBoardMember> PortfolioBoard { get; } = [];
    public List<Sfo.Pickup.AuthorizedPickupPerson> AuthorizedPickupPersons { get; } = [];
    public List<Sfo.Pickup.PickupRule> PickupRules { get; } = [];
    /// <summary>An SFO place for every pupil in an SFO group, with varied weekdays.</summary>
    public List<Features.Sfo.SfoEnrolment> SfoEnrolments { get; } = [];

    public DemoCounts Counts()
    {
        var sfoGroups = Groups.Where(g => g.Kind == GroupKind.SfoGroup).Select(g => g.Id).ToHashSet();
        return new DemoCounts(
            Schools.Count,
            SfoUnits.Count,
            Groups.Count - sfoGroups.Count,
            sfoGroups.Count,
            Pupils.Count,
            GroupMemberships.Count(m => sfoGroups.Contains(m.GroupId)),
            Guardians.Count,
            GuardianLinks.Count,
            Staff.Count,
            StaffAssignments.Count,
            Administrators.Count);
    }
}

/// <summary>How many of each thing a demo municipality holds.</summary>
internal sealed record DemoCounts(
    int Schools,
    int SfoUnits,
    int Classes,
    int SfoGroups,
    int Pupils,
    int PupilsInSfo,
    int Guardians,
    int GuardianLinks,
    int Staff,
    int StaffAssignments,
    int Administrators);
