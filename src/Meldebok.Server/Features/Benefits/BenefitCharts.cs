using System.Globalization;
using System.Security;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using ScottPlot;

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
    public const int Width = 800;
    public const int Height = 400;
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

    public static byte[] Png(BenefitChart chart) => Plot(chart).GetImageBytes(Width, Height, ImageFormat.Png);

    public static string Svg(BenefitChart chart)
    {
        var svg = Plot(chart).GetSvgXml(Width, Height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var end = svg.IndexOf('>', start);
        // Ids carry the benefit, so that several charts can stand inline on one page.
        var id = $"chart-{chart.BenefitId}";
        var accessible = $" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">" +
            $"<title id=\"{id}-title\">{SecurityElement.Escape(chart.Description)}</title>" +
            $"<desc id=\"{id}-desc\">{SecurityElement.Escape(chart.TextAlternative)}</desc>";
        return string.Concat(svg.AsSpan(0, end), accessible, svg.AsSpan(end + 1));
    }

    private static Plot Plot(BenefitChart chart)
    {
        var plot = new Plot();
        var planned = plot.Add.Scatter(Dates(chart.Planned), Values(chart.Planned));
        planned.LegendText = "Plan";
        // Told apart by more than colour: the plan is a thin line with round markers, the measurements a thick one with squares.
        // (No dash pattern: the SVG backend cannot draw one.)
        planned.LineWidth = 1.5f;
        planned.MarkerSize = 6;
        planned.MarkerShape = MarkerShape.FilledCircle;
        if (chart.Actual.Count > 0)
        {
            var actual = plot.Add.Scatter(Dates(chart.Actual), Values(chart.Actual));
            actual.LegendText = "Faktisk";
            actual.LineWidth = 3;
            actual.MarkerSize = chart.Actual.Count > 60 ? 0 : 7;
            actual.MarkerShape = MarkerShape.FilledSquare;
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Title(chart.Description);
        plot.YLabel(chart.Unit);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static double[] Dates(IEnumerable<ChartPoint> points) => [.. points.Select(p => p.Date.ToDateTime(TimeOnly.MinValue).ToOADate())];

    private static double[] Values(IEnumerable<ChartPoint> points) => [.. points.Select(p => (double)p.Value)];
}
