using Meldebok.Server.Infrastructure.Data.Migrations;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Tests.Platform;

/// <summary>
/// ANALYZE skips the columns of the busiest tables that no statement filters on, and keeps the statistics of those the
/// statements do filter on (<see cref="AnalyzeSkipsUnfilteredColumns"/>).
/// </summary>
public sealed class AnalyzeStatisticsTests(MeldebokApp app) : IClassFixture<MeldebokApp>
{
    [Fact]
    public async Task Analyze_skips_the_outbox_payload_and_the_stored_answers_and_keeps_the_columns_statements_filter_on()
    {
        var targets = await app.WithDbAsync(db => db.Database.SqlQueryRaw<ColumnTarget>("""
            SELECT c.relname AS "Table", a.attname AS "Column", coalesce(a.attstattarget, -1) AS "Target"
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relname IN ('outbox_events', 'idempotency_records') AND a.attnum > 0 AND NOT a.attisdropped
            """).ToListAsync());
        int Target(string table, string column) => Assert.Single(targets, t => t.Table == table && t.Column == column).Target;

        var skipped = AnalyzeSkipsUnfilteredColumns.Skipped.SelectMany(s => s.Columns.Select(c => (s.Table, Column: c))).ToList();
        Assert.Contains(("outbox_events", "payload"), skipped);
        Assert.Contains(("idempotency_records", "response_body"), skipped);
        Assert.All(skipped, s => Assert.Equal(0, Target(s.Table, s.Column)));

        // What the statements look up, prune and page by keeps PostgreSQL's default.
        Assert.All(
            [("outbox_events", "sequence"), ("outbox_events", "audiences"), ("outbox_events", "created_at"),
             ("idempotency_records", "caller"), ("idempotency_records", "key"), ("idempotency_records", "expires_at")],
            kept => Assert.Equal(-1, Target(kept.Item1, kept.Item2)));
    }

    private sealed record ColumnTarget(string Table, string Column, int Target);
}
