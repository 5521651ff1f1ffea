using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Roster;

/// <summary>
/// How one guardian is related to one pupil, as the admin API shows it, with the access the link gives.
/// A link with neither parental responsibility nor a right to information is allowed: it records the
/// relationship (e.g. daily care only) but gives the guardian no access to the pupil.
/// </summary>
/// <param name="Id">The link's id.</param>
/// <param name="GuardianId">The guardian.</param>
/// <param name="PupilId">The pupil.</param>
/// <param name="ParentalResponsibility">Foreldreansvar.</param>
/// <param name="DailyCare">Daglig omsorg: the pupil lives with this guardian.</param>
/// <param name="RightToInformation">Right to information without parental responsibility (barneloven § 47).</param>
/// <param name="Blocked">Blocked by the school, e.g. by a court order; overrides everything else.</param>
/// <param name="AllowsAccess">Whether the link lets the guardian see the pupil: active, not blocked, and with parental responsibility or a right to information.</param>
/// <param name="SourcedId">The link's id in the source system (OneRoster sourcedId).</param>
/// <param name="IsActive">False when the link has been deactivated.</param>
public sealed record GuardianLinkResponse(
    Guid Id,
    Guid GuardianId,
    Guid PupilId,
    bool ParentalResponsibility,
    bool DailyCare,
    bool RightToInformation,
    bool Blocked,
    bool AllowsAccess,
    string? SourcedId,
    bool IsActive);

/// <summary>
/// A new link between a guardian and a pupil of the caller's municipality; one link per pair. A link
/// with neither parental responsibility nor a right to information is allowed but gives no access.
/// Every flag must be given: a client that leaves one out must not create an unblocked link by accident.
/// </summary>
/// <param name="GuardianId">An active guardian of the municipality.</param>
/// <param name="PupilId">An active pupil of the municipality.</param>
/// <param name="ParentalResponsibility">Foreldreansvar.</param>
/// <param name="DailyCare">Daglig omsorg: the pupil lives with this guardian. Gives no access by itself.</param>
/// <param name="RightToInformation">Right to information without parental responsibility (barneloven § 47).</param>
/// <param name="Blocked">Blocked by the school, e.g. by a court order; no access whatever the other flags say.</param>
/// <param name="SourcedId">The link's id in the source system (OneRoster sourcedId).</param>
public sealed record GuardianLinkCreateRequest(
    [property: Required(ErrorMessage = "Foresatt må velges.")] Guid? GuardianId,
    [property: Required(ErrorMessage = "Elev må velges.")] Guid? PupilId,
    [property: Required(ErrorMessage = "Oppgi om den foresatte har foreldreansvar.")] bool? ParentalResponsibility,
    [property: Required(ErrorMessage = "Oppgi om den foresatte har daglig omsorg.")] bool? DailyCare,
    [property: Required(ErrorMessage = "Oppgi om den foresatte har rett til informasjon.")] bool? RightToInformation,
    [property: Required(ErrorMessage = "Oppgi om koblingen er sperret.")] bool? Blocked,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId = null);

/// <summary>
/// The flags of an existing link; the guardian and the pupil cannot be changed (deactivate the link and
/// create a new one). Every flag must be given, so that a client that leaves one out cannot lift a block
/// by accident. A link with neither parental responsibility nor a right to information is allowed but
/// gives no access.
/// </summary>
/// <param name="ParentalResponsibility">Foreldreansvar.</param>
/// <param name="DailyCare">Daglig omsorg: the pupil lives with this guardian. Gives no access by itself.</param>
/// <param name="RightToInformation">Right to information without parental responsibility (barneloven § 47).</param>
/// <param name="Blocked">Blocked by the school, e.g. by a court order; no access whatever the other flags say.</param>
/// <param name="SourcedId">The link's id in the source system (OneRoster sourcedId).</param>
public sealed record GuardianLinkUpdateRequest(
    [property: Required(ErrorMessage = "Oppgi om den foresatte har foreldreansvar.")] bool? ParentalResponsibility,
    [property: Required(ErrorMessage = "Oppgi om den foresatte har daglig omsorg.")] bool? DailyCare,
    [property: Required(ErrorMessage = "Oppgi om den foresatte har rett til informasjon.")] bool? RightToInformation,
    [property: Required(ErrorMessage = "Oppgi om koblingen er sperret.")] bool? Blocked,
    [property: StringLength(RosterLimits.SourcedId, ErrorMessage = "Kilde-id kan ha høyst 128 tegn.")] string? SourcedId = null);

/// <summary>Filters for the guardian link list.</summary>
internal sealed record GuardianLinkFilter
{
    /// <summary>Only links to this pupil.</summary>
    [FromQuery(Name = "pupilId")]
    public Guid? PupilId { get; init; }

    /// <summary>Only links of this guardian.</summary>
    [FromQuery(Name = "guardianId")]
    public Guid? GuardianId { get; init; }

    /// <summary>Include deactivated links (default false).</summary>
    [FromQuery(Name = "includeInactive")]
    public bool? IncludeInactive { get; init; }
}
