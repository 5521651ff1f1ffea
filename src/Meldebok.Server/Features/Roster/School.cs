namespace Meldebok.Server.Features.Roster;

/// <summary>A school (skole) in a municipality.</summary>
internal sealed class School : RosterEntity
{
    public School(Guid municipalityId) => MunicipalityId = municipalityId;

    public required string Name { get; set; }
    /// <summary>The school's own organisation number, where it has one.</summary>
    public string? OrganisationNumber { get; set; }
}
