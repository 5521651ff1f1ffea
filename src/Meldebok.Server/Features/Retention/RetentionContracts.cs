namespace Meldebok.Server.Features.Retention;

/// <summary>Rows of one table past their period (the report) or deleted (a run).</summary>
/// <param name="Table">The database table.</param>
/// <param name="Rows">How many rows.</param>
public sealed record RetentionTableCount(string Table, long Rows);

/// <summary>One retention type: its period, the first day kept, and the rows per table.</summary>
/// <param name="Type">absence-notices, messages, sfo-records, audit-log or usage-events.</param>
/// <param name="PeriodMonths">The period in months (0 when given in days or kept for good).</param>
/// <param name="PeriodDays">The period in days (usage events; 0 otherwise).</param>
/// <param name="KeptForGood">The period is 0: nothing of this type is deleted.</param>
/// <param name="KeptFrom">The first local day kept: records of earlier days are past their period (null when kept for good).</param>
/// <param name="Tables">Rows per table, children before their parents.</param>
/// <param name="Total">The sum of <paramref name="Tables"/>.</param>
public sealed record RetentionTypeCounts(string Type, int PeriodMonths, int PeriodDays, bool KeptForGood, DateOnly? KeptFrom,
    IReadOnlyList<RetentionTableCount> Tables, long Total);

/// <summary>The dry run: what a retention run would delete now, counted, nothing deleted.</summary>
/// <param name="MunicipalityId">The municipality.</param>
/// <param name="At">When the report was made.</param>
/// <param name="Types">Per type.</param>
public sealed record RetentionReport(Guid MunicipalityId, DateTimeOffset At, IReadOnlyList<RetentionTypeCounts> Types);

/// <summary>What a retention run deleted.</summary>
/// <param name="RunId">The run, named by its audit entry.</param>
/// <param name="MunicipalityId">The municipality.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="FinishedAt">End.</param>
/// <param name="Complete">False when a table had more rows due than <c>Retention:MaxRowsPerRun</c>; the next run continues.</param>
/// <param name="Types">Deleted rows per type and table.</param>
public sealed record RetentionRunResult(Guid RunId, Guid MunicipalityId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Complete,
    IReadOnlyList<RetentionTypeCounts> Types);

/// <summary>Query of the report and the run.</summary>
internal sealed record RetentionQuery
{
    /// <summary>One type only (absence-notices, messages, sfo-records, audit-log, usage-events); empty for all.</summary>
    public string? Type { get; init; }
}
