using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
internal sealed class UsageAggregator(MeldebokDbContext db, MunicipalClock clock, TimeProvider time, IOptions<UsageOptions> options)
{
    /// <summary>The longest range one run may aggregate.</summary>
    public const int MaxDays = 366;

    public async Task<UsageAggregationResult> AggregateAsync(Guid municipalityId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        // A long range of a large municipality reads tens of millions of events: its own timeout, not a request's 30 s.
        var requestTimeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromSeconds(options.Value.AggregationCommandTimeoutSeconds));
        try
        {
            return await AggregateRangeAsync(municipalityId, from, to, ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(requestTimeout);
        }
    }

    private async Task<UsageAggregationResult> AggregateRangeAsync(Guid municipalityId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var lockKey = $"usage-aggregation:{municipalityId}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockKey}))", ct);
        // Days whose events retention has deleted keep their figures: aggregating them again would replace them with nothing.
        var eventsDeletedBefore = await db.UsageAggregationStates.Where(s => s.MunicipalityId == municipalityId)
            .Select(s => s.EventsDeletedBefore).SingleOrDefaultAsync(ct);
        if (eventsDeletedBefore is { } keptFrom && from < keptFrom)
        {
            from = keptFrom;
            if (from > to)
            {
                await transaction.CommitAsync(ct);
                return new UsageAggregationResult(from, to, 0, 0);
            }
        }

        // For this transaction only. Sorts and hash tables stay in memory longer before they spill to disk. (JIT compilation
        // stays off, as on all the application's sessions — Database:Jit: measured on a month of the benchmark's events, each
        // of these statements ran 150–200 ms slower with it, the compilation costing more than it saved.) The commit
        // does not wait for its WAL to reach the disk: this transaction holds only figures derived from the events, so if
        // the database crashes in the moment after the commit, the whole run is lost atomically — the old figures stay —
        // and running the range again rebuilds the same figures (the nightly job's progress is committed after it, durably,
        // which flushes this commit too; an on-demand run that answered just before a crash is simply run again).
        // No nested loops either: the statistics of the actor months often lag behind their rows (a month written last night,
        // or earlier in this run, is not in them yet), and on an estimate of one row PostgreSQL matched a month's keys against
        // the range's with a nested loop — every pair, 0.6 s for 3 000 keys, hours for a Trondheim month — where a hash join
        // takes milliseconds whatever the estimate.
        var workMem = $"{options.Value.AggregationWorkMemMegabytes}MB";
        await db.Database.ExecuteSqlAsync($"""
            SELECT set_config('work_mem', {workMem}, true), set_config('synchronous_commit', 'off', true), set_config('enable_nestloop', 'off', true)
            """, ct);

