using System.Globalization;
using System.Text;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.Benefits;

/// <summary>A CSV file to download.</summary>
internal sealed record BenefitCsvExport(byte[] Content, string FileName);

/// <summary>
/// The portfolio dashboard: per project and goal, per benefit the RAG status, the latest measurement against the target
/// curve, the realised value in NOK and the budget actually taken out — and the same as CSV.
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

    /// <summary>The dashboard as CSV: UTF-8 with BOM, semicolon-separated, one row per benefit, Norwegian headings and decimal commas.</summary>
    public async Task<BenefitCsvExport?> ExportAsync(Guid portfolioId, DashboardQuery query, CancellationToken ct)
    {
        if (await DashboardAsync(portfolioId, query, ct) is not { } dashboard)
        {
            return null;
        }

        var csv = new StringBuilder();
        csv.Append("Prosjekt;Mål;Gevinst;Type;Gevinsteier;Enhet;Status;RAG;Faktisk;Målt dato;Mål nå;Nullpunkt;Sluttmål;Realisert (NOK);Uttatt (NOK);Ikke uttatt (NOK)\r\n");
        foreach (var project in dashboard.Projects)
        {
            foreach (var b in project.Benefits)
            {
                csv.AppendJoin(';',
                    Csv.Text(project.Name), Csv.Text(project.Goal), Csv.Text(b.Description),
                    b.Type.ToString(), Csv.Text(b.Owner), Csv.Text(b.Unit), b.Status.ToString(), b.Rag.ToString(),
                    Number(b.Actual), b.ActualDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", Number(b.TargetNow), Number(b.BaselineValue),
                    Number(b.FinalTarget), Number(b.RealisedNok), Number(b.ExtractedNok), Number(b.GapNok));
                csv.Append("\r\n");
            }
        }

        return new BenefitCsvExport(
            Csv.Utf8WithBom(csv),
            $"gevinster-{dashboard.Date:yyyy-MM-dd}.csv");
    }

    private static string Number(decimal? value) => value?.ToString("0.####", CsvNumbers) ?? "";
}
