using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Schools of the caller's municipality; every query is scoped to that municipality.</summary>
internal sealed class SchoolService(MeldebokDbContext db, TimeProvider time, ILogger<SchoolService> logger)
{
    public Task<Paged<SchoolResponse>> ListAsync(Guid municipalityId, SchoolFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Schools.AsNoTracking().Where(s => s.MunicipalityId == municipalityId).ActiveUnless(filter.IncludeInactive);

        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(s => EF.Functions.ILike(s.Name, pattern));
        }

        return query.OrderBy(s => s.Name).ThenBy(s => s.Id).Select(s => ToResponse(s)).ToPageAsync(page, ct);
    }

    public Task<SchoolResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        db.Schools.AsNoTracking()
            .Where(s => s.MunicipalityId == municipalityId && s.Id == id)
            .Select(s => ToResponse(s))
            .SingleOrDefaultAsync(ct);

    public async Task<SchoolResponse> CreateAsync(Guid municipalityId, SchoolRequest request, CancellationToken ct)
    {
        var school = new School(municipalityId) { Name = request.Name.Trim() };
        Apply(school, request);
        db.Schools.Add(school);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created school {SchoolId} in municipality {MunicipalityId}", school.Id, municipalityId);
        return ToResponse(school);
    }

    public async Task<SchoolResponse?> UpdateAsync(Guid municipalityId, Guid id, SchoolRequest request, CancellationToken ct)
    {
        var school = await db.FindInMunicipalityAsync<School>(municipalityId, id, ct);
        if (school is null)
        {
            return null;
        }

        Apply(school, request);
        await db.SaveChangesAsync(ct);
        return ToResponse(school);
    }

    public async Task<SchoolResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct) =>
        await db.SetActiveAsync<School>(municipalityId, id, active, time.GetUtcNow(), logger, ct) is { } school ? ToResponse(school) : null;

    private void Apply(School school, SchoolRequest request)
    {
        school.Name = request.Name.Trim();
        school.OrganisationNumber = RosterQueries.NullIfBlank(request.OrganisationNumber);
        school.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        school.Touch(time.GetUtcNow());
    }

    private static SchoolResponse ToResponse(School s) => new(s.Id, s.Name, s.OrganisationNumber, s.SourcedId, s.IsActive);
}
