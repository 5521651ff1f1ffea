using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo.Pickup;

/// <summary>A child as the pickup feature sees it for the caller.</summary>
/// <param name="PupilId">The child.</param>
/// <param name="MunicipalityId">The child's municipality.</param>
/// <param name="SchoolId">The child's school.</param>
/// <param name="GivenName">The child's given name.</param>
/// <param name="GuardianId">The guardian record the caller acts as for the child; null when the caller reaches the child as staff only.</param>
/// <param name="ParentalResponsibility">The caller's link has parental responsibility.</param>
/// <param name="DailyCare">The caller's link has daily care.</param>
/// <param name="SfoUnits">The child's SFO units (of its active SFO groups) with their pickup-message deadlines.</param>
internal sealed record PickupChild(
    Guid PupilId, Guid MunicipalityId, Guid SchoolId, string GivenName, Guid? GuardianId, bool ParentalResponsibility, bool DailyCare,
    IReadOnlyList<(Guid Id, TimeOnly Deadline)> SfoUnits)
{
    /// <summary>The deadline shown to guardians: the earliest of the child's SFO units, 12:00 without one.</summary>
    public TimeOnly MessageDeadline => SfoUnits.Count > 0 ? SfoUnits.Min(u => u.Deadline) : new TimeOnly(12, 0);
}

/// <summary>
/// Who may do what with a child's pickup data, decided in one query per request:
/// <list type="bullet">
/// <item>read (persons, rules, messages, the day's plan): every guardian who reaches the child (parental responsibility or a
/// right to information, active and unblocked) and every staff member who reaches it (<see cref="AccessScope"/>);</item>
/// <item>manage persons and rules: a guardian whose link has parental responsibility; a right to information only is 403;</item>
/// <item>send and withdraw pickup messages: a guardian whose link has parental responsibility or daily care (the parent the
/// child lives with must be able to say who collects it today); a right to information only is 403.</item>
/// </list>
/// Everyone else gets 404: the child's existence is not revealed.
/// </summary>
internal sealed class PickupAccess(MeldebokDbContext db, AccessScope scope)
{
    /// <summary>The child if the caller reaches it as a guardian or as staff; otherwise null.</summary>
    public async Task<PickupChild?> ReadableAsync(Guid pupilId, CancellationToken ct)
    {
        var guardianIds = (await scope.RolesAsync(ct)).GuardianIds.ToList();
        var reachable = await scope.ReachablePupilsAsync(ct);
        var row = await reachable.AsNoTracking()
            .Where(p => p.Id == pupilId)
            .Select(p => new
            {
                p.MunicipalityId,
                p.SchoolId,
                p.GivenName,
                Link = db.GuardianLinks
                    .Where(l => l.PupilId == p.Id && guardianIds.Contains(l.GuardianId) && l.IsActive && !l.Blocked && (l.ParentalResponsibility || l.RightToInformation))
                    .OrderByDescending(l => l.ParentalResponsibility).ThenByDescending(l => l.DailyCare).ThenBy(l => l.GuardianId)
                    .Select(l => new { l.GuardianId, l.ParentalResponsibility, l.DailyCare })
                    .FirstOrDefault(),
                Units = db.SfoUnits
                    .Where(u => u.IsActive && db.Groups.Any(g => g.SfoUnitId == u.Id && g.IsActive && g.Kind == GroupKind.SfoGroup
                        && db.GroupMemberships.Any(m => m.GroupId == g.Id && m.PupilId == p.Id)))
                    .Select(u => new { u.Id, u.PickupMessageDeadline })
                    .ToList(),
            })
            .SingleOrDefaultAsync(ct);
        return row is null
            ? null
            : new PickupChild(pupilId, row.MunicipalityId, row.SchoolId, row.GivenName, row.Link?.GuardianId, row.Link?.ParentalResponsibility ?? false,
                row.Link?.DailyCare ?? false, row.Units.OrderBy(u => u.Id).Select(u => (u.Id, u.PickupMessageDeadline)).ToList());
    }

    /// <summary>The child for managing persons and rules: null (404) unless the caller is its guardian; 403 without parental responsibility.</summary>
    public async Task<PickupChild?> ManageableAsync(Guid pupilId, CancellationToken ct)
    {
        if (await ReadableAsync(pupilId, ct) is not { GuardianId: not null } child)
        {
            return null;
        }

        return child.ParentalResponsibility ? child : throw new RoleDeniedException(PickupTexts.RequiresParentalResponsibility);
    }

    /// <summary>The child for sending messages: null (404) unless the caller is its guardian; 403 without parental responsibility or daily care.</summary>
    public async Task<PickupChild?> MessageableAsync(Guid pupilId, CancellationToken ct)
    {
        if (await ReadableAsync(pupilId, ct) is not { GuardianId: not null } child)
        {
            return null;
        }

        return child.ParentalResponsibility || child.DailyCare ? child : throw new RoleDeniedException(PickupTexts.RequiresResponsibilityOrCare);
    }

    /// <summary>The children the caller reaches as a guardian, with what they may do (for the guardian's page).</summary>
    public async Task<List<PickupChild>> MyChildrenAsync(CancellationToken ct)
    {
        var ids = await (await scope.GuardianPupilsAsync(ct)).AsNoTracking()
            .OrderBy(p => p.GivenName).ThenBy(p => p.FamilyName).ThenBy(p => p.Id)
            .Select(p => p.Id).ToListAsync(ct);
        var children = new List<PickupChild>(ids.Count);
        foreach (var id in ids)
        {
            if (await ReadableAsync(id, ct) is { } child)
            {
                children.Add(child);
            }
        }

        return children;
    }
}
