using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Meldebok.Server.Infrastructure.Data.Migrations
{
    /// <summary>
    /// PostgreSQL's ANALYZE keeps no statistics for the columns of the two busiest tables that no statement filters, joins or
    /// sorts on: the outbox event's payload (read only through expressions such as <c>payload ->> 'pupilId'</c>, which column
    /// statistics do not describe) and the stored answer of an idempotent request (looked up by caller and key, pruned by expiry).
    /// Both tables take a row or more per check-out, so at the afternoon rush autovacuum analyses each about once a minute, and
    /// sorting 30 000 sampled payloads or answers was half of each run: 0.50 s of a core for <c>outbox_events</c> and 0.53 s for
    /// <c>idempotency_records</c> idle, now 0.25–0.28 s for either (the benchmark's Trondheim-sized database, three runs each).
    /// The board reads that met a run were the slowest of the afternoon rush (bench/afternoon-rush, the driver's p99 per 2 s).
    /// </summary>
    public partial class AnalyzeSkipsUnfilteredColumns : Migration
    {
        /// <summary>The columns, table by table, whose statistics ANALYZE skips.</summary>
        internal static readonly (string Table, string[] Columns)[] Skipped =
        [
            ("outbox_events", ["payload"]),
            ("idempotency_records", ["method", "path", "request_hash", "response_content_type", "response_location", "response_body"]),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => SetStatistics(migrationBuilder, 0);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => SetStatistics(migrationBuilder, -1);

        private static void SetStatistics(MigrationBuilder migrationBuilder, int target)
        {
            foreach (var (table, columns) in Skipped)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} {string.Join(", ", columns.Select(c => $"ALTER COLUMN {c} SET STATISTICS {target}"))};");
            }
        }
    }
}
