namespace Meldebok.Server.Features.Roster;

/// <summary>How strictly a pupil's address is protected (fortrolig / strengt fortrolig adresse).</summary>
public enum ProtectedAddressLevel
{
    /// <summary>No protection.</summary>
    None,
    /// <summary>Fortrolig adresse.</summary>
    Confidential,
    /// <summary>Strengt fortrolig adresse.</summary>
    StrictlyConfidential,
}

/// <summary>A pupil (elev) at a school.</summary>
internal sealed class Pupil : RosterEntity
{
    public Pupil(Guid municipalityId) => MunicipalityId = municipalityId;

    public Guid SchoolId { get; set; }
    public required string GivenName { get; set; }
    public required string FamilyName { get; set; }
    public DateOnly BirthDate { get; set; }
    public string? NationalIdentityNumber { get; set; }
    public ProtectedAddressLevel ProtectedAddress { get; set; }

    /// <summary>Protected pupils never appear in class lists or to other guardians.</summary>
    public bool HasProtectedAddress => ProtectedAddress != ProtectedAddressLevel.None;
}
