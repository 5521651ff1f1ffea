using System.Buffers.Binary;
using System.Net;
using System.Xml.Linq;
using Meldebok.Server.Features.Benefits;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Roster;
using MiniExcelLibs;
using static Meldebok.Server.Tests.Benefits.BenefitArrange;

namespace Meldebok.Server.Tests.Benefits;

/// <summary>
/// The reports for the portfolio board beside the dashboard: a benefit's planned-against-actual curve (data, SVG and PNG
/// rendered on the server), the benefit map (measures → benefits → goals) and the XLSX export, each parsed back.
/// </summary>
public sealed class BenefitReportTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly XNamespace SvgNs = "http://www.w3.org/2000/svg";

    private sealed record Arranged(BenefitPlan Plan, Guid Hours, Guid Share, Guid Measure);

    private async Task<Arranged> ArrangeAsync()
    {
        var plan = await app.ArrangePlanAsync();
        // Hours to fall from 100 to 50 by 11 April and 30 by the end of the year; measured three times, 1 March twice (a correction).
        var hours = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Mindre tid på fravær", BenefitType.RedeployedCapacity, "timer/uke", 100,
            "2026-01-01", 500, ("2026-04-11", 50), ("2026-12-31", 30)));
        await plan.Admin.MeasureAsync(hours.Id, "2026-02-01", 90);
        await plan.Admin.MeasureAsync(hours.Id, "2026-03-01", 75);
        await plan.Admin.MeasureAsync(hours.Id, "2026-03-01", 73);
        var share = await plan.Admin.CreateBenefitAsync(Manual(plan.ProjectId, "Fornøyde foresatte", BenefitType.NonPriced, "andel", 0.2m, "2026-01-01", null, ("2026-04-11", 0.7m)));
        var measure = await (await plan.Admin.PostJsonAsync($"{Api}/measures", new MeasureRequest
            {
                Description = "Avslutte lisensavtaler for papirmeldebok", Owner = "Oppvekstdirektør", DueDate = new DateOnly(2026, 8, 1),
                Status = MeasureStatus.InProgress, BenefitIds = [hours.Id],
            }))
            .ReadAsync<MeasureResponse>(HttpStatusCode.Created);
        return new Arranged(plan, hours.Id, share.Id, measure.Id);
    }

    [Fact]
    public async Task The_chart_data_is_the_plan_from_the_baseline_and_every_measured_date_with_its_latest_entry()
    {
        var (plan, hours, share, _) = await ArrangeAsync();

        var chart = await plan.Admin.GetJsonAsync<BenefitChart>($"{Api}/{hours}/chart");
        var unmeasured = await plan.Admin.GetJsonAsync<BenefitChart>($"{Api}/{share}/chart");

        Assert.Equal(("Mindre tid på fravær", "timer/uke"), (chart.Description, chart.Unit));
        Assert.Equal([new(new DateOnly(2026, 1, 1), 100m), new(new DateOnly(2026, 4, 11), 50m), new(new DateOnly(2026, 12, 31), 30m)], chart.Planned);
        Assert.Equal([new(new DateOnly(2026, 2, 1), 90m), new ChartPoint(new DateOnly(2026, 3, 1), 73m)], chart.Actual);
        Assert.Equal("Mindre tid på fravær: planen går fra 100 timer/uke 1. januar 2026 til 30 timer/uke 31. desember 2026. "
            + "2 målinger, den siste 73 timer/uke 1. mars 2026.", chart.TextAlternative);
        Assert.Empty(unmeasured.Actual);
        Assert.EndsWith("Ingen målinger ennå.", unmeasured.TextAlternative, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chart_renders_as_an_accessible_SVG_and_as_a_PNG_of_the_documented_size()
    {
        var (plan, hours, _, _) = await ArrangeAsync();

        using var svgResponse = await plan.Admin.GetAsync($"{Api}/{hours}/chart.svg", Ct);
        using var pngResponse = await plan.Admin.GetAsync($"{Api}/{hours}/chart.png", Ct);

        await svgResponse.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("image/svg+xml", svgResponse.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await svgResponse.Content.ReadAsStringAsync(Ct)).Root!;
        Assert.Equal(SvgNs + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("Mindre tid på fravær", svg.Element(SvgNs + "title")?.Value);
        Assert.StartsWith("Mindre tid på fravær: planen går fra 100 timer/uke", svg.Element(SvgNs + "desc")?.Value, StringComparison.Ordinal);
        // The legend names both series; the plan and the measurements are drawn as paths.
        var texts = svg.Descendants(SvgNs + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("Plan", texts);
        Assert.Contains("Faktisk", texts);

        await pngResponse.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("image/png", pngResponse.Content.Headers.ContentType?.MediaType);
        var png = await pngResponse.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        // The IHDR chunk follows the signature: width and height as big-endian integers.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal((800, 400), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
    }

    [Fact]
    public async Task The_benefit_map_links_measures_to_benefits_to_goals_and_draws_each_with_its_status_in_words()
    {
        var (plan, hours, share, measure) = await ArrangeAsync();

        var map = await plan.Admin.GetJsonAsync<BenefitMap>($"{Api}/portfolios/{plan.PortfolioId}/map?date=2026-03-02");
        using var response = await plan.Admin.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/map.svg?date=2026-03-02", Ct);

        Assert.Equal(["Periodemål 4 for oppvekst og utdanning"], map.Goals);
        var m = Assert.Single(map.Measures);
        Assert.Equal((measure, MeasureStatus.InProgress), (m.Id, m.Status));
        Assert.Equal([hours], m.BenefitIds);
        var benefits = map.Benefits.ToDictionary(b => b.Id);
        // On 2 March the hours target is 70 (60 % of the way from 100 to 50); 73 is within the amber band. The share is unmeasured.
        Assert.Equal((BenefitRag.Amber, 0), (benefits[hours].Rag, benefits[hours].Goal));
        Assert.Equal((BenefitRag.Grey, 0), (benefits[share].Rag, benefits[share].Goal));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!;
        Assert.Equal("img", (string?)svg.Attribute("role"));
        var boxes = svg.Descendants(SvgNs + "g").Where(g => g.Attribute("id") is not null)
            .ToDictionary(g => (string)g.Attribute("id")!, g => string.Join(" ", g.Elements(SvgNs + "text").Select(t => t.Value)));
        Assert.Equal(4, boxes.Count);
        Assert.Equal("Avslutte lisensavtaler for papirmeldebok Pågår", boxes[$"measure-{measure}"]);
        Assert.Equal("Mindre tid på fravær Gul: litt bak", boxes[$"benefit-{hours}"]);
        Assert.Equal("Fornøyde foresatte Grå: ikke målt", boxes[$"benefit-{share}"]);
        Assert.Equal("Periodemål 4 for oppvekst og utdanning", boxes[$"goal-{plan.PortfolioId}-0"]);
        // One line from the measure to its benefit, one from each benefit to the goal.
        Assert.Equal(3, svg.Descendants(SvgNs + "path").Count());
        Assert.Contains("Tiltaket «Avslutte lisensavtaler for papirmeldebok» gir «Mindre tid på fravær».", svg.Element(SvgNs + "desc")?.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_XLSX_export_holds_the_dashboard_with_numbers_as_numbers_and_dates_as_dates()
    {
        var (plan, _, _, _) = await ArrangeAsync();

        using var response = await plan.Admin.GetAsync($"{Api}/portfolios/{plan.PortfolioId}/dashboard.xlsx?date=2026-03-02", Ct);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("gevinster-2026-03-02.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(["Gevinster"], MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var rows = stream.Query(useHeaderRow: true, sheetName: "Gevinster").Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["Gevinst"]!);
        Assert.Equal(2, rows.Count);
        var row = rows["Mindre tid på fravær"];
        Assert.Equal(("Meldebok", "RedeployedCapacity", "Amber"), ((string?)row["Prosjekt"], (string?)row["Type"], (string?)row["RAG"]));
        // 70 is the target on 2 March; realised (100 − 73) × 500.
        Assert.Equal((73d, 70d, 13_500d), (Convert.ToDouble(row["Faktisk"], System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToDouble(row["Mål nå"], System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToDouble(row["Realisert (NOK)"], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(new DateTime(2026, 3, 1), Assert.IsType<DateTime>(row["Målt dato"]));
        Assert.Null(rows["Fornøyde foresatte"]["Faktisk"]);
    }
}
