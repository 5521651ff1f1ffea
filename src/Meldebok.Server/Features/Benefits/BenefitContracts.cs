using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Benefits;

/// <summary>A portfolio to create or rename.</summary>
public sealed record PortfolioRequest
{
    /// <summary>The portfolio's name, e.g. "Digitalisering i oppvekst".</summary>
    [Required(ErrorMessage = "Navn må fylles ut."), StringLength(BenefitLimits.Name, MinimumLength = 1, ErrorMessage = "Navnet kan være høyst 200 tegn.")]
    public string? Name { get; init; }
}

/// <summary>A portfolio.</summary>
public sealed record PortfolioResponse(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A project to create or change.</summary>
public sealed record ProjectRequest
{
    /// <summary>The portfolio the project belongs to.</summary>
    [Required(ErrorMessage = "Porteføljen må oppgis.")]
    public Guid? PortfolioId { get; init; }

    [Required(ErrorMessage = "Navn må fylles ut."), StringLength(BenefitLimits.Name, MinimumLength = 1, ErrorMessage = "Navnet kan være høyst 200 tegn.")]
    public string? Name { get; init; }

    /// <summary>The goal the project's benefits serve, e.g. "Periodemål 4 for oppvekst og utdanning".</summary>
    [Required(ErrorMessage = "Målet må fylles ut."), StringLength(BenefitLimits.Text, MinimumLength = 1, ErrorMessage = "Målet kan være høyst 1000 tegn.")]
    public string? Goal { get; init; }
}

/// <summary>A project.</summary>
public sealed record ProjectResponse(Guid Id, Guid PortfolioId, string Name, string Goal, DateTimeOffset CreatedAt);

/// <summary>A point of a target curve.</summary>
public sealed record TargetPointRequest
{
    [Required(ErrorMessage = "Hvert målpunkt må ha en dato.")]
    public DateOnly? Date { get; init; }

    [Required(ErrorMessage = "Hvert målpunkt må ha en verdi.")]
    public decimal? Value { get; init; }
}

/// <summary>A point of a target curve.</summary>
public sealed record TargetPoint(DateOnly Date, decimal Value);

/// <summary>The fields of a benefit that are revisioned: every change to them makes a new revision.</summary>
public record BenefitPlanFields
{
    /// <summary>The benefit owner (gevinsteier): a line manager, by name and/or role.</summary>
    [Required(ErrorMessage = "Gevinsteier må fylles ut."), StringLength(BenefitLimits.Owner, MinimumLength = 1, ErrorMessage = "Gevinsteier kan være høyst 200 tegn.")]
    public string? Owner { get; init; }

    /// <summary>
    /// The owner as a staff member of the municipality (<c>/api/v1/admin/staff</c>), if the owner is in the roster: they may
    /// then record manual measurements and extractions for this benefit (and read the municipality's plans). Empty: the owner
    /// is named only in <see cref="Owner"/>, and only administrators record for the benefit.
    /// </summary>
    public Guid? OwnerStaffId { get; init; }

    /// <summary><c>Metric</c> (bound to a usage metric, measured every night) or <c>Manual</c>.</summary>
    [Required(ErrorMessage = "Indikatoren må oppgis (Metric eller Manual).")]
    public BenefitIndicatorKind? Indicator { get; init; }

    /// <summary>The metric id of the usage catalogue (<c>GET /api/v1/usage/metrics</c>) when the indicator is Metric.</summary>
    [StringLength(BenefitLimits.MetricId, ErrorMessage = "Måltallet kan være høyst 64 tegn.")]
    public string? MetricId { get; init; }

    /// <summary>The school the metric is taken for; empty for the whole municipality.</summary>
    public Guid? MetricSchoolId { get; init; }

    /// <summary>
    /// The series of the metric to measure, as the metrics API names it (<c>GET /api/v1/usage/metrics</c> lists each metric's
    /// <c>series</c>): a channel of <c>legacy-contacts</c> (e.g. <c>phone</c>), a role of <c>sign-ins</c> (e.g. <c>guardian</c>).
    /// Empty (or <c>total</c>) for the metric's total.
    /// </summary>
    [StringLength(BenefitLimits.MetricId, ErrorMessage = "Serien kan være høyst 64 tegn.")]
    public string? MetricSeries { get; init; }

    /// <summary>
    /// The unit. For a metric: its unit per day, week or month (<c>share/week</c>, <c>count/month</c>), which also says
    /// which period the nightly measurement covers. For a manual indicator: free text, e.g. <c>timer/år</c>.
    /// </summary>
    [Required(ErrorMessage = "Enheten må fylles ut."), StringLength(BenefitLimits.Unit, MinimumLength = 1, ErrorMessage = "Enheten kan være høyst 32 tegn.")]
    public string? Unit { get; init; }

    /// <summary>The baseline (nullpunkt) value.</summary>
    [Required(ErrorMessage = "Nullpunktet må oppgis.")]
    public decimal? BaselineValue { get; init; }

    /// <summary>The date the baseline was measured.</summary>
    [Required(ErrorMessage = "Datoen for nullpunktet må oppgis.")]
    public DateOnly? BaselineDate { get; init; }

    /// <summary>The target curve: values by date, after the baseline date, in any order.</summary>
    [Required(ErrorMessage = "Målkurven må ha minst ett punkt.")]
    public IReadOnlyList<TargetPointRequest>? Targets { get; init; }
}

/// <summary>A new benefit with its first revision.</summary>
public sealed record BenefitCreateRequest : BenefitPlanFields
{
    [Required(ErrorMessage = "Prosjektet må oppgis.")]
    public Guid? ProjectId { get; init; }

    [Required(ErrorMessage = "Beskrivelsen må fylles ut."), StringLength(BenefitLimits.Text, MinimumLength = 1, ErrorMessage = "Beskrivelsen kan være høyst 1000 tegn.")]
    public string? Description { get; init; }

    [Required(ErrorMessage = "Gevinsttypen må oppgis.")]
    public BenefitType? Type { get; init; }

    /// <summary>NOK per unit; required for priced types (BudgetEffect, RedeployedCapacity, PricedElsewhere), not allowed for the others.</summary>
    public decimal? ValuePerUnitNok { get; init; }

    [Required(ErrorMessage = "Starten på realiseringsperioden må oppgis.")]
    public DateOnly? RealisationFrom { get; init; }

    [Required(ErrorMessage = "Slutten på realiseringsperioden må oppgis.")]
    public DateOnly? RealisationTo { get; init; }

    /// <summary>Why the plan is as it is (default "Første versjon").</summary>
    [StringLength(BenefitLimits.Text, ErrorMessage = "Begrunnelsen kan være høyst 1000 tegn.")]
    public string? Reason { get; init; }
}

/// <summary>The benefit's fields that are not revisioned.</summary>
public sealed record BenefitUpdateRequest
{
    [Required(ErrorMessage = "Beskrivelsen må fylles ut."), StringLength(BenefitLimits.Text, MinimumLength = 1, ErrorMessage = "Beskrivelsen kan være høyst 1000 tegn.")]
    public string? Description { get; init; }

    [Required(ErrorMessage = "Gevinsttypen må oppgis.")]
    public BenefitType? Type { get; init; }

    public decimal? ValuePerUnitNok { get; init; }

    [Required(ErrorMessage = "Starten på realiseringsperioden må oppgis.")]
    public DateOnly? RealisationFrom { get; init; }

    [Required(ErrorMessage = "Slutten på realiseringsperioden må oppgis.")]
    public DateOnly? RealisationTo { get; init; }
}

/// <summary>A change to the revisioned fields: the whole new version, and why.</summary>
public sealed record BenefitRevisionRequest : BenefitPlanFields
{
    /// <summary>Why the plan changes; required.</summary>
    [Required(ErrorMessage = "Begrunnelsen for endringen må fylles ut."), StringLength(BenefitLimits.Text, MinimumLength = 1, ErrorMessage = "Begrunnelsen kan være høyst 1000 tegn.")]
    public string? Reason { get; init; }
}

/// <summary>Closing a benefit.</summary>
public sealed record BenefitCloseRequest
{
    [Required(ErrorMessage = "Begrunnelsen for å avslutte må fylles ut."), StringLength(BenefitLimits.Text, MinimumLength = 1, ErrorMessage = "Begrunnelsen kan være høyst 1000 tegn.")]
    public string? Reason { get; init; }
}

/// <summary>One version of the revisioned fields.</summary>
public sealed record BenefitRevisionResponse(
    int Number, string Owner, Guid? OwnerStaffId, BenefitIndicatorKind Indicator, string? MetricId, Guid? MetricSchoolId, string? MetricSeries, string Unit,
    decimal BaselineValue, DateOnly BaselineDate, IReadOnlyList<TargetPoint> Targets, string Reason, string AuthorName, DateTimeOffset CreatedAt);

/// <summary>A benefit with its current revision.</summary>
public sealed record BenefitResponse(
    Guid Id, Guid ProjectId, string Description, BenefitType Type, decimal? ValuePerUnitNok, DateOnly RealisationFrom, DateOnly RealisationTo,
    BenefitStatus Status, string? ClosedReason, DateTimeOffset? ClosedAt, BenefitRevisionResponse Current);

/// <summary>One field of two revisions.</summary>
/// <param name="Field">The field as the API names it.</param>
/// <param name="Old">Its value in the older revision (as text).</param>
/// <param name="New">Its value in the newer revision.</param>
/// <param name="Changed">Whether it differs.</param>
public sealed record RevisionFieldChange(string Field, string? Old, string? New, bool Changed);

/// <summary>Two revisions compared field by field.</summary>
public sealed record RevisionComparison(Guid BenefitId, BenefitRevisionResponse From, BenefitRevisionResponse To, IReadOnlyList<RevisionFieldChange> Fields);

/// <summary>Which two revisions to compare.</summary>
public sealed record RevisionCompareQuery
{
    /// <summary>The older revision (default: the one before <see cref="To"/>).</summary>
    [FromQuery(Name = "from"), Range(1, 100_000, ErrorMessage = "Revisjonsnummeret må være 1 eller høyere.")]
    public int? From { get; init; }

    /// <summary>The newer revision (default: the current one).</summary>
    [FromQuery(Name = "to"), Range(1, 100_000, ErrorMessage = "Revisjonsnummeret må være 1 eller høyere.")]
    public int? To { get; init; }
}

/// <summary>A manual measurement.</summary>
public sealed record MeasurementRequest
{
    [Required(ErrorMessage = "Datoen må oppgis.")]
    public DateOnly? Date { get; init; }

    [Required(ErrorMessage = "Verdien må oppgis.")]
    public decimal? Value { get; init; }

    /// <summary>Where the figure comes from, e.g. "Foreldreundersøkelsen 2027".</summary>
    [StringLength(BenefitLimits.Text, ErrorMessage = "Merknaden kan være høyst 1000 tegn.")]
    public string? Note { get; init; }
}

/// <summary>A measured value.</summary>
public sealed record MeasurementResponse(Guid Id, DateOnly Date, decimal Value, MeasurementSource Source, string? Note, DateTimeOffset CreatedAt);

/// <summary>A gevinstuttak: budget taken out for a period.</summary>
public sealed record ExtractionRequest
{
    [Required(ErrorMessage = "Starten på perioden må oppgis.")]
    public DateOnly? PeriodFrom { get; init; }

    [Required(ErrorMessage = "Slutten på perioden må oppgis.")]
    public DateOnly? PeriodTo { get; init; }

    /// <summary>NOK actually taken out of the budget.</summary>
    [Required(ErrorMessage = "Beløpet må oppgis.")]
    public decimal? AmountNok { get; init; }

    [StringLength(BenefitLimits.Text, ErrorMessage = "Merknaden kan være høyst 1000 tegn.")]
    public string? Note { get; init; }
}

/// <summary>A gevinstuttak.</summary>
public sealed record ExtractionResponse(Guid Id, DateOnly PeriodFrom, DateOnly PeriodTo, decimal AmountNok, string? Note, DateTimeOffset CreatedAt);

/// <summary>A measure (tiltak) to create or change.</summary>
public sealed record MeasureRequest
{
    [Required(ErrorMessage = "Beskrivelsen må fylles ut."), StringLength(BenefitLimits.Text, MinimumLength = 1, ErrorMessage = "Beskrivelsen kan være høyst 1000 tegn.")]
    public string? Description { get; init; }

    /// <summary>Who carries it out (a line manager, or the supplier).</summary>
    [Required(ErrorMessage = "Ansvarlig må fylles ut."), StringLength(BenefitLimits.Owner, MinimumLength = 1, ErrorMessage = "Ansvarlig kan være høyst 200 tegn.")]
    public string? Owner { get; init; }

    [Required(ErrorMessage = "Fristen må oppgis.")]
    public DateOnly? DueDate { get; init; }

    /// <summary>Planned (default), InProgress or Done.</summary>
    public MeasureStatus? Status { get; init; }

    /// <summary>The benefits the measure brings about: at least one.</summary>
    [Required(ErrorMessage = "Tiltaket må knyttes til minst én gevinst."), MinLength(1, ErrorMessage = "Tiltaket må knyttes til minst én gevinst."), MaxLength(50, ErrorMessage = "Et tiltak kan knyttes til høyst 50 gevinster.")]
    public IReadOnlyList<Guid>? BenefitIds { get; init; }
}

/// <summary>A measure.</summary>
public sealed record MeasureResponse(Guid Id, string Description, string Owner, DateOnly DueDate, MeasureStatus Status, IReadOnlyList<Guid> BenefitIds, DateTimeOffset CreatedAt);

/// <summary>List filters.</summary>
public sealed record BenefitListFilter
{
    [FromQuery(Name = "portfolioId")]
    public Guid? PortfolioId { get; init; }

    [FromQuery(Name = "projectId")]
    public Guid? ProjectId { get; init; }

    [FromQuery(Name = "benefitId")]
    public Guid? BenefitId { get; init; }
}

/// <summary>The day a dashboard is for.</summary>
public sealed record DashboardQuery
{
    /// <summary>The date the status is taken at (default today): the latest measurement on or before it against the target on it.</summary>
    [FromQuery(Name = "date")]
    public DateOnly? Date { get; init; }
}

/// <summary>One benefit's status on the dashboard.</summary>
/// <param name="BenefitId">The benefit.</param>
/// <param name="Description">What the benefit is.</param>
/// <param name="Type">Its type.</param>
/// <param name="Owner">The benefit owner of the current revision.</param>
/// <param name="Unit">The unit of the current revision.</param>
/// <param name="Status">Open or Closed.</param>
/// <param name="Rag">Green, Amber, Red, or Grey without measurement.</param>
/// <param name="Actual">The latest measurement on or before the date.</param>
/// <param name="ActualDate">Its date.</param>
/// <param name="TargetNow">The target curve interpolated linearly at the date.</param>
/// <param name="BaselineValue">The baseline (nullpunkt).</param>
/// <param name="FinalTarget">The last value of the target curve.</param>
/// <param name="RealisedNok">For priced types: the movement from the baseline towards the target × NOK per unit.</param>
/// <param name="ExtractedNok">Budget taken out (sum of the extractions).</param>
/// <param name="GapNok">Realised minus extracted: benefit not (yet) taken out; empty when not priced.</param>
public sealed record BenefitStatusRow(
    Guid BenefitId, string Description, BenefitType Type, string Owner, string Unit, BenefitStatus Status, BenefitRag Rag,
    decimal? Actual, DateOnly? ActualDate, decimal TargetNow, decimal BaselineValue, decimal FinalTarget,
    decimal? RealisedNok, decimal ExtractedNok, decimal? GapNok);

/// <summary>A project on the dashboard with its goal and benefits.</summary>
public sealed record ProjectStatus(Guid ProjectId, string Name, string Goal, IReadOnlyList<BenefitStatusRow> Benefits, decimal RealisedNok, decimal ExtractedNok);

/// <summary>A portfolio's status on a date.</summary>
public sealed record PortfolioDashboard(Guid PortfolioId, string Name, DateOnly Date, IReadOnlyList<ProjectStatus> Projects, decimal RealisedNok, decimal ExtractedNok);

/// <summary>What one run of the automatic measurements did.</summary>
/// <param name="Date">The day measured up to (yesterday by default).</param>
/// <param name="Benefits">Open metric-bound benefits looked at.</param>
/// <param name="Created">Measurements stored.</param>
/// <param name="AlreadyMeasured">Benefits that already had their automatic measurement for the period.</param>
/// <param name="WithoutValue">Benefits whose metric had no value (no data yet, or a share of nothing).</param>
public sealed record MeasurementRunResult(DateOnly Date, int Benefits, int Created, int AlreadyMeasured, int WithoutValue);

/// <summary>The day an on-demand measurement run measures up to.</summary>
public sealed record MeasurementRunQuery
{
    /// <summary>The last day of the periods to measure (default yesterday); not after yesterday.</summary>
    [FromQuery(Name = "date")]
    public DateOnly? Date { get; init; }
}
