using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Usage;

/// <summary>What one aggregation did.</summary>
/// <param name="From">First local day aggregated.</param>
/// <param name="To">Last local day aggregated.</param>
/// <param name="Events">Usage events read.</param>
/// <param name="DailyRows">Daily figures written (one per school, day, action, channel and role).</param>
public sealed record UsageAggregationResult(DateOnly From, DateOnly To, int Events, int DailyRows);

/// <summary>
/// Turns usage events into daily figures with set-based SQL. A municipality's days are replaced as a whole in one
/// transaction (delete, then INSERT … SELECT … GROUP BY from the events), so running a day again gives the same
/// figures, and a reader never sees a half-written day. Runs on the same municipality queue behind an advisory lock.
/// </summary>
internal sealed class UsageAggregator(MeldebokDbContext db, MunicipalClock clock, TimeProvider time)
{
    /// <summary>The longest range one run may aggregate.</summary>
    public const int MaxDays = 366;

    public async Task<UsageAggregationResult> AggregateAsync(Guid municipalityId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var lockKey = $"usage-aggregation:{municipalityId}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockKey}))", ct);

        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM usage_daily WHERE municipality_id = {municipalityId} AND day BETWEEN {from} AND {to}", ct);
        var dailyRows = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO usage_daily (municipality_id, school_id, day, action, channel, role, events, actors)
            SELECT municipality_id, school_id, day, action, channel, role, count(*), count(DISTINCT actor_key)
            FROM usage_events
            WHERE municipality_id = {municipalityId} AND day BETWEEN {from} AND {to}
            GROUP BY municipality_id, school_id, day, action, channel, role
            """, ct);

        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM usage_daily_actors WHERE municipality_id = {municipalityId} AND day BETWEEN {from} AND {to}", ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO usage_daily_actors (municipality_id, school_id, day, action, role, actor_key)
            SELECT DISTINCT municipality_id, school_id, day, action, role, actor_key
            FROM usage_events
            WHERE municipality_id = {municipalityId} AND day BETWEEN {from} AND {to}
            """, ct);

        var events = await db.UsageEvents.CountAsync(e => e.MunicipalityId == municipalityId && e.Day >= from && e.Day <= to, ct);
        await transaction.CommitAsync(ct);
        return new UsageAggregationResult(from, to, events, dailyRows);
    }

    /// <summary>
    /// The nightly run: every active municipality from the day after the last night it was aggregated through (or its
    /// first usage event) up to yesterday in its own time zone, so nights the job missed are caught up.
    /// </summary>
    public async Task AggregateMissedDaysAsync(CancellationToken ct)
    {
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.IsActive).Select(m => new { m.Id, m.TimeZone }).ToListAsync(ct);
        foreach (var municipality in municipalities)
        {
            var yesterday = DateOnly.FromDateTime(clock.LocalNow(municipality.TimeZone)).AddDays(-1);
            var state = await db.UsageAggregationStates.AsTracking().SingleOrDefaultAsync(s => s.MunicipalityId == municipality.Id, ct);
            var firstEvent = await db.UsageEvents.Where(e => e.MunicipalityId == municipality.Id).MinAsync(e => (DateOnly?)e.Day, ct);
            var from = state is not null ? state.AggregatedThrough.AddDays(1) : firstEvent ?? yesterday;
            if (from < yesterday.AddDays(1 - MaxDays))
            {
                from = yesterday.AddDays(1 - MaxDays);
            }

            if (from <= yesterday)
            {
                await AggregateAsync(municipality.Id, from, yesterday, ct);
            }

            if (state is null)
            {
                db.UsageAggregationStates.Add(new UsageAggregationState { MunicipalityId = municipality.Id, AggregatedThrough = yesterday, UpdatedAt = time.GetUtcNow() });
            }
            else if (state.AggregatedThrough < yesterday)
            {
                state.AggregatedThrough = yesterday;
                state.UpdatedAt = time.GetUtcNow();
            }

            await db.SaveChangesAsync(ct);
        }
    }
}

/// <summary>The Hangfire recurring job: at night, aggregate yesterday in every municipality and catch up missed nights.</summary>
internal sealed class UsageAggregationJob(UsageAggregator aggregator)
{
    public const string Id = "usage-aggregation";

    public Task RunAsync(CancellationToken cancellationToken) => aggregator.AggregateMissedDaysAsync(cancellationToken);
}
