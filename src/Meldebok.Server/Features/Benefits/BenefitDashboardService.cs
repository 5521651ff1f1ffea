using System.Globalization;
using System.Text;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Meldebok.Server.Features.Benefits;

/// <summary>An export file to download.</summary>
internal sealed record BenefitExport(byte[] Content, string FileName);

/// <summary>
/// The portfolio dashboard: per project and goal, per benefit the RAG status, the latest measurement against the target
/// curve, the realised value in NOK and the budget actually taken out — and the same as CSV and XLSX.
/// </summary>
internal sealed class BenefitDashboardService(MeldebokDbContext db, BenefitService benefits, MunicipalClock clock)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>Decimal comma as in Norwegian spreadsheets, but an ASCII minus and no thousands separator, so every spreadsheet reads the numbers.</summary>
    private static readonly NumberFormatInfo CsvNumbers = new()
    {
        NumberDecimalSeparator = Norwegian.NumberFormat.NumberDecimalSeparator, NegativeSign = "-", NumberGroupSeparator = "",
    };

    public async Task<PortfolioDashboard?> DashboardAsync(Guid portfolioId, DashboardQuery query, CancellationToken ct)
    {
        var m = await benefits.ReaderMunicipalityAsync(ct);
        if (await db.BenefitPortfolios.AsNoTracking().SingleOrDefaultAsync(p => p.Id == portfolioId && p.MunicipalityId == m, ct) is not { } portfolio)
        {
            return null;
        }

        var date = query.Date ?? await clock.TodayAsync(m, ct);
        var projects = await db.BenefitProjects.AsNoTracking().Where(p => p.PortfolioId == portfolioId)
            .OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct);
        var projectIds = projects.Select(p => p.Id).ToList();
        var rows = await db.Benefits.AsNoTracking().Where(b => projectIds.Contains(b.ProjectId))
            .Join(db.BenefitRevisions.AsNoTracking(), b => new { Id = b.Id, Number = b.CurrentRevision }, r => new { Id = r.BenefitId, r.Number }, (b, r) => new { b, r })
            .OrderBy(x => x.b.Description).ThenBy(x => x.b.Id)
            .ToListAsync(ct);
        var benefitIds = rows.Select(x => x.b.Id).ToList();
        // The latest measurement per benefit, chosen in the database: a benefit measured nightly has years of rows.
        var latest = await db.BenefitMeasurements.AsNoTracking().Where(x => benefitIds.Contains(x.BenefitId) && x.Date <= date)
            .GroupBy(x => x.BenefitId)
            .Select(g => g.OrderByDescending(x => x.Date).ThenByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id).First())
            .ToDictionaryAsync(x => x.BenefitId, ct);
        var extracted = await db.BenefitExtractions.AsNoTracking().Where(x => benefitIds.Contains(x.BenefitId) && x.PeriodFrom <= date)
            .GroupBy(x => x.BenefitId).Select(g => new { g.Key, Sum = g.Sum(x => x.AmountNok) }).ToDictionaryAsync(x => x.Key, x => x.Sum, ct);

        var statuses = rows.Select(x => Status(x.b, x.r, latest.GetValueOrDefault(x.b.Id), extracted.GetValueOrDefault(x.b.Id), date)).ToList();
        var byProject = rows.Zip(statuses).ToLookup(x => x.First.b.ProjectId, x => x.Second);
        var projectStatuses = projects.Select(p =>
        {
            var list = byProject[p.Id].ToList();
            return new ProjectStatus(p.Id, p.Name, p.Goal, list, list.Sum(b => b.RealisedNok ?? 0), list.Sum(b => b.ExtractedNok));
        }).ToList();
        return new PortfolioDashboard(portfolio.Id, portfolio.Name, date, projectStatuses,
            projectStatuses.Sum(p => p.RealisedNok), projectStatuses.Sum(p => p.ExtractedNok));
    }

    private static BenefitStatusRow Status(Benefit b, BenefitRevision r, BenefitMeasurement? actual, decimal extractedNok, DateOnly date)
    {
        var targetNow = Math.Round(BenefitRules.TargetAt(date, r.BaselineDate, r.BaselineValue, r.TargetDates, r.TargetValues), 4, MidpointRounding.AwayFromZero);
        var finalTarget = BenefitRules.FinalTarget(r.BaselineValue, r.TargetValues);
        var realised = Benefit.IsPriced(b.Type) ? BenefitRules.RealisedNok(actual?.Value, r.BaselineValue, finalTarget, b.ValuePerUnitNok) : null;
        return new BenefitStatusRow(
            b.Id, b.Description, b.Type, r.Owner, r.Unit, b.Status, BenefitRules.Rag(actual?.Value, targetNow, r.BaselineValue, finalTarget),
            actual?.Value, actual?.Date, targetNow, r.BaselineValue, finalTarget, realised, extractedNok, realised is { } value ? value - extractedNok : null);
    }

    /// <summary>The columns of the exports, in order, with Norwegian headings.</summary>
    private static readonly string[] Headings =
    [
        "Prosjekt", "Mål", "Gevinst", "Type", "Gevinsteier", "Enhet", "Status", "RAG", "Faktisk", "Målt dato", "Mål nå", "Nullpunkt",
        "Sluttmål", "Realisert (NOK)", "Uttatt (NOK)", "Ikke uttatt (NOK)",
    ];

    /// <summary>One row per benefit: texts, numbers (decimal) and dates (DateOnly) as the exports write them.</summary>
    private static IEnumerable<object?[]> Rows(PortfolioDashboard dashboard) =>
        from project in dashboard.Projects
        from b in project.Benefits
        select new object?[]
        {
            project.Name, project.Goal, b.Description, b.Type.ToString(), b.Owner, b.Unit, b.Status.ToString(), b.Rag.ToString(),
            b.Actual, b.ActualDate, b.TargetNow, b.BaselineValue, b.FinalTarget, b.RealisedNok, b.ExtractedNok, b.GapNok,
        };

    /// <summary>The dashboard as CSV: UTF-8 with BOM, semicolon-separated, one row per benefit, Norwegian headings and decimal commas.</summary>
    public async Task<BenefitExport?> ExportCsvAsync(Guid portfolioId, DashboardQuery query, CancellationToken ct)
    {
        if (await DashboardAsync(portfolioId, query, ct) is not { } dashboard)
        {
            return null;
        }

        var csv = new StringBuilder();
        csv.AppendJoin(';', Headings).Append("\r\n");
        foreach (var row in Rows(dashboard))
        {
            csv.AppendJoin(';', row.Select(cell => cell switch
            {
                string text => Csv.Text(text),
                decimal number => Number(number),
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => "",
            }));
            csv.Append("\r\n");
        }

        return new BenefitExport(Csv.Utf8WithBom(csv), $"gevinster-{dashboard.Date:yyyy-MM-dd}.csv");
    }

    /// <summary>
    /// The dashboard as an Excel workbook (XLSX) with the CSV's columns: numbers as numbers and dates as dates, so the
    /// municipality's management reporting can calculate on them.
    /// </summary>
    public async Task<BenefitExport?> ExportXlsxAsync(Guid portfolioId, DashboardQuery query, CancellationToken ct)
    {
        if (await DashboardAsync(portfolioId, query, ct) is not { } dashboard)
        {
            return null;
        }

        var sheet = Rows(dashboard).Select(row => Headings.Zip(row).ToDictionary(
            c => c.First,
            c => c.Second is DateOnly date ? date.ToDateTime(TimeOnly.MinValue) : c.Second)).ToList();
        if (sheet.Count == 0)
        {
            // A portfolio without benefits still gets its headings.
            sheet.Add(Headings.ToDictionary(h => h, _ => (object?)null));
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: "Gevinster", cancellationToken: ct);
        return new BenefitExport(stream.ToArray(), $"gevinster-{dashboard.Date:yyyy-MM-dd}.xlsx");
    }

    private static string Number(decimal? value) => value?.ToString("0.####", CsvNumbers) ?? "";
}
