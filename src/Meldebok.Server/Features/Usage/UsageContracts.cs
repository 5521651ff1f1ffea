using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Meldebok.Server.Features.Usage;

/// <summary>The length of the periods a metric is given for.</summary>
public enum UsageInterval
{
    /// <summary>Per local day.</summary>
    Day,
    /// <summary>Per ISO week (Monday to Sunday).</summary>
    Week,
    /// <summary>Per calendar month.</summary>
    Month,
}

/// <summary>One metric of the catalogue.</summary>
/// <param name="Id">The metric's id in the address, e.g. <c>digital-share</c>.</param>
/// <param name="Name">Norwegian name.</param>
/// <param name="Description">How it is computed (Norwegian).</param>
/// <param name="Unit"><c>count</c> (people or contacts), <c>share</c> (0–1) or <c>minutes</c>.</param>
/// <param name="HasData">False for metrics whose actions do not exist in the product yet; they answer "no data yet".</param>
/// <param name="Actions">The usage actions the metric is computed from.</param>
public sealed record UsageMetricDefinition(string Id, string Name, string Description, string Unit, bool HasData, IReadOnlyList<string> Actions)
{
    /// <summary>
    /// The series the metric is split into besides <c>total</c> (the channels of <c>legacy-contacts</c>, the roles of
    /// <c>sign-ins</c>); empty for a metric that has only its total. A benefit's indicator may be bound to one of them.
    /// </summary>
    public IReadOnlyList<string> Series { get; init; } = [];
}

/// <summary>A metric's value for one period.</summary>
/// <param name="PeriodStart">First day of the period (the Monday of an ISO week, the first of a month).</param>
/// <param name="Value">The figure; for a share the numerator divided by the denominator, empty when the denominator is 0.</param>
/// <param name="Numerator">What was counted (for a count, the count itself).</param>
/// <param name="Denominator">What it was counted out of; empty for counts.</param>
public sealed record UsagePoint(DateOnly PeriodStart, double? Value, long? Numerator, long? Denominator);

/// <summary>One line of a metric: <c>total</c>, or one channel or role where the metric is split.</summary>
/// <param name="Key">Series key, e.g. <c>total</c>, <c>phone</c>, <c>guardian</c>.</param>
/// <param name="Points">One point per period, oldest first, periods without events included.</param>
public sealed record UsageSeries(string Key, IReadOnlyList<UsagePoint> Points);

/// <summary>A metric over a range of periods for the municipality or one school.</summary>
/// <param name="MetricId">The metric.</param>
/// <param name="Name">Its Norwegian name.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Interval">The period length: <c>day</c>, <c>week</c> or <c>month</c>.</param>
/// <param name="From">First day covered (widened to the start of its week or month).</param>
/// <param name="To">Last day covered (widened to the end of its week or month).</param>
/// <param name="MunicipalityId">The municipality.</param>
/// <param name="SchoolId">The school, or empty for the whole municipality.</param>
/// <param name="Status"><c>ok</c>, or <c>no-data-yet</c> for a metric whose feature does not exist yet (then no series).</param>
/// <param name="Note">Why there is no data yet (Norwegian), or empty.</param>
/// <param name="Series">The lines of the metric.</param>
public sealed record UsageMetricResponse(
    string MetricId, string Name, string Unit, string Interval, DateOnly From, DateOnly To, Guid MunicipalityId, Guid? SchoolId,
    string Status, string? Note, IReadOnlyList<UsageSeries> Series);

/// <summary>Which figures of a metric to give.</summary>
public sealed record UsageMetricQuery
{
    /// <summary>One school (administrators: any of the municipality's; principals: their own, the default). Empty: the whole municipality.</summary>
    [FromQuery(Name = "schoolId")]
    public Guid? SchoolId { get; init; }

    /// <summary>First local day (default: 4 weeks, 12 weeks or 12 months before <c>to</c>, by interval).</summary>
    [FromQuery(Name = "from")]
    public DateOnly? From { get; init; }

    /// <summary>Last local day (default: yesterday, the last aggregated day).</summary>
    [FromQuery(Name = "to")]
    public DateOnly? To { get; init; }

    /// <summary><c>day</c>, <c>week</c> or <c>month</c> (default: week).</summary>
    [FromQuery(Name = "interval"), RegularExpression("^(?i:day|week|month)$", ErrorMessage = "Intervallet må være day, week eller month.")]
    public string? Interval { get; init; }

    /// <summary>The parsed <see cref="Interval"/> (validated before the endpoint runs).</summary>
    public UsageInterval ParsedInterval => Interval is null ? UsageInterval.Week : Enum.Parse<UsageInterval>(Interval, ignoreCase: true);
}

/// <summary>A date range (adoption and aggregation).</summary>
public sealed record UsageRangeQuery
{
    /// <summary>First local day.</summary>
    [FromQuery(Name = "from")]
    public DateOnly? From { get; init; }

    /// <summary>Last local day.</summary>
    [FromQuery(Name = "to")]
    public DateOnly? To { get; init; }
}

/// <summary>How far one school has come in taking Meldebok into use.</summary>
/// <param name="SchoolId">The school.</param>
/// <param name="SchoolName">Its name.</param>
/// <param name="Guardians">Guardians in the roster who reach a pupil of the school today.</param>
/// <param name="ActivatedGuardians">Of them, those who had signed in at least once by <c>to</c>.</param>
/// <param name="ActivationRate">Activated / guardians; empty for a school without guardians.</param>
/// <param name="ActiveGuardians">Guardians with at least one action at the school (or a sign-in) in the range.</param>
/// <param name="DigitalNotices">Absence notices reported by guardians in Meldebok in the range.</param>
/// <param name="LegacyNotices">Absences logged by staff from legacy channels in the range.</param>
/// <param name="DigitalShare">Digital / all notices; empty without notices.</param>
public sealed record SchoolAdoption(
    Guid SchoolId, string SchoolName, int Guardians, int ActivatedGuardians, double? ActivationRate, int ActiveGuardians,
    long DigitalNotices, long LegacyNotices, double? DigitalShare);

/// <summary>Adoption per school, the schools that lag behind first (lowest activation rate, then lowest digital share).</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="Schools">One row per school.</param>
public sealed record UsageAdoptionResponse(DateOnly From, DateOnly To, IReadOnlyList<SchoolAdoption> Schools);
