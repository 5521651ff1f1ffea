using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Loading and switching roster records the same way in every roster service.</summary>
internal static class RosterEntityExtensions
{
    /// <summary>The municipality's records for a list: the active ones, or all of them when <paramref name="includeInactive"/> is true.</summary>
    public static IQueryable<T> ListedIn<T>(this IQueryable<T> set, Guid municipalityId, bool? includeInactive)
        where T : RosterEntity
    {
        var query = set.Where(e => e.MunicipalityId == municipalityId);
        return includeInactive == true ? query : query.Where(e => e.IsActive);
    }

    /// <summary>
    /// The tracked record with <paramref name="id"/> if it belongs to the caller's municipality, otherwise
    /// null: a record of another municipality is treated exactly like one that does not exist.
    /// </summary>
    public static Task<T?> FindInMunicipalityAsync<T>(this IQueryable<T> set, Guid municipalityId, Guid id, CancellationToken ct)
        where T : RosterEntity =>
        set.SingleOrDefaultAsync(e => e.MunicipalityId == municipalityId && e.Id == id, ct);

    /// <summary>An ILIKE pattern that finds <paramref name="search"/> anywhere in a value, or null when there is nothing to search for.</summary>
    public static string? ContainsPattern(string? search) =>
        string.IsNullOrWhiteSpace(search) ? null : "%" + RosterQueries.EscapeLike(search.Trim()) + "%";

    public static void SetActive(this RosterEntity entity, bool active, DateTimeOffset now)
    {
        if (active) entity.Activate(now);
        else entity.Deactivate(now);
    }
}
