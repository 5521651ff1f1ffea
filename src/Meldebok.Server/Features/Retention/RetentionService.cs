using Meldebok.Server.Features.Audit;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Infrastructure.Blobs;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Meldebok.Server.Features.Retention;

/// <summary>
/// Enforces the retention periods (<see cref="RetentionOptions"/>) of one municipality: the dry-run report counts what is
/// past its period, the run deletes exactly that with set-based statements in bounded batches — one short transaction per
/// batch, never loading the rows — and records the counts in a <see cref="RetentionRun"/> with an audit entry.
/// </summary>
internal sealed class RetentionService(
    NpgsqlDataSource dataSource,
    MeldebokDbContext db,
    MunicipalClock clock,
    TimeProvider time,
    IOptions<RetentionOptions> options,
    IBlobStore blobs,
    AuditLog audit,
    ILogger<RetentionService> logger)
{
    /// <summary>The types named by <paramref name="type"/> (all when empty); an unknown name answers 400 naming <c>type</c>.</summary>
    public static IReadOnlyList<string> TypesOf(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return RetentionTypes.All;
        }

        if (!RetentionTypes.All.Contains(type, StringComparer.Ordinal))
        {
            var shown = type.Length > 64 ? type[..64] + "…" : type;
            throw new FieldValidationException("type", $"Ukjent datatype «{shown}». Kjente typer: {string.Join(", ", RetentionTypes.All)}.");
        }

        return [type];
    }

    public async Task<RetentionReport> ReportAsync(Guid municipalityId, string? type, CancellationToken ct)
    {
        var types = TypesOf(type);
        var now = time.GetUtcNow();
        var result = new List<RetentionTypeCounts>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for the whole report, so that its counts belong together.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        foreach (var name in types)
        {
            var cutoff = await CutoffAsync(municipalityId, name, ct);
            var tables = new List<RetentionTableCount>();
            foreach (var step in RetentionRules.StepsOf(name))
            {
                long rows = 0;
                if (cutoff is { } c)
                {
                    await using var command = Command(connection, transaction, $"SELECT count(*) {step.Selection}", municipalityId, c);
                    rows = (long)(await command.ExecuteScalarAsync(ct))!;
                }

                tables.Add(new RetentionTableCount(step.Table, rows));
            }

            result.Add(Counts(name, cutoff, tables));
        }

        await transaction.CommitAsync(ct);
        return new RetentionReport(municipalityId, now, result);
    }

    public async Task<RetentionRunResult> RunAsync(Guid municipalityId, string? type, RetentionTrigger trigger, CancellationToken ct)
    {
        var types = TypesOf(type);
        var startedAt = time.GetUtcNow();
        var complete = true;
        var result = new List<RetentionTypeCounts>();
        foreach (var name in types)
        {
            var cutoff = await CutoffAsync(municipalityId, name, ct);
            var tables = new List<RetentionTableCount>();
            var typeComplete = true;
            foreach (var step in RetentionRules.StepsOf(name))
            {
                long rows = 0;
                // A parent is deleted only after all its children: once a table stops at the bound, the type waits for the next run.
                if (cutoff is { } c && typeComplete)
                {
                    (rows, typeComplete) = await DeleteStepAsync(municipalityId, name, step, c, ct);
                }

                tables.Add(new RetentionTableCount(step.Table, rows));
            }

            complete &= typeComplete;
            result.Add(Counts(name, cutoff, tables));
        }

        var run = new RetentionRun
        {
            MunicipalityId = municipalityId,
            Trigger = trigger,
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
            Complete = complete,
            DeletedRows = result.SelectMany(t => t.Tables.Select(table => ($"{t.Type}/{table.Table}", table.Rows)))
                .GroupBy(r => r.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(r => r.Rows), StringComparer.Ordinal),
        };
        db.Set<RetentionRun>().Add(run);
        audit.Add(AuditActions.RetentionRun, new AuditSubject(municipalityId, AuditObjects.RetentionRun, run.Id),
            actorRole: trigger == RetentionTrigger.Administrator ? null : "system");
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Retention run {RunId} of municipality {MunicipalityId} deleted {Rows} rows ({Counts}); complete: {Complete}",
            run.Id, municipalityId, run.DeletedRows.Values.Sum(), string.Join(", ", run.DeletedRows.Where(r => r.Value > 0).Select(r => $"{r.Key}={r.Value}")), complete);
        return new RetentionRunResult(run.Id, municipalityId, run.StartedAt, run.FinishedAt, complete, result);
    }

    /// <summary>The nightly run: every municipality, active or not (a deactivated one's old records expire too).</summary>
    public async Task RunAllAsync(RetentionTrigger trigger, CancellationToken ct)
    {
        var municipalities = await db.Municipalities.AsNoTracking().OrderBy(m => m.Name).Select(m => m.Id).ToListAsync(ct);
        foreach (var municipalityId in municipalities)
        {
            await RunAsync(municipalityId, null, trigger, ct);
        }
    }

    private async Task<(long Rows, bool Complete)> DeleteStepAsync(Guid municipalityId, string type, RetentionStep step, Cutoff cutoff, CancellationToken ct)
    {
        var settings = options.Value;
        var returning = step.BlobKeyColumn is { } column ? $" RETURNING {column}" : "";
        var sql = $"DELETE FROM {step.Table} WHERE ctid IN (SELECT r.ctid {step.Selection} LIMIT @batch){returning}";
        long deleted = 0;
        while (true)
        {
            var batch = (int)Math.Min(settings.BatchSize, settings.MaxRowsPerRun - deleted);
            if (batch <= 0)
            {
                return (deleted, false);
            }

            var blobKeys = new List<string>();
            int rows;
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
            await using (var transaction = await connection.BeginTransactionAsync(ct))
            {
                // Runs of one municipality (the nightly job, an administrator, the verb) take turns batch by batch.
                await using (var lockCommand = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('retention:' || @municipality::text))", municipalityId, cutoff))
                {
                    await lockCommand.ExecuteNonQueryAsync(ct);
                }

                if (type == RetentionTypes.AuditLog)
                {
                    // The audit log's trigger lets this transaction delete entries written before the cutoff, and nothing else.
                    await using var allow = Command(connection, transaction, "SELECT set_config('meldebok.audit_retention_before', @cutoff_at::text, true)", municipalityId, cutoff);
                    await allow.ExecuteNonQueryAsync(ct);
                }

                await using (var command = Command(connection, transaction, sql, municipalityId, cutoff))
                {
                    command.Parameters.Add(new NpgsqlParameter<int>("batch", batch));
                    if (step.BlobKeyColumn is null)
                    {
                        rows = await command.ExecuteNonQueryAsync(ct);
                    }
                    else
                    {
                        await using var reader = await command.ExecuteReaderAsync(ct);
                        while (await reader.ReadAsync(ct))
                        {
                            blobKeys.Add(reader.GetString(0));
                        }

                        rows = blobKeys.Count;
                    }
                }

                if (type == RetentionTypes.UsageEvents && rows > 0)
                {
                    // The days whose events are gone can no longer be aggregated again: their figures are final (UsageAggregator).
                    await using var final = Command(connection, transaction, """
                        UPDATE usage_aggregation_state
                        SET events_deleted_before = GREATEST(events_deleted_before, LEAST(@cutoff_date, aggregated_through + 1))
                        WHERE municipality_id = @municipality
                        """, municipalityId, cutoff);
                    await final.ExecuteNonQueryAsync(ct);
                }

                await transaction.CommitAsync(ct);
            }

            // After the commit: a file is removed only once no row names it (a crash in between leaves an orphan file, never a broken row).
            foreach (var key in blobKeys)
            {
                await blobs.DeleteAsync(key, ct);
            }

            deleted += rows;
            if (rows < batch)
            {
                return (deleted, true);
            }
        }
    }

    /// <summary>The first local day kept and its local midnight, or null when the type is kept for good.</summary>
    private async Task<Cutoff?> CutoffAsync(Guid municipalityId, string type, CancellationToken ct)
    {
        var (months, days) = RetentionRules.PeriodOf(type, options.Value);
        if (months == 0 && days == 0)
        {
            return null;
        }

        var profile = await clock.ProfileAsync(municipalityId, ct);
        var today = DateOnly.FromDateTime(clock.LocalNow(profile.TimeZone));
        var date = months > 0 ? today.AddMonths(-months) : today.AddDays(-days);
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var at = new DateTimeOffset(midnight, profile.TimeZone.GetUtcOffset(midnight)).ToUniversalTime();
        return new Cutoff(date, at);
    }

    private RetentionTypeCounts Counts(string type, Cutoff? cutoff, List<RetentionTableCount> tables)
    {
        var (months, days) = RetentionRules.PeriodOf(type, options.Value);
        // A table may appear twice in a type (attachments of threads and of bulk messages): one line per table.
        var merged = tables.GroupBy(t => t.Table, StringComparer.Ordinal).Select(g => new RetentionTableCount(g.Key, g.Sum(t => t.Rows))).ToList();
        return new RetentionTypeCounts(type, months, days, cutoff is null, cutoff?.Date, merged, merged.Sum(t => t.Rows));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Guid municipalityId, Cutoff cutoff)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid>("municipality", municipalityId));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("cutoff_date", cutoff.Date) { NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff_at", cutoff.At));
        return command;
    }

    private sealed record Cutoff(DateOnly Date, DateTimeOffset At);
}
