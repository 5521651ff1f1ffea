using Meldebok.Server.Features.Usage;

namespace Meldebok.Server.Features.Benefits;

/// <summary>Red/amber/green status of a benefit: actual against the target curve.</summary>
public enum BenefitRag
{
    /// <summary>No measurement yet.</summary>
    Grey,
    /// <summary>At or beyond the target now (in the direction baseline → final target).</summary>
    Green,
    /// <summary>Short of the target now by at most 10 % of the distance baseline → final target.</summary>
    Amber,
    /// <summary>Further short than that.</summary>
    Red,
}

/// <summary>
/// The benefit plans' arithmetic, pure so that it can be tested on constructed numbers: the target curve interpolated
/// linearly, the RAG status and the realised value in NOK; and which units fit which metric.
/// </summary>
internal static class BenefitRules
{
    /// <summary>Amber covers a shortfall of at most this share of the distance from the baseline to the final target.</summary>
    public const decimal AmberShare = 0.10m;

    /// <summary>
    /// The target on <paramref name="date"/>: the curve runs from the baseline (its date and value) through the target
    /// points, linearly between neighbours; before the baseline date it is the baseline, after the last point the last value.
    /// </summary>
    public static decimal TargetAt(DateOnly date, DateOnly baselineDate, decimal baselineValue, IReadOnlyList<DateOnly> dates, IReadOnlyList<decimal> values)
    {
        var previous = (Date: baselineDate, Value: baselineValue);
        if (date <= baselineDate)
        {
            return baselineValue;
        }

        for (var i = 0; i < dates.Count; i++)
        {
            if (dates[i] <= previous.Date)
            {
                continue;
            }

            if (date <= dates[i])
            {
                var span = dates[i].DayNumber - previous.Date.DayNumber;
                var elapsed = date.DayNumber - previous.Date.DayNumber;
                return previous.Value + ((values[i] - previous.Value) * elapsed / span);
            }

            previous = (dates[i], values[i]);
        }

        return previous.Value;
    }

    /// <summary>The value the curve ends at (the baseline when it has no points).</summary>
    public static decimal FinalTarget(decimal baselineValue, IReadOnlyList<decimal> values) => values.Count == 0 ? baselineValue : values[^1];

    /// <summary>
    /// +1 when the plan is for the indicator to rise (final target above the baseline), −1 when it is to fall, and +1 for
    /// a flat plan (holding the baseline counts as reaching it from below).
    /// </summary>
    public static int Direction(decimal baselineValue, decimal finalTarget) => finalTarget < baselineValue ? -1 : 1;

    public static BenefitRag Rag(decimal? actual, decimal targetNow, decimal baselineValue, decimal finalTarget)
    {
        if (actual is not { } value)
        {
            return BenefitRag.Grey;
        }

        var direction = Direction(baselineValue, finalTarget);
        var shortfall = direction * (targetNow - value);
        if (shortfall <= 0)
        {
            return BenefitRag.Green;
        }

        return shortfall <= AmberShare * Math.Abs(finalTarget - baselineValue) ? BenefitRag.Amber : BenefitRag.Red;
    }

    /// <summary>
    /// The realised value in NOK of a priced benefit: the movement from the baseline in the plan's direction, times the value
    /// per unit — (actual − baseline) × value per unit for a benefit that is to rise, (baseline − actual) × value per unit for
    /// one that is to fall (fewer SMS, fewer hours). Empty without a measurement or a price.
    /// </summary>
    public static decimal? RealisedNok(decimal? actual, decimal baselineValue, decimal finalTarget, decimal? valuePerUnitNok) =>
        actual is { } value && valuePerUnitNok is { } price
            ? Math.Round((value - baselineValue) * Direction(baselineValue, finalTarget) * price, 2, MidpointRounding.AwayFromZero)
            : null;

    /// <summary>The units a metric-bound indicator may have: the metric's unit per day, week or month, e.g. <c>share/week</c>.</summary>
    public static IReadOnlyList<string> UnitsOf(UsageMetricDefinition metric) => [$"{metric.Unit}/day", $"{metric.Unit}/week", $"{metric.Unit}/month"];

    /// <summary>The period a metric-bound unit is measured over (<c>count/week</c> → week).</summary>
    public static UsageInterval IntervalOf(string unit) => unit[(unit.IndexOf('/', StringComparison.Ordinal) + 1)..] switch
    {
        "day" => UsageInterval.Day,
        "week" => UsageInterval.Week,
        _ => UsageInterval.Month,
    };

    /// <summary>
    /// The last whole period of <paramref name="interval"/> that ends on or before <paramref name="yesterday"/>: yesterday
    /// itself, the last complete ISO week (Monday–Sunday) or the last complete calendar month.
    /// </summary>
    public static (DateOnly From, DateOnly To) LastWholePeriod(DateOnly yesterday, UsageInterval interval)
    {
        var start = UsageService.PeriodStart(yesterday, interval);
        var end = UsageService.Next(start, interval).AddDays(-1);
        if (end > yesterday)
        {
            end = start.AddDays(-1);
            start = UsageService.PeriodStart(end, interval);
        }

        return (start, end);
    }
}
