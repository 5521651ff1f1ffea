using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>
/// Staff members' roles at schools and the groups each role covers; every query is scoped to the
/// caller's municipality. The rules on which groups a role may name live here.
/// </summary>
internal sealed class StaffAssignmentService(MeldebokDbContext db, TimeProvider time, ILogger<StaffAssignmentService> logger)
{
    public Task<Paged<StaffAssignmentResponse>> ListAsync(Guid municipalityId, StaffAssignmentFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.StaffAssignments.AsNoTracking().ListedIn(municipalityId, filter.IncludeInactive);

        if (filter.StaffId is { } staffId)
        {
            query = query.Where(a => a.StaffId == staffId);
        }

        if (filter.SchoolId is { } schoolId)
        {
            query = query.Where(a => a.SchoolId == schoolId);
        }

        if (filter.Role is { } role)
        {
            query = query.Where(a => a.Role == role);
        }

        if (filter.GroupId is { } groupId)
        {
            query = query.Where(a => db.StaffAssignmentGroups.Any(g => g.StaffAssignmentId == a.Id && g.GroupId == groupId));
        }

        return ProjectOrdered(db, query).ToPageAsync(page, ct);
    }

    public Task<StaffAssignmentResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        ProjectOrdered(db, db.StaffAssignments.AsNoTracking().Where(a => a.MunicipalityId == municipalityId && a.Id == id))
            .SingleOrDefaultAsync(ct);

    public async Task<StaffAssignmentResponse> CreateAsync(Guid municipalityId, StaffAssignmentCreateRequest request, CancellationToken ct)
    {
        var staffId = request.StaffId!.Value;
        var schoolId = request.SchoolId!.Value;
        var role = request.Role!.Value;
        var groupIds = Distinct(request.GroupIds);

        var errors = new Dictionary<string, string[]>();
        await CollectAsync(errors, db.Staff.EnsureReferenceAsync(municipalityId, staffId, "staffId", "Fant ingen aktiv ansatt med denne id-en i kommunen.", ct));
        await CollectAsync(errors, db.Schools.EnsureReferenceAsync(municipalityId, schoolId, "schoolId", "Fant ingen aktiv skole med denne id-en i kommunen.", ct));
        if (!errors.ContainsKey("schoolId"))
        {
            await CollectAsync(errors, EnsureGroupsFitRoleAsync(municipalityId, schoolId, role, groupIds, ct));
        }

        if (errors.Count > 0)
        {
            throw new FieldValidationException(errors);
        }

        await EnsureRoleIsNewAsync(staffId, schoolId, role, exceptId: Guid.Empty, ct);

        var assignment = new StaffAssignment(municipalityId) { StaffId = staffId, SchoolId = schoolId, Role = role };
        assignment.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        assignment.Touch(time.GetUtcNow());
        db.StaffAssignments.Add(assignment);
        db.StaffAssignmentGroups.AddRange(groupIds.Select(groupId => new StaffAssignmentGroup { StaffAssignmentId = assignment.Id, GroupId = groupId }));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created staff assignment {AssignmentId} ({Role}) for staff {StaffId} at school {SchoolId}", assignment.Id, role, staffId, schoolId);
        return (await GetAsync(municipalityId, assignment.Id, ct))!;
    }

    public async Task<StaffAssignmentResponse?> UpdateAsync(Guid municipalityId, Guid id, StaffAssignmentUpdateRequest request, CancellationToken ct)
    {
        var assignment = await db.StaffAssignments.FindInMunicipalityAsync(municipalityId, id, ct);
        if (assignment is null)
        {
            return null;
        }

        var role = request.Role!.Value;
        var groupIds = Distinct(request.GroupIds);
        await EnsureGroupsFitRoleAsync(municipalityId, assignment.SchoolId, role, groupIds, ct);
        if (role != assignment.Role)
        {
            await EnsureRoleIsNewAsync(assignment.StaffId, assignment.SchoolId, role, exceptId: assignment.Id, ct);
        }

        assignment.Role = role;
        assignment.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        assignment.Touch(time.GetUtcNow());

        // The request carries the whole set of groups: remove the rows it no longer names and add the new ones.
        var current = await db.StaffAssignmentGroups.Where(g => g.StaffAssignmentId == id).ToListAsync(ct);
        db.StaffAssignmentGroups.RemoveRange(current.Where(g => !groupIds.Contains(g.GroupId)));
        var kept = current.Select(g => g.GroupId).ToHashSet();
        db.StaffAssignmentGroups.AddRange(groupIds.Where(groupId => !kept.Contains(groupId))
            .Select(groupId => new StaffAssignmentGroup { StaffAssignmentId = id, GroupId = groupId }));
        await db.SaveChangesAsync(ct);
        return await GetAsync(municipalityId, id, ct);
    }

