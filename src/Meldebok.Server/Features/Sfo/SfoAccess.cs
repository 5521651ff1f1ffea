using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Auth;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Sfo;

/// <summary>An SFO unit the caller may act on.</summary>
internal sealed record SfoUnitRef(Guid Id, Guid MunicipalityId, Guid SchoolId, string Name);

/// <summary>The published events still kept: the newest sequence (0 when there is none) and the oldest (null when there is none).</summary>
internal sealed record SfoEventWindow(long Newest, long? Oldest)
{
    /// <summary>
    /// Whether every event after <paramref name="since"/> is still kept and <paramref name="since"/> is not from the future:
    /// sequences have no gaps, and retention deletes the oldest first, so the event right after it must still be there.
    /// </summary>
    public bool ReachesBackTo(long since) => since <= Newest && (Oldest is not { } oldest || since >= oldest - 1);
}

/// <summary>What <see cref="SfoAccess.BoardActionAsync"/> found: see there.</summary>
internal sealed record SfoBoardAction(
    SfoUnitRef Unit, Guid StaffId, IReadOnlyList<StaffRole> RolesAtSchool, bool PupilAtSchool, SfoAttendanceKind? LastStanding,
    IReadOnlyList<Notifications.SfoGuardianContact> GuardiansToNotify);

/// <summary>
/// Who may do what at an SFO unit. The board (check-in, check-out, undo): SFO staff and SFO leaders whose active assignment
/// covers an active SFO group of the unit, and the office and principal of the unit's school. Enrolments: SFO leaders of the
/// unit, the school's office and principal, and the municipality's administrators; SFO staff of the unit get 403. Everyone
/// else gets 404: a unit outside one's reach is not revealed.
/// </summary>
internal sealed class SfoAccess(MeldebokDbContext db, AccessScope scope)
{
    public async Task<Guid?> StaffIdAsync(CancellationToken ct) => (await scope.RolesAsync(ct)).StaffId;

    /// <summary>The unit, when the caller works its board; otherwise null. One round trip.</summary>
    public async Task<SfoUnitRef?> BoardUnitAsync(Guid unitId, CancellationToken ct) =>
        await BoardUnitQueryAsync(unitId, ct) is { } unit
            ? await unit.Select(u => new SfoUnitRef(u.Id, u.MunicipalityId, u.SchoolId, u.Name)).SingleOrDefaultAsync(ct)
            : null;

