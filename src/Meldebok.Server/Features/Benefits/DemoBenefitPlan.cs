using Meldebok.Server.Infrastructure.Data;

namespace Meldebok.Server.Features.Benefits;

/// <summary>
/// The Meldebok project's own benefit plan, seeded with a demo municipality: one channel instead of many, less staff time on
/// absence handling, fewer SMS to private phones, and the training time as a dis-benefit — bound to the usage metrics where
/// there is one. The project started a year before the seeding day (where the demo's generated year of usage starts): the
/// baselines are dated then, the first targets half a year later and the final targets half a year after the seeding day.
/// </summary>
internal static class DemoBenefitPlan
{
    private const string Author = "Meldebok-prosjektet";

    public static void Add(MeldebokDbContext db, Guid municipalityId, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var start = today.AddYears(-1);
        var (half, year) = (start.AddMonths(6), start.AddMonths(18));
        var portfolio = new BenefitPortfolio { MunicipalityId = municipalityId, Name = "Digitalisering i oppvekst", CreatedAt = now };
        var project = new BenefitProject
        {
            MunicipalityId = municipalityId, PortfolioId = portfolio.Id, Name = "Meldebok – digital meldebok mellom hjem og skole/SFO",
            Goal = "Periodemål 4 for oppvekst og utdanning", CreatedAt = now,
        };
        db.BenefitPortfolios.Add(portfolio);
        db.BenefitProjects.Add(project);

        Benefit Add(string description, BenefitType type, decimal? valuePerUnit, string owner, string? metricId, string unit, decimal baseline, decimal atHalf, decimal atYear)
        {
            var benefit = new Benefit
            {
                MunicipalityId = municipalityId, ProjectId = project.Id, Description = description, Type = type, ValuePerUnitNok = valuePerUnit,
                RealisationFrom = start, RealisationTo = year, Status = BenefitStatus.Open, CurrentRevision = 1, CreatedAt = now,
            };
            db.Benefits.Add(benefit);
            db.BenefitRevisions.Add(new BenefitRevision
            {
                BenefitId = benefit.Id, Number = 1, Owner = owner, IndicatorKind = metricId is null ? BenefitIndicatorKind.Manual : BenefitIndicatorKind.Metric,
                MetricId = metricId, Unit = unit, BaselineValue = baseline, BaselineDate = start, TargetDates = [half, year], TargetValues = [atHalf, atYear],
                Reason = "Første versjon", AuthorName = Author, CreatedAt = now,
            });
            return benefit;
        }

        var oneChannel = Add("Én kanal i stedet for mange: foresatte melder fravær i Meldebok", BenefitType.NonPriced, null,
            "Kommunalsjef oppvekst", Usage.UsageMetrics.DigitalShare, "share/week", 0.1m, 0.6m, 0.9m);
        var legacy = Add("Færre henvendelser om fravær via telefon, e-post, SMS og lapper", BenefitType.NonPriced, null,
            "Kommunalsjef oppvekst", Usage.UsageMetrics.LegacyContacts, "count/week", 150, 60, 15);
        var staffTime = Add("Mindre tid for ansatte til å ta imot og føre fravær", BenefitType.RedeployedCapacity, 450,
            "Rektorene, hver for sin skole", null, "timer/uke", 120, 80, 40);
        var sms = Add("Færre SMS til ansattes private telefoner", BenefitType.NonPriced, null,
            "Rektorene, hver for sin skole", null, "SMS/uke", 200, 80, 10);
        var training = Add("Ulempe: tid til opplæring av ansatte", BenefitType.DisBenefit, null,
            "Prosjektleder Meldebok", null, "timer i alt", 0, 250, 300);

        // The manual indicators as the project counted them (time sheets, the SMS log, the training plan) each quarter.
        void Counted(Benefit benefit, params (int Months, decimal Value)[] counts) => db.BenefitMeasurements.AddRange(counts.Select(c => new BenefitMeasurement
        {
            BenefitId = benefit.Id, Date = start.AddMonths(c.Months), Value = c.Value, Source = MeasurementSource.Manual, Note = "Telling i prosjektet", CreatedAt = now,
        }));
        Counted(staffTime, (3, 112), (6, 92), (9, 74));
        Counted(sms, (3, 170), (6, 105), (9, 55));
        Counted(training, (2, 180), (6, 255), (9, 280));
        db.BenefitExtractions.Add(new BenefitExtraction
        {
            BenefitId = staffTime.Id, PeriodFrom = start, PeriodTo = start.AddMonths(6).AddDays(-1), AmountNok = 150_000,
            Note = "Lisenser for papirmeldebok tatt ut av budsjettet", CreatedAt = now,
        });

        void Measure(string description, string owner, DateOnly due, MeasureStatus status, params Benefit[] benefits)
        {
            var measure = new BenefitMeasure { MunicipalityId = municipalityId, Description = description, Owner = owner, DueDate = due, Status = status, CreatedAt = now };
            db.BenefitMeasures.Add(measure);
            db.BenefitMeasureLinks.AddRange(benefits.Select(b => new BenefitMeasureLink { MeasureId = measure.Id, BenefitId = b.Id }));
        }

        Measure("Si opp lisensavtalene for papirmeldebok", "Innkjøpsavdelingen", start.AddMonths(3), MeasureStatus.Done, staffTime);
        Measure("Ta papirmeldeboken ut av e-handelskatalogen", "Innkjøpsavdelingen", start.AddMonths(3), MeasureStatus.Done, staffTime);
        Measure("Slutte med papirmeldebok, ranselpost, e-post, SMS og lapper via kontoret", "Rektorene", half, MeasureStatus.InProgress, oneChannel, legacy, sms);
        Measure("Opplæring av ansatte og informasjon til foresatte", "Leverandøren og prosjektleder", start.AddMonths(2), MeasureStatus.Done, training, oneChannel);
        Measure("Følge opp bruksstatistikken hver måned", "Prosjektleder Meldebok", year, MeasureStatus.InProgress, oneChannel, legacy);
        Measure("Følge opp foreldreundersøkelsen", "Kommunalsjef oppvekst", year, MeasureStatus.Planned, oneChannel);
    }
}