    public async Task<StaffAssignmentResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct)
    {
        var assignment = await db.StaffAssignments.FindInMunicipalityAsync(municipalityId, id, ct);
        if (assignment is null)
        {
            return null;
        }

        assignment.SetActive(active, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Staff assignment {AssignmentId} is now {State}", id, active ? "active" : "inactive");
        return await GetAsync(municipalityId, id, ct);
    }

    /// <summary>
    /// Assignments with the names a reader needs, ordered by staff member, school and role. Shared
    /// with the staff details, which show a staff member's assignments.
    /// </summary>
    public static IQueryable<StaffAssignmentResponse> ProjectOrdered(MeldebokDbContext db, IQueryable<StaffAssignment> assignments) =>
        from a in assignments
        join staff in db.Staff on a.StaffId equals staff.Id
        join school in db.Schools on a.SchoolId equals school.Id
        orderby staff.FamilyName, staff.GivenName, staff.Id, school.Name, school.Id, a.Role, a.Id
        select new StaffAssignmentResponse(
            a.Id,
            a.StaffId,
            staff.GivenName + " " + staff.FamilyName,
            a.SchoolId,
            school.Name,
            a.Role,
            db.StaffAssignmentGroups.Where(g => g.StaffAssignmentId == a.Id).OrderBy(g => g.GroupId).Select(g => g.GroupId).ToList(),
            a.SourcedId,
            a.IsActive);

    /// <summary>
    /// Teachers and contact teachers teach groups, so they name at least one; the office and the
    /// principal act for the whole school, so they name none; SFO staff work in SFO groups only.
    /// Every group must be an active group of the assignment's school.
    /// </summary>
    private async Task EnsureGroupsFitRoleAsync(Guid municipalityId, Guid schoolId, StaffRole role, List<Guid> groupIds, CancellationToken ct)
    {
        switch (role)
        {
            case StaffRole.Teacher or StaffRole.ContactTeacher when groupIds.Count == 0:
                throw new FieldValidationException("groupIds", $"En {StaffRoleNames.Norwegian(role)} må knyttes til minst én gruppe.");
            case StaffRole.Office or StaffRole.Principal when groupIds.Count > 0:
                throw new FieldValidationException("groupIds", $"Rollen {StaffRoleNames.Norwegian(role)} gjelder hele skolen og kan ikke knyttes til grupper.");
        }

        if (groupIds.Count == 0)
        {
            return;
        }

        var groupsOfSchool = db.Groups.Where(g => g.SchoolId == schoolId);
        await groupsOfSchool.EnsureReferencesAsync(municipalityId, groupIds, "groupIds", "Alle gruppene må være aktive grupper ved den valgte skolen.", ct);
        if (role is StaffRole.SfoStaff or StaffRole.SfoLeader
            && await groupsOfSchool.AnyAsync(g => groupIds.Contains(g.Id) && g.Kind != GroupKind.SfoGroup, ct))
        {
            throw new FieldValidationException("groupIds", $"Rollen {StaffRoleNames.Norwegian(role)} kan bare knyttes til SFO-grupper.");
        }
    }

    private async Task EnsureRoleIsNewAsync(Guid staffId, Guid schoolId, StaffRole role, Guid exceptId, CancellationToken ct)
    {
        var existing = await db.StaffAssignments.AsNoTracking()
            .Where(a => a.StaffId == staffId && a.SchoolId == schoolId && a.Role == role && a.Id != exceptId)
            .Select(a => new { a.IsActive })
            .FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            throw new RuleConflictException(existing.IsActive
                ? $"Den ansatte har allerede rollen {StaffRoleNames.Norwegian(role)} ved denne skolen."
                : $"Den ansatte har allerede en deaktivert tildeling som {StaffRoleNames.Norwegian(role)} ved denne skolen. Aktiver og endre den i stedet for å opprette en ny.");
        }
    }

    private static List<Guid> Distinct(IReadOnlyList<Guid>? ids) => ids?.Distinct().ToList() ?? [];

    /// <summary>Runs a check and keeps its field errors, so that one answer can name every bad field.</summary>
    private static async Task CollectAsync(Dictionary<string, string[]> errors, Task check)
    {
        try
        {
            await check;
        }
        catch (FieldValidationException exception)
        {
            foreach (var (field, messages) in exception.Errors)
            {
                errors[field] = messages;
            }
        }
    }
}
