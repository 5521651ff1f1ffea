using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Validation;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Guardians of the caller's municipality; every query is scoped to that municipality.</summary>
internal sealed class GuardianService(MeldebokDbContext db, TimeProvider time, ILogger<GuardianService> logger)
{
    private const string DefaultLanguage = "nb";

    public Task<Paged<GuardianListItem>> ListAsync(Guid municipalityId, GuardianFilter filter, PageRequest page, CancellationToken ct)
    {
        var includeInactive = filter.IncludeInactive == true;
        var query = db.Guardians.AsNoTracking().Where(g => g.MunicipalityId == municipalityId).ActiveUnless(includeInactive);

        if (filter.PupilId is { } pupilId)
        {
            query = query.Where(g => db.GuardianLinks.Any(l =>
                l.GuardianId == g.Id && l.PupilId == pupilId && l.MunicipalityId == municipalityId && (includeInactive || l.IsActive)));
        }

        if (RosterChanges.ContainsPattern(filter.Search) is { } pattern)
        {
            query = query.Where(g => EF.Functions.ILike(g.GivenName + " " + g.FamilyName, pattern)
                || (g.Email != null && EF.Functions.ILike(g.Email, pattern)));
        }

        return query.OrderBy(g => g.FamilyName).ThenBy(g => g.GivenName).ThenBy(g => g.Id)
            .Select(g => new GuardianListItem(g.Id, g.GivenName, g.FamilyName, g.Email, g.Mobile, g.PreferredLanguage, g.SourcedId, g.IsActive))
            .ToPageAsync(page, ct);
    }

    public Task<GuardianResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        db.Guardians.AsNoTracking()
            .Where(g => g.MunicipalityId == municipalityId && g.Id == id)
            .Select(g => ToResponse(g))
            .SingleOrDefaultAsync(ct);

    public async Task<GuardianResponse> CreateAsync(Guid municipalityId, GuardianRequest request, CancellationToken ct)
    {
        var guardian = new Guardian(municipalityId)
        {
            GivenName = request.GivenName.Trim(),
            FamilyName = request.FamilyName.Trim(),
            NationalIdentityNumber = request.NationalIdentityNumber.Trim(),
        };
        await ApplyAsync(guardian, request, ct);
        db.Guardians.Add(guardian);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created guardian {GuardianId} in municipality {MunicipalityId}", guardian.Id, municipalityId);
        return ToResponse(guardian);
    }

    public async Task<GuardianResponse?> UpdateAsync(Guid municipalityId, Guid id, GuardianRequest request, CancellationToken ct)
    {
        var guardian = await db.Guardians.SingleOrDefaultAsync(g => g.MunicipalityId == municipalityId && g.Id == id, ct);
        if (guardian is null)
        {
            return null;
        }

        await ApplyAsync(guardian, request, ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(guardian);
    }

    public async Task<GuardianResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct) =>
        await db.SetActiveAsync<Guardian>(municipalityId, id, active, time.GetUtcNow(), logger, ct) is { } guardian ? ToResponse(guardian) : null;

    private async Task ApplyAsync(Guardian guardian, GuardianRequest request, CancellationToken ct)
    {
        var nationalIdentityNumber = request.NationalIdentityNumber.Trim();
        // Checked here for a clear answer; the unique index still stops two requests that race.
        if (await db.Guardians.AnyAsync(g => g.MunicipalityId == guardian.MunicipalityId && g.NationalIdentityNumber == nationalIdentityNumber && g.Id != guardian.Id, ct))
        {
            throw new RuleConflictException("Det finnes allerede en foresatt med dette fødselsnummeret i kommunen.");
        }

        guardian.GivenName = request.GivenName.Trim();
        guardian.FamilyName = request.FamilyName.Trim();
        guardian.NationalIdentityNumber = nationalIdentityNumber;
        guardian.Email = RosterQueries.NullIfBlank(request.Email);
        guardian.Mobile = RosterQueries.NullIfBlank(request.Mobile);
        guardian.PreferredLanguage = request.PreferredLanguage ?? DefaultLanguage;
        guardian.SourcedId = RosterQueries.NullIfBlank(request.SourcedId);
        guardian.Touch(time.GetUtcNow());
    }

    private static GuardianResponse ToResponse(Guardian g) => new(
        g.Id, g.GivenName, g.FamilyName, NorwegianIdentifiers.MaskNationalIdentityNumber(g.NationalIdentityNumber),
        g.Email, g.Mobile, g.PreferredLanguage, g.SourcedId, g.IsActive);
}
