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

/// <summary>A group, SFO unit or school a sender may choose, with the school it belongs to (null for a school).</summary>
public sealed record TargetChoice(Guid Id, string Name, string? SchoolName);

/// <summary>The targets a sender may choose on the compose pages.</summary>
public sealed record TargetChoices(IReadOnlyList<TargetChoice> Groups, IReadOnlyList<TargetChoice> SfoUnits, IReadOnlyList<TargetChoice> Schools, bool Municipality)
{
    public bool IsEmpty => Groups.Count == 0 && SfoUnits.Count == 0 && Schools.Count == 0 && !Municipality;
}

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
        var assignments = ActiveAssignments(staffId);
        var leaderSchools = LeaderSchoolIds(assignments);
        return db.Groups.Where(g => g.IsActive && (leaderSchools.Contains(g.SchoolId)
            || assignments.Any(a => a.SchoolId == g.SchoolId && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && ag.GroupId == g.Id))));
    }

    /// <summary>
    /// Active SFO units a staff member may send to: those of the schools where they are office or principal, and those where
    /// they are SFO staff or leader of one of the unit's active groups.
    /// </summary>
    public IQueryable<SfoUnit> SendableSfoUnits(Guid? staffId)
    {
        var assignments = ActiveAssignments(staffId);
        var leaderSchools = LeaderSchoolIds(assignments);
        return db.SfoUnits.Where(u => u.IsActive && (leaderSchools.Contains(u.SchoolId) || assignments.Any(a =>
            (a.Role == StaffRole.SfoStaff || a.Role == StaffRole.SfoLeader)
            && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id && db.Groups.Any(g => g.Id == ag.GroupId && g.IsActive && g.SfoUnitId == u.Id)))));
    }

    /// <summary>Active schools a staff member may send to as a whole: those where they are office or principal.</summary>
    public IQueryable<School> SendableSchools(Guid? staffId)
    {
        var leaderSchools = LeaderSchoolIds(ActiveAssignments(staffId));
        return db.Schools.Where(s => s.IsActive && leaderSchools.Contains(s.Id));
    }

    /// <summary>
    /// What the calling person may choose on the compose pages, by exactly the rules of <see cref="ResolveAsync"/>: as staff
    /// their groups, SFO units and schools; as an administrator without a staff record every SFO unit and school of the
    /// municipality (its groups are too many to list); the whole municipality only when <paramref name="withMunicipality"/>
    /// and they are an administrator.
    /// </summary>
    public async Task<TargetChoices> ChoicesAsync(bool withMunicipality, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        var municipality = withMunicipality && roles.AdministratorId is not null && roles.MunicipalityId is not null;
        if (roles.StaffId is not { } staffId)
        {
            if (roles.AdministratorId is null || roles.MunicipalityId is not { } m)
            {
                return new TargetChoices([], [], [], false);
            }

            return new TargetChoices([],
                await ChoicesOf(db.SfoUnits.Where(u => u.IsActive && u.MunicipalityId == m), ct),
                await ChoicesOf(db.Schools.Where(s => s.IsActive && s.MunicipalityId == m), ct),
                municipality);
        }

        var groups = await SendableGroups(staffId).AsNoTracking()
            .Join(db.Schools, g => g.SchoolId, s => s.Id, (g, s) => new { g.Id, g.Name, SchoolName = s.Name })
            .OrderBy(g => g.SchoolName).ThenBy(g => g.Name).ThenBy(g => g.Id)
            .Select(g => new TargetChoice(g.Id, g.Name, g.SchoolName))
            .ToListAsync(ct);
        return new TargetChoices(groups, await ChoicesOf(SendableSfoUnits(staffId), ct), await ChoicesOf(SendableSchools(staffId), ct), municipality);
    }

    private Task<List<TargetChoice>> ChoicesOf(IQueryable<SfoUnit> units, CancellationToken ct) =>
        units.AsNoTracking().Join(db.Schools, u => u.SchoolId, s => s.Id, (u, s) => new { u.Id, u.Name, SchoolName = s.Name })
            .OrderBy(u => u.SchoolName).ThenBy(u => u.Name).ThenBy(u => u.Id)
            .Select(u => new TargetChoice(u.Id, u.Name, u.SchoolName))
            .ToListAsync(ct);

    private static Task<List<TargetChoice>> ChoicesOf(IQueryable<School> schools, CancellationToken ct) =>
        schools.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).Select(s => new TargetChoice(s.Id, s.Name, null)).ToListAsync(ct);

    private IQueryable<StaffAssignment> ActiveAssignments(Guid? staffId) => db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive);

    private static IQueryable<Guid> LeaderSchoolIds(IQueryable<StaffAssignment> assignments) =>
        assignments.Where(a => a.Role == StaffRole.Office || a.Role == StaffRole.Principal).Select(a => a.SchoolId);

    /// <summary>The target's pupils if the sender may send to it; null (404) when it does not exist in the municipality or is out of reach.</summary>
    public async Task<ResolvedTarget?> ResolveAsync(BulkSender sender, BulkTarget target, CancellationToken ct)
    {
        var m = sender.MunicipalityId;
        var pupils = db.Pupils.Where(p => p.IsActive && p.MunicipalityId == m);
        var assignments = ActiveAssignments(sender.StaffId);
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
                if (sender.StaffId is not null && !await SendableSfoUnits(sender.StaffId).AnyAsync(u => u.Id == unitId, ct))
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
                if (sender.StaffId is not null && !await SendableSchools(sender.StaffId).AnyAsync(s => s.Id == schoolId, ct))
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
