using Meldebok.Server.Features.Usage;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Benefits;

/// <summary>
/// Automatic measurements: for every open benefit bound to a usage metric, the metric's value for the last whole period
/// its unit names (yesterday, the last ISO week or the last calendar month), computed by the usage statistics' own code and
/// stored once per benefit and date — the period's last day. Running again changes nothing.
/// </summary>
internal sealed class BenefitMeasurementRun(MeldebokDbContext db, UsageService usage, MunicipalClock clock, TimeProvider time, Outbox outbox)
{
    /// <summary>Measures the municipality's benefits for the periods that end on or before <paramref name="lastDay"/>.</summary>
    public async Task<MeasurementRunResult> MeasureAsync(Guid municipalityId, DateOnly lastDay, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Two runs at once (the night's and an administrator's) take turns, so each date is measured once.
        var lockKey = $"benefit-measurements:{municipalityId}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockKey}))", ct);

        var bound = await db.Benefits.AsNoTracking().Where(b => b.MunicipalityId == municipalityId && b.Status == BenefitStatus.Open)
            .Join(db.BenefitRevisions.AsNoTracking(), b => new { Id = b.Id, Number = b.CurrentRevision }, r => new { Id = r.BenefitId, r.Number }, (b, r) => r)
            .Where(r => r.IndicatorKind == BenefitIndicatorKind.Metric)
            .OrderBy(r => r.BenefitId)
            .ToListAsync(ct);
        var (created, already, without) = (0, 0, 0);
        var now = time.GetUtcNow();
        foreach (var revision in bound)
        {
            if (UsageMetrics.Find(revision.MetricId ?? "") is not { } metric)
            {
                without++;
                continue;
            }

            var interval = BenefitRules.IntervalOf(revision.Unit);
            var (from, to) = BenefitRules.LastWholePeriod(lastDay, interval);
            if (await db.BenefitMeasurements.AnyAsync(x => x.BenefitId == revision.BenefitId && x.Date == to && x.Source == MeasurementSource.Automatic, ct))
            {
                already++;
                continue;
            }

            var (_, _, series) = await usage.SeriesAsync(metric, municipalityId, revision.MetricSchoolId, interval, from, to, ct);
            // The series the indicator names (a channel, a role), else the metric's total.
            var key = revision.MetricSeries ?? UsageMetrics.Total;
            if (series.FirstOrDefault(s => s.Key == key)?.Points is not [{ Value: { } value }, ..])
            {
                without++;
                continue;
            }

            var measurement = new BenefitMeasurement
            {
                BenefitId = revision.BenefitId, Date = to, Value = Math.Round((decimal)value, 4, MidpointRounding.AwayFromZero), Source = MeasurementSource.Automatic,
                Note = $"{metric.Name}{(revision.MetricSeries is { } named ? $" ({named})" : "")}, {from:yyyy-MM-dd}–{to:yyyy-MM-dd}", CreatedAt = now,
            };
            db.BenefitMeasurements.Add(measurement);
            outbox.Enqueue(BenefitEvents.Measured, municipalityId, new { benefitId = revision.BenefitId, measurementId = measurement.Id, automatic = true });
            created++;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new MeasurementRunResult(lastDay, bound.Count, created, already, without);
    }

    /// <summary>An administrator's run for a day (default yesterday; not after yesterday, whose figures are the last aggregated).</summary>
    public async Task<MeasurementRunResult> MeasureOnDemandAsync(Guid municipalityId, MeasurementRunQuery query, CancellationToken ct)
    {
        var yesterday = (await clock.TodayAsync(municipalityId, ct)).AddDays(-1);
        var day = query.Date ?? yesterday;
        if (day > yesterday) throw new FieldValidationException("date", "Det kan bare måles til og med i går (i dag er ikke ferdig aggregert).");
        if (day < new DateOnly(2000, 1, 1)) throw new FieldValidationException("date", "Datoen kan ikke være før 1. januar 2000.");
        return await MeasureAsync(municipalityId, day, ct);
    }

    /// <summary>The nightly run: every active municipality, up to yesterday in its own time zone.</summary>
    public async Task MeasureAllAsync(CancellationToken ct)
    {
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.IsActive).Select(m => new { m.Id, m.TimeZone }).ToListAsync(ct);
        foreach (var municipality in municipalities)
        {
            var yesterday = DateOnly.FromDateTime(clock.LocalNow(municipality.TimeZone)).AddDays(-1);
            await MeasureAsync(municipality.Id, yesterday, ct);
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>The Hangfire recurring job: at 03:00 Oslo time, after the usage aggregation (02:15), measure every bound benefit.</summary>
internal sealed class BenefitMeasurementJob(BenefitMeasurementRun run)
{
    public const string Id = "benefit-measurements";

    public Task RunAsync(CancellationToken cancellationToken) => run.MeasureAllAsync(cancellationToken);
}
