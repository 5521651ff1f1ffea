namespace Meldebok.Server.Features.Benefits;

/// <summary>The kinds of benefit in the Norwegian guidance for a gevinstrealiseringsplan.</summary>
public enum BenefitType
{
    /// <summary>Budsjettgevinst: money that can be taken out of the budget.</summary>
    BudgetEffect,
    /// <summary>Frigjort kapasitet: staff time that goes to other work.</summary>
    RedeployedCapacity,
    /// <summary>Prissatt gevinst andre steder i offentlig sektor.</summary>
    PricedElsewhere,
    /// <summary>Ikke-prissatt virkning (quality, satisfaction).</summary>
    NonPriced,
    /// <summary>Ulempe: a negative effect the plan accepts and follows.</summary>
    DisBenefit,
}

/// <summary>How a benefit's indicator is measured.</summary>
public enum BenefitIndicatorKind
{
    /// <summary>Bound to a metric of the usage statistics; measured automatically every night.</summary>
    Metric,
    /// <summary>Measured by hand (e.g. the parent survey).</summary>
    Manual,
}

/// <summary>Whether a benefit is still followed.</summary>
public enum BenefitStatus
{
    Open,
    /// <summary>Closed with a reason; kept with its history and measurements.</summary>
    Closed,
}

/// <summary>Where a measurement came from.</summary>
public enum MeasurementSource
{
    /// <summary>Computed from the bound usage metric by the nightly job (or its on-demand run).</summary>
    Automatic,
    /// <summary>Entered by an administrator.</summary>
    Manual,
}

/// <summary>How far a measure (tiltak) has come.</summary>
public enum MeasureStatus
{
    Planned,
    InProgress,
    Done,
}

/// <summary>A municipality's portfolio of projects whose benefits its portfolio board follows.</summary>
internal sealed class BenefitPortfolio
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A project in a portfolio, linked to the goal its benefits serve (e.g. "Periodemål 4 for oppvekst og utdanning").</summary>
internal sealed class BenefitProject
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid PortfolioId { get; set; }
    public required string Name { get; set; }
    public required string Goal { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A benefit (gevinst) of a project. Its owner, indicator, unit, baseline and target curve live in
/// <see cref="BenefitRevision"/> rows, never overwritten: the current values are those of revision <see cref="CurrentRevision"/>.
/// </summary>
internal sealed class Benefit
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public Guid ProjectId { get; set; }
    public required string Description { get; set; }
    public BenefitType Type { get; set; }
    /// <summary>NOK per unit of the indicator; only for priced types.</summary>
    public decimal? ValuePerUnitNok { get; set; }
    public DateOnly RealisationFrom { get; set; }
    public DateOnly RealisationTo { get; set; }
    public BenefitStatus Status { get; set; }
    public string? ClosedReason { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The number of the latest revision, whose values are the benefit's current ones.</summary>
    public int CurrentRevision { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public static bool IsPriced(BenefitType type) => type is BenefitType.BudgetEffect or BenefitType.RedeployedCapacity or BenefitType.PricedElsewhere;
}

/// <summary>
/// One version of the benefit's revisioned fields (owner, indicator, unit, baseline, target curve), with the reason for the
/// change, who made it and when. Revision 1 is the plan as first made; every change adds a row.
/// </summary>
internal sealed class BenefitRevision
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid BenefitId { get; init; }
    public int Number { get; init; }
    public required string Owner { get; init; }
    /// <summary>
    /// The owner as a person of the roster (a line manager among the staff), who may then record manual measurements and
    /// extractions for this benefit and read the municipality's plans; empty when the owner is named only in <see cref="Owner"/>.
    /// </summary>
    public Guid? OwnerStaffId { get; init; }
    public BenefitIndicatorKind IndicatorKind { get; init; }
    /// <summary>A metric id of the usage catalogue when <see cref="IndicatorKind"/> is Metric.</summary>
    public string? MetricId { get; init; }
    /// <summary>The school the metric is taken for; empty for the whole municipality.</summary>
    public Guid? MetricSchoolId { get; init; }
    /// <summary>
    /// The series of the metric that is measured (a channel of <c>legacy-contacts</c>, a role of <c>sign-ins</c>); empty for
    /// the metric's total.
    /// </summary>
    public string? MetricSeries { get; init; }
    public required string Unit { get; init; }
    public decimal BaselineValue { get; init; }
    public DateOnly BaselineDate { get; init; }
    /// <summary>The target curve's dates, ascending; <see cref="TargetValues"/> holds the value of each.</summary>
    public required DateOnly[] TargetDates { get; init; }
    public required decimal[] TargetValues { get; init; }
    public required string Reason { get; init; }
    public Guid? AuthorAccountId { get; init; }
    public required string AuthorName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A measured value of a benefit's indicator on a date.</summary>
internal sealed class BenefitMeasurement
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid BenefitId { get; init; }
    public DateOnly Date { get; init; }
    public decimal Value { get; init; }
    public MeasurementSource Source { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A gevinstuttak: budget actually taken out for a benefit in a period.</summary>
internal sealed class BenefitExtraction
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid BenefitId { get; init; }
    public DateOnly PeriodFrom { get; init; }
    public DateOnly PeriodTo { get; init; }
    public decimal AmountNok { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A measure (tiltak) that brings about one or more benefits, e.g. "Avslutte lisensavtaler for papirmeldebok".</summary>
internal sealed class BenefitMeasure
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MunicipalityId { get; init; }
    public required string Description { get; set; }
    public required string Owner { get; set; }
    public DateOnly DueDate { get; set; }
    public MeasureStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A measure's link to one of its benefits.</summary>
internal sealed class BenefitMeasureLink
{
    public Guid MeasureId { get; init; }
    public Guid BenefitId { get; init; }
}
