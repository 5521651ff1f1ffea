using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Messages;

/// <summary>The sender of a message to many families (a bulk message or a consent request): a staff member or an administrator.</summary>
internal sealed record BulkSender(Guid MunicipalityId, Guid? StaffId, Guid? AdministratorId)
{
    public string Audience => StaffId is { } s ? Audiences.Staff(s) : Audiences.Administrator(AdministratorId!.Value);
}

/// <summary>A target resolved from the roster: its kind and ids, the school it lies in (null across schools) and its active pupils.</summary>
internal sealed record ResolvedTarget(BulkTargetKind Kind, Guid[] Ids, Guid? SchoolId, IQueryable<Pupil> Pupils);

/// <summary>
/// Who may address groups, an SFO unit, a school or the municipality, and which pupils such a target holds. Shared by bulk
/// messages and consent requests, so both have exactly the same reach.
/// </summary>
internal sealed class BulkTargets(MeldebokDbContext db, AccessScope scope)
{
    /// <summary>
    /// Who sends: the caller's administrator record for a municipality-wide message or when they are not staff, otherwise
    /// their staff record. A municipality-wide message from staff is refused (403).
    /// </summary>
    public async Task<BulkSender> SenderAsync(BulkTarget target, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        var municipalityId = roles.MunicipalityId ?? throw new RoleDeniedException(MessageTexts.MunicipalityOnlyAdministrators);
        if (roles.AdministratorId is { } administratorId && (target.Kind == BulkTargetKind.Municipality || roles.StaffId is null))
        {
            return new BulkSender(municipalityId, null, administratorId);
        }

        if (target.Kind == BulkTargetKind.Municipality || roles.StaffId is null)
        {
            throw new RoleDeniedException(MessageTexts.MunicipalityOnlyAdministrators);
        }

        return new BulkSender(municipalityId, roles.StaffId, null);
    }

    /// <summary>Active groups a staff member may send to: those their active assignments cover, and all of the schools where they are office or principal.</summary>
    public IQueryable<Group> SendableGroups(Guid staffId)
    {
        var assignments = db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive);
        var leaderSchools = assignments.Where(a => a.Role == StaffRole.Office || a.Role == StaffRole.Principal).Select(a => a.SchoolId);
        return db.Groups.Where(g => g.IsActive && (leaderSchools.Contains(g.SchoolId)
            || assignments.Any(a => a.SchoolId == g.SchoolId && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && ag.GroupId == g.Id))));
    }

    /// <summary>The target's pupils if the sender may send to it; null (404) when it does not exist in the municipality or is out of reach.</summary>
    public async Task<ResolvedTarget?> ResolveAsync(BulkSender sender, BulkTarget target, CancellationToken ct)
    {
        var m = sender.MunicipalityId;
        var pupils = db.Pupils.Where(p => p.IsActive && p.MunicipalityId == m);
        var assignments = db.StaffAssignments.Where(a => a.StaffId == sender.StaffId && a.IsActive);
        var leaderSchools = assignments.Where(a => a.Role == StaffRole.Office || a.Role == StaffRole.Principal).Select(a => a.SchoolId);
        switch (target.Kind!.Value)
        {
            case BulkTargetKind.Groups:
            {
                var ids = (target.GroupIds ?? []).Distinct().ToArray();
                if (ids.Length == 0) throw new FieldValidationException("target.groupIds", MessageTexts.GroupsRequired);
                if (ids.Length > 50) throw new FieldValidationException("target.groupIds", MessageTexts.TooManyGroups);
                var groups = (sender.StaffId is { } staffId ? SendableGroups(staffId) : db.Groups.Where(g => g.IsActive))
                    .Where(g => ids.Contains(g.Id) && g.MunicipalityId == m);

                var schools = await groups.Select(g => g.SchoolId).Distinct().ToListAsync(ct);
                if (await groups.CountAsync(ct) != ids.Length) return null;
                return new ResolvedTarget(BulkTargetKind.Groups, ids, schools.Count == 1 ? schools[0] : null,
                    pupils.Where(p => db.GroupMemberships.Any(gm => gm.PupilId == p.Id && ids.Contains(gm.GroupId))));
            }

            case BulkTargetKind.SfoUnit:
            {
                var unitId = target.SfoUnitId ?? throw new FieldValidationException("target.sfoUnitId", MessageTexts.SfoUnitRequired);
                var unit = await db.SfoUnits.AsNoTracking().Where(u => u.Id == unitId && u.IsActive && u.MunicipalityId == m)
                    .Select(u => new { u.Id, u.SchoolId }).SingleOrDefaultAsync(ct);
                if (unit is null) return null;
                var unitGroups = db.Groups.Where(g => g.IsActive && g.SfoUnitId == unitId);
                if (sender.StaffId is not null && !await leaderSchools.ContainsAsync(unit.SchoolId, ct) && !await assignments.AnyAsync(a =>
                        (a.Role == StaffRole.SfoStaff || a.Role == StaffRole.SfoLeader)
                        && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && unitGroups.Any(g => g.Id == ag.GroupId)), ct))
                {
                    return null;
                }

                return new ResolvedTarget(BulkTargetKind.SfoUnit, [unitId], unit.SchoolId,
                    pupils.Where(p => db.GroupMemberships.Any(gm => gm.PupilId == p.Id && unitGroups.Any(g => g.Id == gm.GroupId))));
            }

            case BulkTargetKind.School:
            {
                var schoolId = target.SchoolId ?? throw new FieldValidationException("target.schoolId", MessageTexts.SchoolRequired);
                if (!await db.Schools.AnyAsync(s => s.Id == schoolId && s.IsActive && s.MunicipalityId == m, ct)) return null;
                if (sender.StaffId is not null && !await leaderSchools.ContainsAsync(schoolId, ct))
                {
                    // Staff of the school know it exists: they are told why; others get 404.
                    return await assignments.AnyAsync(a => a.SchoolId == schoolId, ct)
                        ? throw new RoleDeniedException(MessageTexts.SchoolOnlyLeaders)
                        : null;
                }

                return new ResolvedTarget(BulkTargetKind.School, [schoolId], schoolId, pupils.Where(p => p.SchoolId == schoolId));
            }

            default:
                return new ResolvedTarget(BulkTargetKind.Municipality, [], null, pupils);
        }
    }
}
