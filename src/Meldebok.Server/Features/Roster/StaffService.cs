using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Staff of the caller's municipality; every query is scoped to that municipality.</summary>
internal sealed class StaffService(MeldebokDbContext db, TimeProvider time, ILogger<StaffService> logger)
{
    public Task<Paged<StaffResponse>> ListAsync(Guid municipalityId, StaffFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.Staff.AsNoTracking().ListedIn(municipalityId, filter.IncludeInactive);
        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(s => EF.Functions.ILike(s.GivenName + " " + s.FamilyName, pattern)
                || EF.Functions.ILike(s.Email!, pattern)
                || EF.Functions.ILike(s.FeideId!, pattern));
        }

        if (filter.SchoolId is not null || filter.Role is not null)
        {
            // One active assignment must match both filters, so "role=Principal&schoolId=X" means principal at X.
            var assignments = db.StaffAssignments.Where(a => a.IsActive);
            if (filter.SchoolId is { } schoolId)
            {
                assignments = assignments.Where(a => a.SchoolId == schoolId);
            }

            if (filter.Role is { } role)
            {
                assignments = assignments.Where(a => a.Role == role);
            }

            query = query.Where(s => assignments.Any(a => a.StaffId == s.Id));
        }

        return query.OrderBy(s => s.FamilyName).ThenBy(s => s.GivenName).ThenBy(s => s.Id).Select(s => ToResponse(s)).ToPageAsync(page, ct);
    }

    public async Task<StaffDetailsResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct)
    {
        var staff = await db.Staff.AsNoTracking()
            .Where(s => s.MunicipalityId == municipalityId && s.Id == id)
            .Select(s => ToResponse(s))
            .SingleOrDefaultAsync(ct);
        if (staff is null)
        {
            return null;
        }

        var assignments = await StaffAssignmentService.ProjectOrdered(db, db.StaffAssignments.AsNoTracking().Where(a => a.StaffId == id)).ToListAsync(ct);
        return new StaffDetailsResponse(staff, assignments);
    }

    public async Task<StaffResponse> CreateAsync(Guid municipalityId, StaffRequest request, CancellationToken ct)
    {
        var staff = new Staff(municipalityId) { GivenName = request.GivenName.Trim(), FamilyName = request.FamilyName.Trim() };
        await ApplyAsync(staff, request, ct);
        db.Staff.Add(staff);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created staff {StaffId} in municipality {MunicipalityId}", staff.Id, municipalityId);
        return ToResponse(staff);
    }

    public async Task<StaffResponse?> UpdateAsync(Guid municipalityId, Guid id, StaffRequest request, CancellationToken ct)
    {
        var staff = await db.Staff.FindInMunicipalityAsync(municipalityId, id, ct);
        if (staff is null)
        {
            return null;
        }

        await ApplyAsync(staff, request, ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(staff);
    }

    public async Task<StaffResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct)
    {
        var staff = await db.Staff.FindInMunicipalityAsync(municipalityId, id, ct);
        if (staff is null)
        {
            return null;
        }

        staff.SetActive(active, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Staff {StaffId} is now {State}", id, active ? "active" : "inactive");
        return ToResponse(staff);
    }

    private async Task ApplyAsync(Staff staff, StaffRequest request, CancellationToken ct)
    {
        // Sign-in finds the staff member by Feide id, so one id may belong to one staff member on the whole platform.
        var feideId = FeideIdentifiers.Normalise(request.FeideId);
        if (feideId is not null && await db.Staff.AnyAsync(s => s.FeideId == feideId && s.Id != staff.Id, ct))
        {
            throw new RuleConflictException("Feide-id-en er allerede knyttet til en annen ansatt. En Feide-id kan bare høre til én ansatt.");
        }

        staff.GivenName = request.GivenName.Trim();
        staff.FamilyName = request.FamilyName.Trim();
        staff.FeideId = feideId;
        staff.Email = RosterQueries.NullIfBlank(request.Email);
        staff.Mobile = RosterQueries.NullIfBlank(request.Mobile);
        staff.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        staff.Touch(time.GetUtcNow());
    }

    private static StaffResponse ToResponse(Staff s) => new(s.Id, s.GivenName, s.FamilyName, s.FeideId, s.Email, s.Mobile, s.SourcedId, s.IsActive);
}
