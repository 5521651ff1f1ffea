using System.Globalization;
using System.Security;
using System.Text;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Benefits;

/// <summary>A measure on the benefit map with the benefits it brings about.</summary>
public sealed record MapMeasure(Guid Id, string Description, MeasureStatus Status, IReadOnlyList<Guid> BenefitIds);

/// <summary>A benefit on the map with its status and the goal (by index into <see cref="BenefitMap.Goals"/>) it serves.</summary>
public sealed record MapBenefit(Guid Id, string Description, BenefitType Type, BenefitRag Rag, int Goal);

/// <summary>
/// A portfolio's benefit map (gevinstkart): measures → benefits → goals, left to right. The plan model links a measure
/// straight to the benefits it brings about; the change in working practice is the measure's own description.
/// </summary>
public sealed record BenefitMap(Guid PortfolioId, string Name, DateOnly Date, IReadOnlyList<MapMeasure> Measures, IReadOnlyList<MapBenefit> Benefits, IReadOnlyList<string> Goals);

/// <summary>Builds a portfolio's benefit map from its plans and dashboard, and draws it as an accessible SVG diagram.</summary>
internal sealed class BenefitMapService(MeldebokDbContext db, BenefitDashboardService dashboards)
{
    private const int ColumnWidth = 280;
    private const int ColumnGap = 70;
    private const int BoxHeight = 58;
    private const int RowGap = 14;
    private const int Top = 56;
    private const int Margin = 16;
    private const int CharactersPerLine = 38;

    public async Task<BenefitMap?> MapAsync(Guid portfolioId, DashboardQuery query, CancellationToken ct) =>
        await dashboards.DashboardAsync(portfolioId, query, ct) is { } dashboard ? await MapAsync(dashboard, ct) : null;

    /// <summary>The map of a dashboard already built (the benefits page has it).</summary>
    public async Task<BenefitMap> MapAsync(PortfolioDashboard dashboard, CancellationToken ct)
    {
        var goals = dashboard.Projects.Select(p => p.Goal).Distinct(StringComparer.Ordinal).ToList();
        var benefits = dashboard.Projects
            .SelectMany(p => p.Benefits.Select(b => new MapBenefit(b.BenefitId, b.Description, b.Type, b.Rag, goals.IndexOf(p.Goal))))
            .ToList();
        var benefitIds = benefits.Select(b => b.Id).ToList();
        var links = await db.BenefitMeasureLinks.AsNoTracking().Where(l => benefitIds.Contains(l.BenefitId)).ToListAsync(ct);
        var measureIds = links.Select(l => l.MeasureId).Distinct().ToList();
        var byMeasure = links.ToLookup(l => l.MeasureId, l => l.BenefitId);
        var measures = await db.BenefitMeasures.AsNoTracking().Where(m => measureIds.Contains(m.Id))
            .OrderBy(m => m.DueDate).ThenBy(m => m.Description).ThenBy(m => m.Id)
            .ToListAsync(ct);
        return new BenefitMap(dashboard.PortfolioId, dashboard.Name, dashboard.Date,
            [.. measures.Select(m => new MapMeasure(m.Id, m.Description, m.Status, [.. byMeasure[m.Id].Order()]))],
            benefits, goals);
    }

