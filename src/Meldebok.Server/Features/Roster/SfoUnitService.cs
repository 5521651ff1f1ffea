using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>SFO units of the caller's municipality; every query is scoped to that municipality.</summary>
internal sealed class SfoUnitService(MeldebokDbContext db, TimeProvider time, ILogger<SfoUnitService> logger)
{
    public Task<Paged<SfoUnitResponse>> ListAsync(Guid municipalityId, SfoUnitFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.SfoUnits.AsNoTracking().Where(u => u.MunicipalityId == municipalityId);
        if (filter.IncludeInactive != true)
        {
            query = query.Where(u => u.IsActive);
        }

        if (filter.SchoolId is { } schoolId)
        {
            query = query.Where(u => u.SchoolId == schoolId);
        }

        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(u => EF.Functions.ILike(u.Name, pattern));
        }

        return query.OrderBy(u => u.Name).ThenBy(u => u.Id).Select(u => ToResponse(u)).ToPageAsync(page, ct);
    }

    public Task<SfoUnitResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        db.SfoUnits.AsNoTracking()
            .Where(u => u.MunicipalityId == municipalityId && u.Id == id)
            .Select(u => ToResponse(u))
            .SingleOrDefaultAsync(ct);

    public async Task<SfoUnitResponse> CreateAsync(Guid municipalityId, SfoUnitRequest request, CancellationToken ct)
    {
        var schoolId = request.SchoolId!.Value;
        await db.Schools.EnsureReferenceAsync(municipalityId, schoolId, "schoolId", "Skolen finnes ikke eller er deaktivert.", ct);
        var unit = new SfoUnit(municipalityId) { SchoolId = schoolId, Name = request.Name.Trim() };
        Apply(unit, request);
        db.SfoUnits.Add(unit);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created SFO unit {SfoUnitId} at school {SchoolId}", unit.Id, schoolId);
        return ToResponse(unit);
    }

    public async Task<SfoUnitResponse?> UpdateAsync(Guid municipalityId, Guid id, SfoUnitRequest request, CancellationToken ct)
    {
        var unit = await db.FindInMunicipalityAsync<SfoUnit>(municipalityId, id, ct);
        if (unit is null)
        {
            return null;
        }

        if (request.SchoolId != unit.SchoolId)
        {
            throw new FieldValidationException("schoolId", "En SFO-enhet kan ikke flyttes til en annen skole. Opprett en ny enhet ved den andre skolen.");
        }

        Apply(unit, request);
        await db.SaveChangesAsync(ct);
        return ToResponse(unit);
    }

    public async Task<SfoUnitResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct) =>
        await db.SetActiveAsync<SfoUnit>(municipalityId, id, active, time.GetUtcNow(), logger, ct) is { } unit ? ToResponse(unit) : null;

    private void Apply(SfoUnit unit, SfoUnitRequest request)
    {
        unit.Name = request.Name.Trim();
        unit.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        unit.LateNoticeDeadline = request.LateNoticeDeadline ?? unit.LateNoticeDeadline;
        unit.PickupMessageDeadline = request.PickupMessageDeadline ?? unit.PickupMessageDeadline;
        unit.Touch(time.GetUtcNow());
    }

    private static SfoUnitResponse ToResponse(SfoUnit u) => new(u.Id, u.SchoolId, u.Name, u.LateNoticeDeadline, u.SourcedId, u.IsActive, u.PickupMessageDeadline);
}
