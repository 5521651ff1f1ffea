using System.ComponentModel.DataAnnotations;

namespace Meldebok.Server.Features.Retention;

/// <summary>
/// How long each kind of record is kept (section <c>Retention</c>); 0 keeps it for good. A period is counted back from
/// today in the municipality's time zone: a record whose day (or time) is before that date is past its period.
/// The defaults and the reasoning behind them are in the README ("Retention (oppbevaring)").
/// </summary>
internal sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Absence notices (with their acknowledgements and notes) and leave applications, by their last day.</summary>
    [Range(0, 1200)] public int AbsenceNoticesMonths { get; set; } = 24;

    /// <summary>Message threads (by their newest message) and bulk messages with their recipients and attachments.</summary>
    [Range(0, 1200)] public int MessagesMonths { get; set; } = 24;

    /// <summary>SFO check-ins and check-outs, handovers, missing-child alerts and pickup messages, by their day.</summary>
    [Range(0, 1200)] public int SfoRecordsMonths { get; set; } = 13;

    /// <summary>The audit log, by when the entry was written.</summary>
    [Range(0, 1200)] public int AuditLogMonths { get; set; } = 60;

    /// <summary>
    /// Raw usage events, by their day; only days the nightly aggregation has turned into daily figures, which are kept.
    /// Longer than the longest aggregation range (366 days), so that a year can still be aggregated again.
    /// </summary>
    [Range(0, 36500)] public int UsageEventsDays { get; set; } = 400;

    /// <summary>Rows deleted per statement and transaction.</summary>
    [Range(1, 100_000)] public int BatchSize { get; set; } = 5_000;

    /// <summary>At most this many rows of one table are deleted per municipality and run; the rest waits for the next night.</summary>
    [Range(1, 100_000_000)] public int MaxRowsPerRun { get; set; } = 1_000_000;
}
