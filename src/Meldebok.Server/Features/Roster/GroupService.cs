using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Classes, base groups and SFO groups of the caller's municipality; every query is scoped to that municipality.</summary>
internal sealed class GroupService(MeldebokDbContext db, TimeProvider time, ILogger<GroupService> logger)
{
    public Task<Paged<GroupResponse>> ListAsync(Guid municipalityId, GroupFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Groups.AsNoTracking().Where(g => g.MunicipalityId == municipalityId);
        if (filter.IncludeInactive != true)
        {
            query = query.Where(g => g.IsActive);
        }

        if (filter.SchoolId is { } schoolId)
        {
            query = query.Where(g => g.SchoolId == schoolId);
        }

        if (filter.SfoUnitId is { } sfoUnitId)
        {
            query = query.Where(g => g.SfoUnitId == sfoUnitId);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(g => g.Kind == kind);
        }

        if (filter.SchoolYear is { } schoolYear)
        {
            query = query.Where(g => g.SchoolYear == schoolYear);
        }

        if (filter.Grade is { } grade)
        {
            query = query.Where(g => g.Grade == grade);
        }

        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(g => EF.Functions.ILike(g.Name, pattern));
        }

        var ordered = query.OrderByDescending(g => g.SchoolYear).ThenBy(g => g.Grade).ThenBy(g => g.Name).ThenBy(g => g.Id);
        return ToResponses(ordered).ToPageAsync(page, ct);
    }

    public Task<GroupResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        ToResponses(db.Groups.AsNoTracking().Where(g => g.MunicipalityId == municipalityId && g.Id == id)).SingleOrDefaultAsync(ct);

    public async Task<GroupResponse> CreateAsync(Guid municipalityId, GroupRequest request, CancellationToken ct)
    {
        var schoolId = request.SchoolId!.Value;
        EnsureSfoUnitMatchesKind(request);
        await db.Schools.EnsureReferenceAsync(municipalityId, schoolId, "schoolId", "Skolen finnes ikke eller er deaktivert.", ct);
        await EnsureSfoUnitAtSchoolAsync(municipalityId, schoolId, request.SfoUnitId, ct);

        var group = new Group(municipalityId) { SchoolId = schoolId, Name = request.Name.Trim() };
        Apply(group, request);
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created group {GroupId} at school {SchoolId}", group.Id, schoolId);
        return (await GetAsync(municipalityId, group.Id, ct))!;
    }

    public async Task<GroupResponse?> UpdateAsync(Guid municipalityId, Guid id, GroupRequest request, CancellationToken ct)
    {
        var group = await db.FindInMunicipalityAsync<Group>(municipalityId, id, ct);
        if (group is null)
        {
            return null;
        }

        if (request.SchoolId != group.SchoolId)
        {
            throw new FieldValidationException("schoolId", "En gruppe kan ikke flyttes til en annen skole. Opprett en ny gruppe ved den andre skolen.");
        }

        EnsureSfoUnitMatchesKind(request);
        if (request.SfoUnitId != group.SfoUnitId)
        {
            // An unchanged unit is not checked again, so that a group can still be renamed after its unit is deactivated.
            await EnsureSfoUnitAtSchoolAsync(municipalityId, group.SchoolId, request.SfoUnitId, ct);
        }

        Apply(group, request);
        await db.SaveChangesAsync(ct);
        return await GetAsync(municipalityId, id, ct);
    }

    public async Task<GroupResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct) =>
        await db.SetActiveAsync<Group>(municipalityId, id, active, time.GetUtcNow(), logger, ct) is not null
            ? await GetAsync(municipalityId, id, ct)
            : null;

    private static void EnsureSfoUnitMatchesKind(GroupRequest request)
    {
        if (request.Kind == GroupKind.SfoGroup && request.SfoUnitId is null)
        {
            throw new FieldValidationException("sfoUnitId", "En SFO-gruppe må høre til en SFO-enhet.");
        }

        if (request.Kind != GroupKind.SfoGroup && request.SfoUnitId is not null)
        {
            throw new FieldValidationException("sfoUnitId", "Bare SFO-grupper kan høre til en SFO-enhet.");
        }
    }

    private async Task EnsureSfoUnitAtSchoolAsync(Guid municipalityId, Guid schoolId, Guid? sfoUnitId, CancellationToken ct)
    {
        if (sfoUnitId is { } unitId)
        {
            await db.SfoUnits.Where(u => u.SchoolId == schoolId)
                .EnsureReferenceAsync(municipalityId, unitId, "sfoUnitId", "SFO-enheten finnes ikke ved denne skolen, eller den er deaktivert.", ct);
        }
    }

    private void Apply(Group group, GroupRequest request)
    {
        group.SfoUnitId = request.SfoUnitId;
        group.Name = request.Name.Trim();
        group.Kind = request.Kind!.Value;
        group.SchoolYear = request.SchoolYear!.Value;
        group.Grade = request.Grade;
        group.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        group.Touch(time.GetUtcNow());
    }

    /// <summary>Projects groups with their member count in the same SQL statement (a correlated count, not a query per group).</summary>
    private IQueryable<GroupResponse> ToResponses(IQueryable<Group> groups) => groups.Select(g => new GroupResponse(
        g.Id, g.SchoolId, g.SfoUnitId, g.Name, g.Kind, g.SchoolYear, g.Grade, g.SourcedId, g.IsActive,
        db.GroupMemberships.Count(m => m.GroupId == g.Id && db.Pupils.Any(p => p.Id == m.PupilId && p.IsActive))));
}