    /// <summary>
    /// The unit, when the caller works its board, with the newest and oldest published event sequences and the first row of
    /// <paramref name="alongside"/> (a query of one row) read in the same statement, and so in the same snapshot: everything an
    /// event up to the newest describes is committed before the board's rows are read, so the newest is the board's cursor.
    /// Null when the caller does not work the board. One round trip.
    /// </summary>
    public async Task<(SfoUnitRef Unit, SfoEventWindow Events, T? Alongside)?> BoardUnitWithEventsAsync<T>(
        Guid unitId, IQueryable<T> alongside, CancellationToken ct) where T : class
    {
        if (await BoardUnitQueryAsync(unitId, ct) is not { } unit)
        {
            return null;
        }

        var row = await unit
            .Select(u => new
            {
                Unit = new SfoUnitRef(u.Id, u.MunicipalityId, u.SchoolId, u.Name),
                Newest = db.OutboxEvents.Max(e => e.Sequence),
                Oldest = db.OutboxEvents.Min(e => e.Sequence),
                Alongside = alongside.FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : (row.Unit, new SfoEventWindow(row.Newest ?? 0, row.Oldest), row.Alongside);
    }

    /// <summary>The unit as a query, empty when the caller does not work its board; null when the caller is not staff (reads the roster roles).</summary>
    private async Task<IQueryable<SfoUnit>?> BoardUnitQueryAsync(Guid unitId, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        return roles.StaffId is { } staffId
            ? BoardUnits(db, staffId).AsNoTracking().Where(u => u.Id == unitId && u.MunicipalityId == roles.MunicipalityId)
            : null;
    }

    /// <summary>
    /// What a check-in or check-out needs before it writes, in one round trip: the unit when the caller works its board (null
    /// otherwise), the caller's active roles at the unit's school (for the usage statistics), whether the pupil attends the
    /// school, the pupil's latest check-in or check-out that stands at the unit on the day, and <paramref name="guardiansToNotify"/>
    /// (<see cref="Notifications.NotificationRecorder.SfoGuardians"/>), read only when the caller works the unit's board.
    /// </summary>
    public async Task<SfoBoardAction?> BoardActionAsync(
        Guid unitId, Guid pupilId, DateOnly date, IQueryable<Notifications.SfoGuardianContact> guardiansToNotify, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        if (roles.StaffId is not { } staffId)
        {
            return null;
        }

        var row = await BoardUnits(db, staffId).AsNoTracking()
            .Where(u => u.Id == unitId && u.MunicipalityId == roles.MunicipalityId)
            .Select(u => new
            {
                Unit = new SfoUnitRef(u.Id, u.MunicipalityId, u.SchoolId, u.Name),
                SchoolRoles = db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive && a.SchoolId == u.SchoolId).Select(a => a.Role).ToList(),
                PupilAtSchool = db.Pupils.Any(p => p.Id == pupilId && p.IsActive && p.SchoolId == u.SchoolId && p.MunicipalityId == u.MunicipalityId),
                Last = db.SfoAttendances
                    .Where(a => a.SfoUnitId == u.Id && a.PupilId == pupilId && a.Date == date && a.UndoneAt == null)
                    .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
                    .Select(a => (SfoAttendanceKind?)a.Kind)
                    .FirstOrDefault(),
                Guardians = guardiansToNotify.ToList(),
            })
            // The roles and the guardians are a handful of rows each: one statement, not one per collection.
            .AsSingleQuery()
            .SingleOrDefaultAsync(ct);
        return row is null ? null : new SfoBoardAction(row.Unit, staffId, row.SchoolRoles, row.PupilAtSchool, row.Last, row.Guardians);
    }

    /// <summary>The unit, when the caller manages its enrolments; 403 for the unit's SFO staff; otherwise null.</summary>
    public async Task<SfoUnitRef?> ManagedUnitAsync(Guid unitId, CancellationToken ct)
    {
        if (scope.User is { } user && user.IsInRole(Roles.MunicipalityAdmin))
        {
            return await UnitAsync(unitId, user.MunicipalityId(), ct);
        }

        if (await RolesAtAsync(unitId, ct) is not { } at)
        {
            return null;
        }

        if (at.Roles.Any(r => r is StaffRole.SfoLeader or StaffRole.Office or StaffRole.Principal))
        {
            return at.Unit;
        }

        if (at.Roles.Contains(StaffRole.SfoStaff))
        {
            throw new RoleDeniedException("Bare SFO-leder, skolekontoret og rektor kan endre SFO-plasser.");
        }

        return null;
    }

    /// <summary>The SFO units whose board the caller works, by name.</summary>
    public async Task<List<SfoBoardUnit>> BoardUnitsAsync(CancellationToken ct)
    {
        return await BoardUnits(db, await StaffIdAsync(ct)).AsNoTracking()
            .OrderBy(u => u.Name).ThenBy(u => u.Id)
            .Select(u => new SfoBoardUnit(u.Id, u.Name, u.SchoolId))
            .ToListAsync(ct);
    }

    /// <summary>The active SFO units whose board the staff member works (the board page's list and the menu's rule).</summary>
    internal static IQueryable<SfoUnit> BoardUnits(MeldebokDbContext db, Guid? staffId)
    {
        var assignments = db.StaffAssignments.Where(a => a.StaffId == staffId && a.IsActive);
        return db.SfoUnits.Where(u => u.IsActive && (
            assignments.Any(a => a.SchoolId == u.SchoolId && (a.Role == StaffRole.Office || a.Role == StaffRole.Principal))
            || assignments.Any(a => a.SchoolId == u.SchoolId && (a.Role == StaffRole.SfoStaff || a.Role == StaffRole.SfoLeader)
                && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id
                    && db.Groups.Any(g => g.Id == ag.GroupId && g.IsActive && g.SfoUnitId == u.Id)))));
    }

    /// <summary>The staff audiences of a unit's live events: its SFO staff and the school office.</summary>
    public static string[] StaffAudiences(SfoUnitRef unit) =>
        [Infrastructure.Realtime.Audiences.SfoStaff(unit.Id), Infrastructure.Realtime.Audiences.SchoolOffice(unit.SchoolId)];

    private sealed record UnitRoles(SfoUnitRef Unit, List<StaffRole> Roles);

    /// <summary>The roles the caller holds at the unit: office and principal at its school, SFO roles through one of its SFO groups.</summary>
    private async Task<UnitRoles?> RolesAtAsync(Guid unitId, CancellationToken ct)
    {
        var roles = await scope.RolesAsync(ct);
        if (roles.StaffId is not { } staffId || await UnitAsync(unitId, roles.MunicipalityId, ct) is not { } unit)
        {
            return null;
        }

        var held = await db.StaffAssignments.AsNoTracking()
            .Where(a => a.StaffId == staffId && a.IsActive && a.SchoolId == unit.SchoolId && (
                a.Role == StaffRole.Office || a.Role == StaffRole.Principal
                || ((a.Role == StaffRole.SfoStaff || a.Role == StaffRole.SfoLeader) && db.StaffAssignmentGroups.Any(ag => ag.StaffAssignmentId == a.Id
                    && db.Groups.Any(g => g.Id == ag.GroupId && g.IsActive && g.SfoUnitId == unitId)))))
            .Select(a => a.Role)
            .ToListAsync(ct);
        return held.Count == 0 ? null : new UnitRoles(unit, held);
    }

    private Task<SfoUnitRef?> UnitAsync(Guid unitId, Guid? municipalityId, CancellationToken ct) =>
        db.SfoUnits.AsNoTracking()
            .Where(u => u.Id == unitId && u.IsActive && u.MunicipalityId == municipalityId)
            .Select(u => new SfoUnitRef(u.Id, u.MunicipalityId, u.SchoolId, u.Name))
            .SingleOrDefaultAsync(ct);
}
