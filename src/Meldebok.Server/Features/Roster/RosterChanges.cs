using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>What the roster services share for listing, finding and (de)activating their records.</summary>
internal static class RosterChanges
{
    /// <summary>Only active records, unless the client asked for the inactive ones too.</summary>
    public static IQueryable<T> ActiveUnless<T>(this IQueryable<T> query, bool? includeInactive) where T : RosterEntity =>
        includeInactive == true ? query : query.Where(e => e.IsActive);

    /// <summary>The municipality's records for a list: the active ones, or all of them when <paramref name="includeInactive"/> is true.</summary>
    public static IQueryable<T> ListedIn<T>(this IQueryable<T> set, Guid municipalityId, bool? includeInactive) where T : RosterEntity =>
        set.Where(e => e.MunicipalityId == municipalityId).ActiveUnless(includeInactive);

    /// <summary>
    /// The tracked record with <paramref name="id"/> if it belongs to the caller's municipality, otherwise
    /// null: a record of another municipality is treated exactly like one that does not exist.
    /// </summary>
    public static Task<T?> FindInMunicipalityAsync<T>(this IQueryable<T> set, Guid municipalityId, Guid id, CancellationToken ct)
        where T : RosterEntity =>
        set.SingleOrDefaultAsync(e => e.MunicipalityId == municipalityId && e.Id == id, ct);

    /// <inheritdoc cref="FindInMunicipalityAsync{T}(IQueryable{T}, Guid, Guid, CancellationToken)"/>
    public static Task<T?> FindInMunicipalityAsync<T>(this MeldebokDbContext db, Guid municipalityId, Guid id, CancellationToken ct)
        where T : RosterEntity =>
        db.Set<T>().FindInMunicipalityAsync(municipalityId, id, ct);

    /// <summary>An ILIKE pattern that finds <paramref name="search"/> anywhere in a value, or null when there is nothing to search for.</summary>
    public static string? ContainsPattern(string? search) =>
        string.IsNullOrWhiteSpace(search) ? null : "%" + RosterQueries.EscapeLike(search.Trim()) + "%";

    public static void SetActive(this RosterEntity entity, bool active, DateTimeOffset now)
    {
        if (active) entity.Activate(now);
        else entity.Deactivate(now);
    }

    /// <summary>Activates or deactivates the record and saves; null when the municipality has no such record.</summary>
    public static async Task<T?> SetActiveAsync<T>(
        this MeldebokDbContext db, Guid municipalityId, Guid id, bool active, DateTimeOffset now, ILogger logger, CancellationToken ct)
        where T : RosterEntity
    {
        var entity = await db.FindInMunicipalityAsync<T>(municipalityId, id, ct);
        if (entity is null)
        {
            return null;
        }

        entity.SetActive(active, now);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("{Record} {Id} is now {State}", typeof(T).Name, id, active ? "active" : "inactive");
        return entity;
    }
}
