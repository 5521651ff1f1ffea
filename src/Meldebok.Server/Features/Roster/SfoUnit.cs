namespace Meldebok.Server.Features.Roster;

/// <summary>An after-school care unit (SFO) belonging to a school.</summary>
internal sealed class SfoUnit : RosterEntity
{
    public SfoUnit(Guid municipalityId) => MunicipalityId = municipalityId;

    public Guid SchoolId { get; set; }
    public required string Name { get; set; }
    /// <summary>Local time of day after which an absence notice for today counts as late and is pushed as urgent.</summary>
    public TimeOnly LateNoticeDeadline { get; set; } = new(10, 0);
    /// <summary>Local time of day after which a pickup message for today is flagged late and pushed as urgent to the unit's staff.</summary>
    public TimeOnly PickupMessageDeadline { get; set; } = new(12, 0);
}
