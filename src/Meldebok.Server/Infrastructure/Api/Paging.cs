using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Infrastructure.Api;

/// <summary>Paging parameters of every list endpoint: <c>?page=1&amp;pageSize=50</c>.</summary>
internal sealed record PageRequest
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The page to return, from 1.</summary>
    [FromQuery(Name = "page"), Range(1, 100_000, ErrorMessage = "Sidetallet må være mellom 1 og 100000.")]
    public int? Page { get; init; }

    /// <summary>Rows per page, 1 to 200 (default 50).</summary>
    [FromQuery(Name = "pageSize"), Range(1, MaxPageSize, ErrorMessage = "Sidestørrelsen må være mellom 1 og 200.")]
    public int? PageSize { get; init; }

    public int EffectivePage => Page ?? 1;
    public int EffectivePageSize => PageSize ?? DefaultPageSize;
}

/// <summary>One page of a list.</summary>
/// <param name="Items">The rows on this page.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">The page size used.</param>
/// <param name="TotalCount">Rows in the whole list.</param>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

internal static class PagingExtensions
{
    /// <summary>Counts the query and fetches one page of it; the query must already be ordered.</summary>
    public static async Task<Paged<T>> ToPageAsync<T>(this IQueryable<T> query, PageRequest request, CancellationToken cancellationToken)
    {
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .Skip((request.EffectivePage - 1) * request.EffectivePageSize)
            .Take(request.EffectivePageSize)
            .ToListAsync(cancellationToken);
        return new Paged<T>(items, request.EffectivePage, request.EffectivePageSize, total);
    }
}
