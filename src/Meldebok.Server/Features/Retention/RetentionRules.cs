namespace Meldebok.Server.Features.Retention;

/// <summary>The kinds of record with a retention period, as named in the API, the verb and the run's counts.</summary>
internal static class RetentionTypes
{
    public const string AbsenceNotices = "absence-notices";
    public const string Messages = "messages";
    public const string SfoRecords = "sfo-records";
    public const string AuditLog = "audit-log";
    public const string UsageEvents = "usage-events";

    public static readonly IReadOnlyList<string> All = [AbsenceNotices, Messages, SfoRecords, AuditLog, UsageEvents];
}

/// <summary>
/// One table's share of a retention type: the rows past their period, as a <c>FROM … WHERE …</c> fragment over the alias
/// <c>r</c>. The dry-run report counts exactly this selection (<c>SELECT count(*) FROM …</c>) and the run deletes exactly it
/// in batches (<c>DELETE … WHERE ctid IN (SELECT r.ctid FROM … LIMIT n)</c>), so the two cannot disagree. The fragment
/// takes the parameters <c>@municipality</c> (uuid), <c>@cutoff_date</c> (the first local day kept) and <c>@cutoff_at</c>
/// (the first instant kept: that day's local midnight).
/// </summary>
/// <param name="Table">The table the rows are deleted from.</param>
/// <param name="Selection">FROM … WHERE … with the table as <c>r</c>.</param>
/// <param name="BlobKeyColumn">For attachments: the column whose value names the file in the blob store, deleted after the commit.</param>
internal sealed record RetentionStep(string Table, string Selection, string? BlobKeyColumn = null);

/// <summary>
/// What each retention type deletes, children before their parents. The rules that keep what another record still
/// needs live in the selections: a leave application stays while a kept absence notice refers to it; a bulk message stays
/// while a kept reply thread refers to it, and while it is scheduled, in its undo window or being sent; a thread goes only
/// when its newest message is past the period, and takes all its messages, participants and attachments with it.
/// Consent requests and answers (the evidence of a consent), the roster, pickup persons and rules, notification
/// settings and the aggregated usage figures are not retention types: they are never deleted here.
/// </summary>
internal static class RetentionRules
{
    private static string NoticeDue(string n) =>
        $"{n}.municipality_id = @municipality AND {n}.last_date < @cutoff_date AND {n}.created_at < @cutoff_at";

    private static string ThreadDue(string t) => $"{t}.municipality_id = @municipality AND {t}.last_message_at < @cutoff_at";

    private static string BulkDue(string b) => $"""
        {b}.municipality_id = @municipality AND {b}.sent_at < @cutoff_at AND {b}.state IN ('Sent', 'Cancelled')
        AND NOT EXISTS (SELECT 1 FROM message_threads kept WHERE kept.bulk_message_id = {b}.id AND NOT ({ThreadDue("kept")}))
        """;

    private static string HandoverDue(string h) => $"{h}.municipality_id = @municipality AND {h}.date < @cutoff_date";

    public static IReadOnlyList<RetentionStep> StepsOf(string type) => type switch
    {
        RetentionTypes.AbsenceNotices =>
        [
            new("absence_acknowledgements", $"FROM absence_acknowledgements r JOIN absence_notices n ON n.id = r.notice_id WHERE {NoticeDue("n")}"),
            new("absence_notices", $"FROM absence_notices r WHERE {NoticeDue("r")}"),
            new("leave_applications", $"""
                FROM leave_applications r
                WHERE r.municipality_id = @municipality AND r.last_date < @cutoff_date AND r.created_at < @cutoff_at
                AND NOT EXISTS (SELECT 1 FROM absence_notices n WHERE n.leave_application_id = r.id AND NOT ({NoticeDue("n")}))
                """),
        ],
        RetentionTypes.Messages =>
        [
            new("attachments", $"FROM attachments r JOIN thread_messages m ON m.id = r.thread_message_id JOIN message_threads t ON t.id = m.thread_id WHERE {ThreadDue("t")}", "blob_key"),
            new("thread_messages", $"FROM thread_messages r JOIN message_threads t ON t.id = r.thread_id WHERE {ThreadDue("t")}"),
            new("thread_participants", $"FROM thread_participants r JOIN message_threads t ON t.id = r.thread_id WHERE {ThreadDue("t")}"),
            new("message_threads", $"FROM message_threads r WHERE {ThreadDue("r")}"),
            new("attachments", $"FROM attachments r JOIN bulk_messages b ON b.id = r.bulk_message_id WHERE {BulkDue("b")}", "blob_key"),
            new("bulk_message_recipients", $"FROM bulk_message_recipients r JOIN bulk_messages b ON b.id = r.bulk_message_id WHERE {BulkDue("b")}"),
            new("bulk_messages", $"FROM bulk_messages r WHERE {BulkDue("r")}"),
        ],
        RetentionTypes.SfoRecords =>
        [
            new("sfo_attendances", "FROM sfo_attendances r WHERE r.municipality_id = @municipality AND r.date < @cutoff_date"),
            new("sfo_handover_pupils", $"FROM sfo_handover_pupils r JOIN sfo_handovers h ON h.id = r.handover_id WHERE {HandoverDue("h")}"),
            new("sfo_handovers", $"FROM sfo_handovers r WHERE {HandoverDue("r")}"),
            new("sfo_missing_alerts", "FROM sfo_missing_alerts r JOIN sfo_units u ON u.id = r.sfo_unit_id WHERE u.municipality_id = @municipality AND r.date < @cutoff_date"),
            new("pickup_messages", "FROM pickup_messages r WHERE r.municipality_id = @municipality AND r.date < @cutoff_date"),
        ],
        RetentionTypes.AuditLog =>
        [
            new("audit_entries", "FROM audit_entries r WHERE r.municipality_id = @municipality AND r.occurred_at < @cutoff_at"),
        ],
        // Only days already aggregated: their daily figures exist and are kept. Without an aggregation state nothing goes.
        RetentionTypes.UsageEvents =>
        [
            new("usage_events", """
                FROM usage_events r
                WHERE r.municipality_id = @municipality AND r.day < @cutoff_date
                AND r.day <= (SELECT s.aggregated_through FROM usage_aggregation_state s WHERE s.municipality_id = @municipality)
                """),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown retention type."),
    };

    /// <summary>The period of a type from the settings: months, or days for usage events; 0 keeps everything.</summary>
    public static (int Months, int Days) PeriodOf(string type, RetentionOptions options) => type switch
    {
        RetentionTypes.AbsenceNotices => (options.AbsenceNoticesMonths, 0),
        RetentionTypes.Messages => (options.MessagesMonths, 0),
        RetentionTypes.SfoRecords => (options.SfoRecordsMonths, 0),
        RetentionTypes.AuditLog => (options.AuditLogMonths, 0),
        RetentionTypes.UsageEvents => (0, options.UsageEventsDays),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown retention type."),
    };
}
