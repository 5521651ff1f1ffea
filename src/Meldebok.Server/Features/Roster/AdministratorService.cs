using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>
/// The administrators of the caller's municipality; every query is scoped to that municipality.
/// A municipality always keeps at least one active administrator.
/// </summary>
internal sealed class AdministratorService(MeldebokDbContext db, TimeProvider time, ILogger<AdministratorService> logger)
{
    public Task<Paged<AdministratorResponse>> ListAsync(Guid municipalityId, AdministratorFilter filter, PageRequest page, CancellationToken ct)
    {
        return db.MunicipalityAdministrators.AsNoTracking().ListedIn(municipalityId, filter.IncludeInactive).Searched(filter.Search)
            .OrderBy(a => a.FamilyName).ThenBy(a => a.GivenName).ThenBy(a => a.Id).Select(a => ToResponse(a)).ToPageAsync(page, ct);
    }

    public Task<AdministratorResponse?> GetAsync(Guid municipalityId, Guid id, CancellationToken ct) =>
        db.MunicipalityAdministrators.AsNoTracking()
            .Where(a => a.MunicipalityId == municipalityId && a.Id == id)
            .Select(a => ToResponse(a))
            .SingleOrDefaultAsync(ct);

    public async Task<AdministratorResponse> CreateAsync(Guid municipalityId, AdministratorRequest request, CancellationToken ct)
    {
        var administrator = new MunicipalityAdministrator(municipalityId)
        {
            GivenName = request.GivenName.Trim(),
            FamilyName = request.FamilyName.Trim(),
            Email = request.Email.Trim(),
        };
        await ApplyAsync(administrator, request, ct);
        db.MunicipalityAdministrators.Add(administrator);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created administrator {AdministratorId} in municipality {MunicipalityId}", administrator.Id, municipalityId);
        return ToResponse(administrator);
    }

    public async Task<AdministratorResponse?> UpdateAsync(Guid municipalityId, Guid id, AdministratorRequest request, CancellationToken ct)
    {
        var administrator = await db.MunicipalityAdministrators.FindInMunicipalityAsync(municipalityId, id, ct);
        if (administrator is null)
        {
            return null;
        }

        await ApplyAsync(administrator, request, ct);
        await db.SaveChangesAsync(ct);
        return ToResponse(administrator);
    }

    public async Task<AdministratorResponse?> SetActiveAsync(Guid municipalityId, Guid id, bool active, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!active)
        {
            // Deactivations within one municipality take turns, so two administrators who deactivate
            // each other at the same moment cannot both pass the check below and leave nobody in charge.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM municipalities WHERE id = {municipalityId} FOR UPDATE", ct);
        }

        var administrator = await db.MunicipalityAdministrators.FindInMunicipalityAsync(municipalityId, id, ct);
        if (administrator is null)
        {
            return null;
        }

        if (!active && administrator.IsActive
            && !await db.MunicipalityAdministrators.AnyAsync(a => a.MunicipalityId == municipalityId && a.IsActive && a.Id != id, ct))
        {
            throw new RuleConflictException(
                "Administratoren kan ikke deaktiveres fordi vedkommende er kommunens siste aktive administrator. " +
                "Kommunen må alltid ha minst én aktiv administrator som kan logge inn og forvalte den. Opprett eller aktiver en annen administrator først.");
        }

        administrator.SetActive(active, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Administrator {AdministratorId} is now {State}", id, active ? "active" : "inactive");
        return ToResponse(administrator);
    }

    private Task ApplyAsync(MunicipalityAdministrator administrator, AdministratorRequest request, CancellationToken ct) =>
        db.MunicipalityAdministrators.ApplyAsync(administrator, request, time.GetUtcNow(), "en administrator", ct);

    private static AdministratorResponse ToResponse(MunicipalityAdministrator a) => new(a.Id, a.GivenName, a.FamilyName, a.Email, a.FeideId, a.IsActive);
}

/// <summary>The rules an administrator and a portfolio-board member share: searched by name, e-mail or Feide id; one per e-mail and per Feide id.</summary>
internal static class MunicipalPeople
{
    public static IQueryable<T> Searched<T>(this IQueryable<T> people, string? search) where T : MunicipalPerson =>
        RosterChanges.ContainsPattern(search) is { } pattern
            ? people.Where(a => EF.Functions.ILike(a.GivenName + " " + a.FamilyName, pattern) || EF.Functions.ILike(a.Email, pattern) || EF.Functions.ILike(a.FeideId!, pattern))
            : people;

    /// <summary>Sets the person's fields from the request; a duplicate e-mail or Feide id in the municipality answers 409 naming the <paramref name="kind"/>.</summary>
    public static async Task ApplyAsync<T>(this DbSet<T> people, T person, AdministratorRequest request, DateTimeOffset now, string kind, CancellationToken ct)
        where T : MunicipalPerson
    {
        // E-mail addresses are compared without regard to case: Kari@Kommune.no and kari@kommune.no reach the same person.
        var email = request.Email.Trim();
        if (await people.AnyAsync(a => a.MunicipalityId == person.MunicipalityId && a.Id != person.Id && EF.Functions.ILike(a.Email, RosterQueries.EscapeLike(email)), ct))
        {
            throw new RuleConflictException($"Kommunen har allerede {kind} med denne e-postadressen.");
        }

        var feideId = Infrastructure.Validation.FeideIdentifiers.Normalise(request.FeideId);
        if (feideId is not null && await people.AnyAsync(a => a.MunicipalityId == person.MunicipalityId && a.Id != person.Id && a.FeideId == feideId, ct))
        {
            throw new RuleConflictException($"Kommunen har allerede {kind} med denne Feide-id-en.");
        }

        person.GivenName = request.GivenName.Trim();
        person.FamilyName = request.FamilyName.Trim();
        person.Email = email;
        person.FeideId = feideId;
        person.Touch(now);
    }
}
