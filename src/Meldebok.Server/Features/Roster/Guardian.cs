namespace Meldebok.Server.Features.Roster;

/// <summary>A guardian (foresatt): a person who may hold links to one or more pupils.</summary>
internal sealed class Guardian : RosterEntity
{
    public Guardian(Guid municipalityId) => MunicipalityId = municipalityId;

    public required string GivenName { get; set; }
    public required string FamilyName { get; set; }
    /// <summary>Used to match the <c>pid</c> claim from ID-porten at sign-in.</summary>
    public required string NationalIdentityNumber { get; set; }
    public string? Email { get; set; }
    /// <summary>Mobile number in E.164 form, e.g. +4791234567.</summary>
    public string? Mobile { get; set; }
    /// <summary>nb, nn or en.</summary>
    public string PreferredLanguage { get; set; } = "nb";
}

/// <summary>
/// How one guardian is related to one pupil. Access follows this link: only an active, unblocked
/// link with parental responsibility or a right to information lets the guardian see the pupil.
/// </summary>
internal sealed class GuardianLink : RosterEntity
{
    public GuardianLink(Guid municipalityId) => MunicipalityId = municipalityId;

    public Guid GuardianId { get; init; }
    public Guid PupilId { get; init; }
    /// <summary>Foreldreansvar.</summary>
    public bool ParentalResponsibility { get; set; }
    /// <summary>Daglig omsorg: the child lives with this guardian.</summary>
    public bool DailyCare { get; set; }
    /// <summary>Right to information without parental responsibility (barneloven § 47).</summary>
    public bool RightToInformation { get; set; }
    /// <summary>Blocked by the school, e.g. by a court order; overrides everything else.</summary>
    public bool Blocked { get; set; }

    public bool AllowsAccess => IsActive && !Blocked && (ParentalResponsibility || RightToInformation);
}