        // Per key, school and role, the month's days with any action and its first sign-in, in a temporary table (never
        // WAL-logged, dropped at commit) refilled for each month: the actor rows and the first sign-ins follow from it.
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMP TABLE usage_month_actors (
              school_id uuid, role varchar(32) NOT NULL, actor_key bytea NOT NULL, days integer NOT NULL, first_sign_in date
            ) ON COMMIT DROP
            """, ct);
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM usage_daily WHERE municipality_id = {municipalityId} AND day BETWEEN {from} AND {to}", ct);

        // A calendar month at a time: a month's sorts and hash tables are a twelfth of a year's, in memory where a year's
        // spill to disk. Each month's events are read twice, by two groupings that share nothing: per day (the daily
        // figures; the day first, as it tells most rows of the sort apart at the cheapest comparison) and per key (the actor
        // rows).
        var dailyRows = 0;
        foreach (var (monthFrom, monthTo) in MonthsOf(from, to))
        {
            dailyRows += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO usage_daily (municipality_id, school_id, day, action, channel, role, events, actors)
                SELECT {municipalityId}, school_id, day, action, channel, role, count(*), count(DISTINCT actor_key)
                FROM usage_events
                WHERE municipality_id = {municipalityId} AND day BETWEEN {monthFrom} AND {monthTo}
                GROUP BY day, school_id, action, channel, role
                """, ct);

            await db.Database.ExecuteSqlRawAsync("TRUNCATE usage_month_actors", ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO usage_month_actors (school_id, role, actor_key, days, first_sign_in)
                SELECT school_id, role, actor_key, bit_or(1 << (extract(day FROM day)::integer - 1)), min(day) FILTER (WHERE action = {UsageActions.SignIn})
                FROM usage_events
                WHERE municipality_id = {municipalityId} AND day BETWEEN {monthFrom} AND {monthTo}
                GROUP BY school_id, role, actor_key
                """, ct);
            // Autovacuum never analyses a temporary table: without statistics the planner would guess its size.
            await db.Database.ExecuteSqlRawAsync("ANALYZE usage_month_actors", ct);
            await ReplaceActorDaysAsync(municipalityId, monthFrom, monthTo, ct);

            // Each key's first sign-in can only move earlier: events are only ever added, so the earliest sign-in of the range
            // replaces a later first day and leaves an earlier one.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO usage_first_sign_ins AS f (municipality_id, role, actor_key, first_day)
                SELECT {municipalityId}, role, actor_key, min(first_sign_in)
                FROM usage_month_actors
                WHERE first_sign_in IS NOT NULL
                GROUP BY role, actor_key
                ORDER BY role, actor_key
                ON CONFLICT (municipality_id, role, actor_key) DO UPDATE SET first_day = excluded.first_day WHERE excluded.first_day < f.first_day
                """, ct);
        }

        // Every event of the range is in exactly one daily row: their sum is the count, without reading the events again.
        var events = await db.UsageDaily.Where(d => d.MunicipalityId == municipalityId && d.Day >= from && d.Day <= to).SumAsync(d => d.Events, ct);
        await transaction.CommitAsync(ct);
        return new UsageAggregationResult(from, to, events, dailyRows);
    }

    /// <summary>
    /// Replaces the days <paramref name="monthFrom"/> to <paramref name="monthTo"/> (within one month) in the month's actor
    /// rows with those of <c>usage_month_actors</c>, writing only rows that change: a key without a row there loses the range's
    /// days (its row goes when no other day is left); a key with one gets the range's days from it and keeps its other days,
    /// or starts a row. Aggregating a range again over unchanged events writes nothing here.
    /// </summary>
    private async Task ReplaceActorDaysAsync(Guid municipalityId, DateOnly monthFrom, DateOnly monthTo, CancellationToken ct)
    {
        var month = new DateOnly(monthFrom.Year, monthFrom.Month, 1);
        // Keys with days in the range but no events there now (matched on the school as a value, no school matching no
        // school, so the match can hash): the range's days cleared, then the rows left with none deleted.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE usage_actor_months AS a SET days = a.days & ~usage_days_mask({month}, {monthFrom}, {monthTo})
            WHERE a.municipality_id = {municipalityId} AND a.month = {month} AND a.days & usage_days_mask({month}, {monthFrom}, {monthTo}) <> 0
              AND NOT EXISTS (SELECT 1 FROM usage_month_actors AS n
                              WHERE coalesce(n.school_id, {Guid.Empty}) = coalesce(a.school_id, {Guid.Empty}) AND n.role = a.role AND n.actor_key = a.actor_key)
            """, ct);
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM usage_actor_months WHERE municipality_id = {municipalityId} AND month = {month} AND days = 0", ct);
        // In the order of the table's unique index, so the rows of a month new to the table land at the index's right edge.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO usage_actor_months AS a (municipality_id, month, school_id, role, actor_key, days)
            SELECT {municipalityId}, {month}, school_id, role, actor_key, days
            FROM usage_month_actors
            ORDER BY school_id, role, actor_key
            ON CONFLICT (municipality_id, month, school_id, role, actor_key) DO UPDATE
              SET days = (a.days & ~usage_days_mask({month}, {monthFrom}, {monthTo})) | excluded.days
              WHERE a.days <> ((a.days & ~usage_days_mask({month}, {monthFrom}, {monthTo})) | excluded.days)
            """, ct);
    }

    /// <summary>The range cut at month boundaries: each calendar month it touches, as its first and last day within the range.</summary>
    private static IEnumerable<(DateOnly From, DateOnly To)> MonthsOf(DateOnly from, DateOnly to)
    {
        for (var monthFrom = from; monthFrom <= to; monthFrom = new DateOnly(monthFrom.Year, monthFrom.Month, 1).AddMonths(1))
        {
            var lastOfMonth = new DateOnly(monthFrom.Year, monthFrom.Month, 1).AddMonths(1).AddDays(-1);
            yield return (monthFrom, lastOfMonth < to ? lastOfMonth : to);
        }
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

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var activity = Infrastructure.Observability.MeldebokTelemetry.Source.StartActivity("usage aggregation");
        await aggregator.AggregateMissedDaysAsync(cancellationToken);
    }
}
