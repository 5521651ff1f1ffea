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
        var lockKey = $"usage-aggregation:{municipalityId}";
        // The partitions of usage_daily_actors for the range's months first, in a short transaction of its own: creating a
        // partition locks the municipality's actor rows against readers until its transaction ends, not for the whole run.
        await using (var partitions = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockKey}))", ct);
            await db.Database.ExecuteSqlAsync($"""
                SELECT usage_daily_actors_partition({municipalityId}, month_start::date)
                FROM generate_series(date_trunc('month', {from}::timestamp), {to}::timestamp, interval '1 month') AS month_start
                """, ct);
            await partitions.CommitAsync(ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
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

        // For this transaction only. Sorts and index builds stay in memory longer before they spill to disk; JIT compilation,
        // off on the application's sessions (Database:Jit), is on: these statements read millions of rows. The commit
        // does not wait for its WAL to reach the disk: this transaction holds only figures derived from the events, so if
        // the database crashes in the moment after the commit, the whole run is lost atomically — the old figures stay —
        // and running the range again rebuilds the same figures (the nightly job's progress is committed after it, durably,
        // which flushes this commit too; an on-demand run that answered just before a crash is simply run again).
        var workMem = $"{options.Value.AggregationWorkMemMegabytes}MB";
        await db.Database.ExecuteSqlAsync($"""
            SELECT set_config('work_mem', {workMem}, true), set_config('maintenance_work_mem', {workMem}, true),
                   set_config('synchronous_commit', 'off', true), set_config('jit', 'on', true)
            """, ct);

        // One row per school, day, action, channel, role and actor with its number of events, in a temporary table (never
        // WAL-logged, dropped at commit), filled from the events of one month at a time. The daily figures, the actor rows
        // and the first sign-ins all follow from it, so the events — the largest and widest table — are read and grouped
        // once, a month's sort is a twelfth of a year's (in memory where a year's spills to disk), and the distinct actors
        // of a daily row are simply its number of rows here (no count(DISTINCT …), which sorts).
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMP TABLE usage_actor_days (
              school_id uuid, day date NOT NULL, action varchar(48) NOT NULL, channel varchar(32) NOT NULL, role varchar(32) NOT NULL,
              actor_key bytea NOT NULL, events integer NOT NULL
            ) ON COMMIT DROP
            """, ct);
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM usage_daily WHERE municipality_id = {municipalityId} AND day BETWEEN {from} AND {to}", ct);

        var dailyRows = 0;
        var loadedMonths = new List<(DateOnly Month, string Table)>();
        foreach (var (monthFrom, monthTo) in MonthsOf(from, to))
        {
            await db.Database.ExecuteSqlRawAsync("TRUNCATE usage_actor_days", ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO usage_actor_days (school_id, day, action, channel, role, actor_key, events)
                SELECT school_id, day, action, channel, role, actor_key, count(*)
                FROM usage_events
                WHERE municipality_id = {municipalityId} AND day BETWEEN {monthFrom} AND {monthTo}
                GROUP BY day, school_id, action, role, actor_key, channel
                """, ct);
            // Autovacuum never analyses a temporary table: without statistics the planner would guess its size.
            await db.Database.ExecuteSqlRawAsync("ANALYZE usage_actor_days", ct);

            dailyRows += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO usage_daily (municipality_id, school_id, day, action, channel, role, events, actors)
                SELECT {municipalityId}, school_id, day, action, channel, role, sum(events), count(*)
                FROM usage_actor_days
                GROUP BY school_id, day, action, channel, role
                """, ct);

            if (monthFrom.Day == 1 && monthTo == monthFrom.AddMonths(1).AddDays(-1))
            {
                loadedMonths.Add((monthFrom, await LoadMonthOfActorsAsync(municipalityId, monthFrom, monthTo, ct)));
            }
            else
            {
                await db.Database.ExecuteSqlAsync(
                    $"DELETE FROM usage_daily_actors WHERE municipality_id = {municipalityId} AND day BETWEEN {monthFrom} AND {monthTo}", ct);
                // In the order of the table's unique index: about one row per event, and in this order each row lands at the
                // index's right edge (the month's days of the range are empty now) instead of at a random place under a
                // random actor key. A key is in several rows of a day only when it used several channels for one action.
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO usage_daily_actors (municipality_id, school_id, day, action, role, actor_key)
                    SELECT DISTINCT {municipalityId}, school_id, day, action, role, actor_key
                    FROM usage_actor_days
                    ORDER BY day, school_id, action, role, actor_key
                    """, ct);
            }

            // Each key's first sign-in can only move earlier: events are only ever added, so the earliest sign-in of the range
            // replaces a later first day and leaves an earlier one.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO usage_first_sign_ins AS f (municipality_id, role, actor_key, first_day)
                SELECT {municipalityId}, role, actor_key, min(day)
                FROM usage_actor_days
                WHERE action = {UsageActions.SignIn}
                GROUP BY role, actor_key
                ORDER BY role, actor_key
                ON CONFLICT (municipality_id, role, actor_key) DO UPDATE SET first_day = excluded.first_day WHERE excluded.first_day < f.first_day
                """, ct);
        }

        // Every event of the range is in exactly one daily row: their sum is the count, without reading the events again.
        var events = await db.UsageDaily.Where(d => d.MunicipalityId == municipalityId && d.Day >= from && d.Day <= to).SumAsync(d => d.Events, ct);
        // Last, just before the commit: swapping a month in locks the municipality's actor rows against readers until the
        // commit, so they wait for the swaps only, not for the loading.
        foreach (var (month, table) in loadedMonths)
        {
            await db.Database.ExecuteSqlAsync($"SELECT usage_daily_actors_replace_month({municipalityId}, {month}, {table})", ct);
        }

        await transaction.CommitAsync(ct);
        return new UsageAggregationResult(from, to, events, dailyRows);
    }

    /// <summary>
    /// The actor rows of a whole month, loaded into a table of their own beside the month's partition of usage_daily_actors
    /// and indexed after (one sort instead of an index insert and its WAL per row), to be swapped in for the partition by
    /// <c>usage_daily_actors_replace_month</c>. The month's old rows are not deleted one by one: their partition is dropped.
    /// Its check of the bounds lets the swap attach the table without reading it again.
    /// </summary>
    private async Task<string> LoadMonthOfActorsAsync(Guid municipalityId, DateOnly monthFrom, DateOnly monthTo, CancellationToken ct)
    {
        // Only digits and letters of our own making go into the statements; nothing here comes from a request.
        var table = FormattableString.Invariant($"usage_actors_load_{municipalityId:N}_{monthFrom:yyyyMM}");
        var bounds = FormattableString.Invariant(
            $"municipality_id = '{municipalityId:D}' AND day BETWEEN DATE '{monthFrom:yyyy-MM-dd}' AND DATE '{monthTo:yyyy-MM-dd}'");
        string[] statements =
        [
            FormattableString.Invariant($"CREATE TABLE {table} (LIKE usage_daily_actors, CONSTRAINT month_bounds CHECK ({bounds}))"),
            FormattableString.Invariant($"""
                INSERT INTO {table} (municipality_id, school_id, day, action, role, actor_key)
                SELECT DISTINCT '{municipalityId:D}'::uuid, school_id, day, action, role, actor_key
                FROM usage_actor_days
                ORDER BY day, school_id, action, role, actor_key
                """),
            FormattableString.Invariant($"CREATE UNIQUE INDEX ON {table} (municipality_id, day, school_id, action, role, actor_key) NULLS NOT DISTINCT"),
        ];
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }

        return table;
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
