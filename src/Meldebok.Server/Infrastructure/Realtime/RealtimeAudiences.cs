using System.Security.Claims;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Realtime;

/// <summary>
/// The hub groups (<see cref="Audiences"/>) a signed-in account belongs to, derived from the roster now:
/// its own account; its own roster persons (guardian records, staff record, administrator record); the guardians of every pupil it reaches as a guardian; the staff of every active group
/// an active assignment covers; the office of every school where it is office or principal; the staff of
/// every SFO unit with an SFO group its SFO staff or SFO leader assignment covers; the benefit readers of the municipality
/// where it is administrator, portfolio-board member, principal or owner of a benefit (as <c>BenefitService</c> lets them read the plans). The hub and the events
/// endpoint both use this, so live delivery and catch-up follow the same rules. Integrations and callers
/// without an account belong to no group.
/// </summary>
internal sealed class RealtimeAudiences(MeldebokDbContext db, RosterRoleResolver resolver, AccessScope access)
{
    public async Task<IReadOnlyList<string>> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.AccountId() is not { } accountId || await resolver.ResolveAsync(accountId, ct) is not { } roles)
        {
            return [];
        }

        var groups = new List<string> { Audiences.Account(accountId) };
        groups.AddRange(roles.GuardianIds.Select(Audiences.Guardian));
        if (roles.AdministratorId is { } administratorId)
        {
            groups.Add(Audiences.Administrator(administratorId));
            if (roles.MunicipalityId is { } municipalityId)
            {
                groups.Add(Audiences.BenefitReaders(municipalityId));
            }
        }

        if (roles.PortfolioBoardMemberId is { } memberId)
        {
            var boardMunicipality = await db.PortfolioBoardMembers.Where(b => b.Id == memberId).Select(b => b.MunicipalityId).SingleAsync(ct);
            groups.Add(Audiences.BenefitReaders(boardMunicipality));
        }

        if (roles.GuardianIds.Count > 0)
        {
            var children = await access.ReachableAsGuardian(roles.GuardianIds).Select(p => p.Id).ToListAsync(ct);
            groups.AddRange(children.Select(Audiences.PupilGuardians));
        }

        if (roles.StaffId is { } staffId)
        {
            groups.Add(Audiences.Staff(staffId));
            var assignments = db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive);
            var covered = await (
                from a in assignments
                join ag in db.StaffAssignmentGroups on a.Id equals ag.StaffAssignmentId
                join g in db.Groups on ag.GroupId equals g.Id
                where g.IsActive && g.SchoolId == a.SchoolId
                select new { GroupId = g.Id, g.Kind, g.SfoUnitId, a.Role })
                .Distinct()
                .ToListAsync(ct);
            var offices = await assignments
                .Where(a => a.Role == StaffRole.Office || a.Role == StaffRole.Principal)
                .Select(a => new { a.SchoolId, a.MunicipalityId, a.Role })
                .Distinct()
                .ToListAsync(ct);

            groups.AddRange(covered.Select(c => c.GroupId).Distinct().Select(Audiences.GroupStaff));
            groups.AddRange(offices.Select(o => Audiences.SchoolOffice(o.SchoolId)));
            groups.AddRange(offices.Where(o => o.Role == StaffRole.Principal).Select(o => Audiences.BenefitReaders(o.MunicipalityId)));
            groups.AddRange((await Features.Benefits.BenefitService.OwnedBenefits(db, staffId).Select(b => b.MunicipalityId).Distinct().ToListAsync(ct))
                .Select(Audiences.BenefitReaders));
            groups.AddRange(covered
                .Where(c => c is { Kind: GroupKind.SfoGroup, SfoUnitId: not null, Role: StaffRole.SfoStaff or StaffRole.SfoLeader })
                .Select(c => c.SfoUnitId!.Value)
                .Distinct()
                .Select(Audiences.SfoStaff));
        }

        return groups.Distinct(StringComparer.Ordinal).ToList();
    }
}
