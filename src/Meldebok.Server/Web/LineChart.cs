using System.Security;
using ScottPlot;

namespace Meldebok.Server.Web;

/// <summary>A line of a chart over dates: its legend text, its points, and whether it is the one to stand out (thick, squares).</summary>
internal sealed record LineSeries(string Label, IReadOnlyList<(DateOnly Date, double Value)> Points, bool Emphasised);

/// <summary>
/// Line charts over dates rendered on the server (ScottPlot), as PNG or as SVG that carries <c>role="img"</c>, a <c>title</c>
/// and a <c>desc</c> with the chart's text alternative, so it is accessible inline and where it is opened on its own. The
/// benefit curves and the usage statistics draw through this one renderer.
/// </summary>
internal static class LineChart
{
    public const int Width = 800;
    public const int Height = 400;

    public static byte[] Png(string title, string unit, IReadOnlyList<LineSeries> series) =>
        Plot(title, unit, series).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <param name="id">Unique on the page: the ids of the title and the description are made from it.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="unit">The value axis's label.</param>
    /// <param name="textAlternative">The chart said in words.</param>
    /// <param name="series">The lines.</param>
    public static string Svg(string id, string title, string unit, string textAlternative, IReadOnlyList<LineSeries> series)
    {
        var svg = Plot(title, unit, series).GetSvgXml(Width, Height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var end = svg.IndexOf('>', start);
        var accessible = $" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">" +
            $"<title id=\"{id}-title\">{SecurityElement.Escape(title)}</title>" +
            $"<desc id=\"{id}-desc\">{SecurityElement.Escape(textAlternative)}</desc>";
        return string.Concat(svg.AsSpan(0, end), accessible, svg.AsSpan(end + 1));
    }

    private static Plot Plot(string title, string unit, IReadOnlyList<LineSeries> series)
    {
        var plot = new Plot();
        foreach (var line in series.Where(s => s.Points.Count > 0))
        {
            var scatter = plot.Add.Scatter(
                line.Points.Select(p => p.Date.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray(), line.Points.Select(p => p.Value).ToArray());
            scatter.LegendText = line.Label;
            // Told apart by more than colour: a thin line with round markers, or a thick one with squares.
            // (No dash pattern: the SVG backend cannot draw one.)
            scatter.LineWidth = line.Emphasised ? 3 : 1.5f;
            scatter.MarkerShape = line.Emphasised ? MarkerShape.FilledSquare : MarkerShape.FilledCircle;
            scatter.MarkerSize = line.Points.Count > 60 ? 0 : line.Emphasised ? 7 : 6;
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel(unit);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
