using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Consents;

/// <summary>A pupil's photo consent as staff see it.</summary>
public enum PhotoConsentState
{
    /// <summary>No valid standing photo-publication consent request covers the pupil.</summary>
    None,
    /// <summary>Consent given by the request's rule.</summary>
    Given,
    /// <summary>Not consented (a no or a withdrawal, by the request's rule).</summary>
    Refused,
    /// <summary>Still waiting for answers; photos may not be published.</summary>
    Pending,
}

/// <summary>
/// The standing consents other features read, for a set of pupils on a date, in a fixed number of queries whatever the
/// number of pupils: which guardians share their own contact details in the class list, and each pupil's photo consent.
/// A standing consent counts on a date within its validity (<c>validFrom</c>–<c>validUntil</c>); answers are the
/// append-only history, so a withdrawal applies from the moment it is stored.
/// </summary>
internal sealed class StandingConsents(MeldebokDbContext db, ConsentStates states)
{
    /// <summary>
    /// The guardians who share their contact details for each pupil on <paramref name="date"/>: among the valid standing
    /// ContactSharing requests covering the pupil, the guardian's own latest answer is Yes (a no or a withdrawal, also on a
    /// newer request, ends the sharing; a newer request the guardian has not answered changes nothing).
    /// </summary>
    public async Task<ILookup<Guid, Guid>> ContactSharingGuardiansAsync(IReadOnlyCollection<Guid> pupilIds, DateOnly date, CancellationToken ct)
    {
        var ids = pupilIds.Distinct().ToList();
        var answers = await db.ConsentAnswers.AsNoTracking()
            .Where(a => ids.Contains(a.PupilId))
            .Join(Valid(ConsentPurpose.ContactSharing, date), a => a.RequestId, r => r.Id, (a, r) => new { a.PupilId, a.GuardianId, a.Choice, a.Sequence })
            .ToListAsync(ct);
        return answers
            .GroupBy(a => (a.PupilId, a.GuardianId))
            .Select(g => g.MaxBy(a => a.Sequence)!)
            .Where(a => a.Choice == ConsentChoice.Yes)
            .ToLookup(a => a.PupilId, a => a.GuardianId);
    }

    /// <summary>
    /// Each pupil's photo consent on <paramref name="date"/>, from the newest valid standing PhotoPublication request that
    /// covers the pupil, derived by that request's rule (<see cref="ConsentStates"/>); <see cref="PhotoConsentState.None"/>
    /// for pupils no such request covers.
    /// </summary>
    public async Task<Dictionary<Guid, PhotoConsentState>> PhotoConsentAsync(IReadOnlyCollection<Guid> pupilIds, DateOnly date, CancellationToken ct)
    {
        var ids = pupilIds.Distinct().ToList();
        var newest = await db.ConsentRequestPupils.AsNoTracking()
            .Where(p => ids.Contains(p.PupilId))
            .Join(Valid(ConsentPurpose.PhotoPublication, date), p => p.RequestId, r => r.Id, (p, r) => new { p.PupilId, Request = r })
            .ToListAsync(ct);
        var requestOf = newest.GroupBy(x => x.PupilId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.Request.CreatedAt).ThenByDescending(x => x.Request.Id).First().Request);
        var statesOf = await states.PupilsAsync(requestOf.Values.DistinctBy(r => r.Id).ToList(), ct);
        return ids.ToDictionary(id => id, id => requestOf.TryGetValue(id, out var request)
            && statesOf[request.Id].FirstOrDefault(p => p.PupilId == id) is { } state
                ? state.Status switch
                {
                    ConsentStatus.Given => PhotoConsentState.Given,
                    ConsentStatus.Refused => PhotoConsentState.Refused,
                    _ => PhotoConsentState.Pending,
                }
                : PhotoConsentState.None);
    }

    /// <summary>The standing requests of a purpose that are valid on the date.</summary>
    private IQueryable<ConsentRequest> Valid(ConsentPurpose purpose, DateOnly date) =>
        db.ConsentRequests.AsNoTracking().Where(r => r.Purpose == purpose && r.Kind == ConsentKind.Standing && r.ValidFrom <= date && r.ValidUntil >= date);
}
