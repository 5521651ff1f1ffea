using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>What the roster services share for listing, finding and (de)activating their records.</summary>
internal static class RosterChanges
{
    /// <summary>Only active records, unless the client asked for the inactive ones too.</summary>
    public static IQueryable<T> ActiveUnless<T>(this IQueryable<T> query, bool? includeInactive) where T : RosterEntity =>
        includeInactive == true ? query : query.Where(e => e.IsActive);

    /// <summary>The record with <paramref name="id"/> in the municipality, tracked for changes; null for none or another municipality's.</summary>
    public static Task<T?> FindInMunicipalityAsync<T>(this MeldebokDbContext db, Guid municipalityId, Guid id, CancellationToken ct)
        where T : RosterEntity =>
        db.Set<T>().SingleOrDefaultAsync(e => e.MunicipalityId == municipalityId && e.Id == id, ct);

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

        if (active) entity.Activate(now);
        else entity.Deactivate(now);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("{Record} {Id} is now {State}", typeof(T).Name, id, active ? "active" : "inactive");
        return entity;
    }
}
