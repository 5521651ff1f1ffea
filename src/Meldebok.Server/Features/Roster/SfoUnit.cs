namespace Meldebok.Server.Features.Roster;

/// <summary>An after-school care unit (SFO) belonging to a school.</summary>
internal sealed class SfoUnit : RosterEntity
{
    public SfoUnit(Guid municipalityId) => MunicipalityId = municipalityId;

    public Guid SchoolId { get; set; }
    public required string Name { get; set; }
}
