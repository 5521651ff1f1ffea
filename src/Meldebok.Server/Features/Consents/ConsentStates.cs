using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Consents;

/// <summary>A pupil's consent derived from the current answers of the guardians who answer for the pupil.</summary>
internal sealed record PupilConsentState(Guid PupilId, string GivenName, string FamilyName, ConsentStatus Status, IReadOnlyList<GuardianAnswerResponse> Guardians)
{
    public string Name => GivenName + " " + FamilyName;
}

/// <summary>The rule that turns guardians' current answers into a pupil's consent.</summary>
internal static class ConsentRules
{
    /// <summary>
    /// AnyGuardian: given when any current answer is yes, refused when there is a no (or a withdrawal) and no yes.
    /// AllWithParentalResponsibility: refused on any no (or withdrawal), given only when every guardian with parental
    /// responsibility has a current yes. Otherwise pending. Only the answers of <paramref name="answers"/> count: the
    /// guardians who hold parental responsibility now.
    /// </summary>
    public static ConsentStatus StatusOf(ConsentRule rule, IReadOnlyCollection<ConsentChoice?> answers)
    {
        var anyYes = answers.Any(a => a == ConsentChoice.Yes);
        var anyRefusal = answers.Any(a => a is ConsentChoice.No or ConsentChoice.Withdrawn);
        return rule switch
        {
            ConsentRule.AnyGuardian => anyYes ? ConsentStatus.Given : anyRefusal ? ConsentStatus.Refused : ConsentStatus.Pending,
            _ => anyRefusal ? ConsentStatus.Refused
                : answers.Count > 0 && answers.All(a => a == ConsentChoice.Yes) ? ConsentStatus.Given
                : ConsentStatus.Pending,
        };
    }

    /// <summary>The current answers: the latest stored answer per pupil and guardian.</summary>
    public static Dictionary<(Guid PupilId, Guid GuardianId), ConsentAnswer> Current(IEnumerable<ConsentAnswer> history) =>
        history.GroupBy(a => (a.PupilId, a.GuardianId)).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Sequence)!);
}

/// <summary>
/// Derives every pupil's consent of one or more requests from the roster and the answers, in three queries whatever the
/// number of requests: the requests' pupils, the guardians who hold parental responsibility for them now (active,
/// unblocked links of active guardians), and the history.
/// </summary>
internal sealed class ConsentStates(MeldebokDbContext db)
{
    public async Task<List<PupilConsentState>> PupilsAsync(ConsentRequest request, CancellationToken ct) =>
        (await PupilsAsync([request], ct))[request.Id];

    /// <summary>Each request's pupils with their consent, by request id.</summary>
    public async Task<Dictionary<Guid, List<PupilConsentState>>> PupilsAsync(IReadOnlyCollection<ConsentRequest> requests, CancellationToken ct)
    {
        var ids = requests.Select(r => r.Id).Distinct().ToList();
        var requestPupils = db.ConsentRequestPupils.Where(p => ids.Contains(p.RequestId));
        var pupils = (await requestPupils
            .Join(db.Pupils, rp => rp.PupilId, p => p.Id, (rp, p) => new { rp.RequestId, p.Id, p.GivenName, p.FamilyName })
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .ToListAsync(ct))
            .ToLookup(p => p.RequestId);
        var responsible = (await db.GuardianLinks
            .Where(l => l.IsActive && !l.Blocked && l.ParentalResponsibility && requestPupils.Any(rp => rp.PupilId == l.PupilId))
            .Join(db.Guardians.Where(g => g.IsActive), l => l.GuardianId, g => g.Id, (l, g) => new { l.PupilId, g.Id, g.GivenName, g.FamilyName })
            .ToListAsync(ct))
            .OrderBy(g => g.FamilyName, StringComparer.Ordinal).ThenBy(g => g.GivenName, StringComparer.Ordinal).ThenBy(g => g.Id)
            .ToLookup(g => g.PupilId);
        var history = (await db.ConsentAnswers.AsNoTracking().Where(a => ids.Contains(a.RequestId)).ToListAsync(ct)).ToLookup(a => a.RequestId);

        return requests.DistinctBy(r => r.Id).ToDictionary(r => r.Id, request =>
        {
            var current = ConsentRules.Current(history[request.Id]);
            return pupils[request.Id].Select(p =>
            {
                var guardians = responsible[p.Id].Select(g => current.TryGetValue((p.Id, g.Id), out var answer)
                        ? new GuardianAnswerResponse(g.Id, g.GivenName + " " + g.FamilyName, answer.Choice, answer.AnsweredAt)
                        : new GuardianAnswerResponse(g.Id, g.GivenName + " " + g.FamilyName, null, null))
                    .ToList();
                return new PupilConsentState(p.Id, p.GivenName, p.FamilyName, ConsentRules.StatusOf(request.Rule, guardians.Select(g => g.Answer).ToList()), guardians);
            }).ToList();
        });
    }
}