    /// <summary>
    /// The map as SVG: three columns (Tiltak, Gevinster, Mål) of boxes joined by lines. Each benefit's status is written in
    /// the box as well as coloured, and the whole diagram is described in words in its <c>desc</c>.
    /// </summary>
    public static string Svg(BenefitMap map)
    {
        var rows = Math.Max(1, Math.Max(map.Measures.Count, Math.Max(map.Benefits.Count, map.Goals.Count)));
        var width = (Margin * 2) + (ColumnWidth * 3) + (ColumnGap * 2);
        var height = Top + (rows * (BoxHeight + RowGap)) + Margin;
        double X(int column) => Margin + (column * (ColumnWidth + ColumnGap));
        double Y(int row, int count)
        {
            // Shorter columns are centred against the tallest.
            var offset = (rows - count) * (BoxHeight + RowGap) / 2.0;
            return Top + offset + (row * (BoxHeight + RowGap));
        }

        var benefitRow = map.Benefits.Select((b, i) => (b.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="map-{map.PortfolioId}-title map-{map.PortfolioId}-desc" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">""");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"map-{map.PortfolioId}-title\">{Escape($"Gevinstkart: {map.Name}")}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"map-{map.PortfolioId}-desc\">{Escape(Describe(map))}</desc>");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        string[] headings = ["Tiltak", "Gevinster", "Mål"];
        for (var c = 0; c < 3; c++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(c) + (ColumnWidth / 2.0)}\" y=\"32\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\" fill=\"#1a1a1a\">{headings[c]}</text>");
        }

        svg.Append("<g stroke=\"#5a5a5a\" stroke-width=\"1.5\" fill=\"none\">");
        for (var m = 0; m < map.Measures.Count; m++)
        {
            foreach (var benefitId in map.Measures[m].BenefitIds.Where(benefitRow.ContainsKey))
            {
                Line(svg, X(0) + ColumnWidth, Y(m, map.Measures.Count) + (BoxHeight / 2.0), X(1), Y(benefitRow[benefitId], map.Benefits.Count) + (BoxHeight / 2.0));
            }
        }

        for (var b = 0; b < map.Benefits.Count; b++)
        {
            Line(svg, X(1) + ColumnWidth, Y(b, map.Benefits.Count) + (BoxHeight / 2.0), X(2), Y(map.Benefits[b].Goal, map.Goals.Count) + (BoxHeight / 2.0));
        }

        svg.Append("</g>");
        for (var m = 0; m < map.Measures.Count; m++)
        {
            var measure = map.Measures[m];
            Box(svg, X(0), Y(m, map.Measures.Count), "#eef3fb", "#2f5b9a", measure.Description, MeasureStatusText(measure.Status), $"measure-{measure.Id}");
        }

        for (var b = 0; b < map.Benefits.Count; b++)
        {
            var benefit = map.Benefits[b];
            var (fill, stroke) = RagColours(benefit.Rag);
            Box(svg, X(1), Y(b, map.Benefits.Count), fill, stroke, benefit.Description, RagText(benefit.Rag), $"benefit-{benefit.Id}");
        }

        for (var g = 0; g < map.Goals.Count; g++)
        {
            Box(svg, X(2), Y(g, map.Goals.Count), "#f4f4f4", "#1a1a1a", map.Goals[g], null, $"goal-{map.PortfolioId}-{g}");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The map in words: each measure with its benefits, each benefit with its status and goal.</summary>
    public static string Describe(BenefitMap map)
    {
        var names = map.Benefits.ToDictionary(b => b.Id, b => b.Description);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{map.Measures.Count} tiltak, {map.Benefits.Count} gevinster og {map.Goals.Count} mål.");
        foreach (var measure in map.Measures)
        {
            text.Append(CultureInfo.InvariantCulture, $" Tiltaket «{measure.Description}» gir {string.Join(" og ", measure.BenefitIds.Where(names.ContainsKey).Select(id => $"«{names[id]}»"))}.");
        }

        foreach (var benefit in map.Benefits)
        {
            text.Append(CultureInfo.InvariantCulture, $" Gevinsten «{benefit.Description}» ({RagText(benefit.Rag).ToLowerInvariant()}) tjener målet «{map.Goals[benefit.Goal]}».");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder svg, double x1, double y1, double x2, double y2)
    {
        var mid = (x1 + x2) / 2;
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x1:0.#} {y1:0.#} C{mid:0.#} {y1:0.#} {mid:0.#} {y2:0.#} {x2:0.#} {y2:0.#}\"/>");
    }

    private static void Box(StringBuilder svg, double x, double y, string fill, string stroke, string label, string? status, string id)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<g id=\"{id}\"><rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{ColumnWidth}\" height=\"{BoxHeight}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>");
        var lines = Wrap(label, status is null ? 3 : 2);
        var lineY = y + 20;
        foreach (var line in lines)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 10:0.#}\" y=\"{lineY:0.#}\" fill=\"#1a1a1a\">{Escape(line)}</text>");
            lineY += 16;
        }

        if (status is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 10:0.#}\" y=\"{y + BoxHeight - 8:0.#}\" font-size=\"12\" font-weight=\"bold\" fill=\"#1a1a1a\">{Escape(status)}</text>");
        }

        svg.Append("</g>");
    }

    /// <summary>Word-wraps a label into at most <paramref name="maxLines"/> lines, the last cut with an ellipsis.</summary>
    internal static IReadOnlyList<string> Wrap(string text, int maxLines)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > CharactersPerLine)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            current.Append(current.Length > 0 ? " " : "").Append(word);
        }

        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }

        if (lines.Count <= maxLines)
        {
            return lines;
        }

        var last = lines[maxLines - 1];
        lines = lines.GetRange(0, maxLines);
        lines[^1] = (last.Length > CharactersPerLine - 1 ? last[..(CharactersPerLine - 1)] : last) + "…";
        return lines;
    }

    private static string MeasureStatusText(MeasureStatus status) => status switch
    {
        MeasureStatus.Planned => "Planlagt",
        MeasureStatus.InProgress => "Pågår",
        _ => "Gjennomført",
    };

    private static string RagText(BenefitRag rag) => Web.Text.BenefitsText.Bokmal.Rag(rag);

    private static (string Fill, string Stroke) RagColours(BenefitRag rag) => rag switch
    {
        BenefitRag.Green => ("#e3f4e6", "#1e7a34"),
        BenefitRag.Amber => ("#fff3d6", "#8a5a00"),
        BenefitRag.Red => ("#fde4e4", "#b42318"),
        _ => ("#f0f0f0", "#5a5a5a"),
    };

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
