using Meldebok.Server.Infrastructure.Api;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Roster;

/// <summary>Small helpers the roster services share.</summary>
internal static class RosterQueries
{
    /// <summary>Escapes LIKE wildcards in user input so that a search for "50%" finds "50%".</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// Checks that <paramref name="id"/> names an active record of the caller's municipality, and
    /// otherwise rejects the request with a field error on <paramref name="field"/>. A record of another
    /// municipality is reported exactly like one that does not exist.
    /// </summary>
    public static async Task EnsureReferenceAsync<T>(this IQueryable<T> set, Guid municipalityId, Guid id, string field, string message, CancellationToken ct)
        where T : RosterEntity
    {
        if (!await set.AnyAsync(e => e.Id == id && e.MunicipalityId == municipalityId && e.IsActive, ct))
        {
            throw new FieldValidationException(field, message);
        }
    }

    /// <summary>Like <see cref="EnsureReferenceAsync{T}"/> for a list of ids: every one must exist, or the field is rejected.</summary>
    public static async Task EnsureReferencesAsync<T>(this IQueryable<T> set, Guid municipalityId, IReadOnlyCollection<Guid> ids, string field, string message, CancellationToken ct)
        where T : RosterEntity
    {
        var distinct = ids.Distinct().ToList();
        var found = await set.CountAsync(e => distinct.Contains(e.Id) && e.MunicipalityId == municipalityId && e.IsActive, ct);
        if (found != distinct.Count)
        {
            throw new FieldValidationException(field, message);
        }
    }

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
