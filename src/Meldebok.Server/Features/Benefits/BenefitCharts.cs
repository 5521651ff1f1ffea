using System.Globalization;
using Meldebok.Server.Infrastructure.Data;
using Meldebok.Server.Web;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Benefits;

/// <summary>A point of a chart series.</summary>
public sealed record ChartPoint(DateOnly Date, decimal Value);

/// <summary>
/// A benefit's planned-against-actual curve: the plan runs from the baseline through the current revision's target points;
/// the actual series is every measurement (the latest entry where a date was measured twice).
/// </summary>
/// <param name="BenefitId">The benefit.</param>
/// <param name="Description">What the benefit is (the chart's title).</param>
/// <param name="Unit">The indicator's unit (the value axis).</param>
/// <param name="Planned">The target curve: the baseline, then the current revision's target points after it.</param>
/// <param name="Actual">The measurements by date.</param>
/// <param name="TextAlternative">The chart said in words, for screen readers and as the SVG's description.</param>
public sealed record BenefitChart(
    Guid BenefitId, string Description, string Unit, IReadOnlyList<ChartPoint> Planned, IReadOnlyList<ChartPoint> Actual, string TextAlternative);

/// <summary>
/// Builds a benefit's curve from its current revision and its measurements, and renders it on the server as SVG or PNG
/// (ScottPlot). The SVG carries a title and a description, so that it is accessible where it is shown on its own.
/// </summary>
internal sealed class BenefitChartService(MeldebokDbContext db, BenefitService benefits)
{
    public const int Width = LineChart.Width;
    public const int Height = LineChart.Height;
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public async Task<BenefitChart?> ChartAsync(Guid benefitId, CancellationToken ct) =>
        (await ChartsAsync([benefitId], ct)).GetValueOrDefault(benefitId);

    /// <summary>The curves of several benefits of the reader's municipality in two queries; benefits not found are left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, BenefitChart>> ChartsAsync(IReadOnlyCollection<Guid> benefitIds, CancellationToken ct)
    {
        var m = await benefits.ReaderMunicipalityAsync(ct);
        var ids = benefitIds.Distinct().ToList();
        var plans = await db.Benefits.AsNoTracking().Where(b => ids.Contains(b.Id) && b.MunicipalityId == m)
            .Join(db.BenefitRevisions.AsNoTracking(), b => new { Id = b.Id, Number = b.CurrentRevision }, r => new { Id = r.BenefitId, r.Number }, (b, r) => new { b, r })
            .ToListAsync(ct);
        var found = plans.Select(x => x.b.Id).ToList();
        var measured = (await db.BenefitMeasurements.AsNoTracking().Where(x => found.Contains(x.BenefitId))
                .OrderBy(x => x.Date).ThenBy(x => x.CreatedAt).ThenBy(x => x.Id)
                .Select(x => new { x.BenefitId, Point = new ChartPoint(x.Date, x.Value) })
                .ToListAsync(ct))
            .ToLookup(x => x.BenefitId, x => x.Point);
        return plans.ToDictionary(x => x.b.Id, x =>
        {
            var plan = x.r;
            var planned = new List<ChartPoint> { new(plan.BaselineDate, plan.BaselineValue) };
            planned.AddRange(plan.TargetDates.Zip(plan.TargetValues, (d, v) => new ChartPoint(d, v)).Where(p => p.Date > plan.BaselineDate));
            // A date measured twice (a correction) shows its latest entry.
            var actual = measured[x.b.Id].GroupBy(p => p.Date).Select(g => g.Last()).ToList();
            return new BenefitChart(x.b.Id, x.b.Description, plan.Unit, planned, actual, Describe(x.b.Description, plan.Unit, planned, actual));
        });
    }

    private static string Describe(string description, string unit, List<ChartPoint> planned, List<ChartPoint> actual)
    {
        string Point(ChartPoint p) => $"{p.Value.ToString("#,0.####", Norwegian)} {unit} {p.Date.ToString("d. MMMM yyyy", Norwegian)}";
        var text = $"{description}: planen går fra {Point(planned[0])} til {Point(planned[^1])}.";
        return actual.Count == 0
            ? $"{text} Ingen målinger ennå."
            : $"{text} {actual.Count} {(actual.Count == 1 ? "måling" : "målinger")}, den siste {Point(actual[^1])}.";
    }

    public static byte[] Png(BenefitChart chart) => LineChart.Png(chart.Description, chart.Unit, Series(chart));

    // Ids carry the benefit, so that several charts can stand inline on one page.
    public static string Svg(BenefitChart chart) =>
        LineChart.Svg($"chart-{chart.BenefitId}", chart.Description, chart.Unit, chart.TextAlternative, Series(chart));

    /// <summary>The plan as the thin line; the measurements, where there are any, as the one that stands out.</summary>
    private static LineSeries[] Series(BenefitChart chart) =>
    [
        new("Plan", [.. chart.Planned.Select(p => (p.Date, (double)p.Value))], Emphasised: false),
        new("Faktisk", [.. chart.Actual.Select(p => (p.Date, (double)p.Value))], Emphasised: true),
    ];
}
