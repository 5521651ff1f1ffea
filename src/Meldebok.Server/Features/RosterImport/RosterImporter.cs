using System.Diagnostics;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Meldebok.Server.Features.RosterImport;

/// <summary>
/// Imports a municipality's roster from OneRoster CSV files, all or nothing: every file is read and checked
/// first, and only an upload without a single error is written, in one transaction.
/// </summary>
internal sealed class RosterImporter(MeldebokDbContext db, TimeProvider time, ILogger<RosterImporter> logger)
{
    private const int BatchSize = 2_000;

    /// <summary>
    /// The outcome, or null when the municipality does not exist. <paramref name="withPlan"/> (the school-year rollover) sees
    /// the plan of a valid upload and the roster it was planned against (whose records the plan has already changed in memory),
    /// also in a dry run; outside a dry run it runs in the import's transaction, before the plan is written.
    /// </summary>
    public async Task<RosterImportOutcome?> ImportAsync(Guid municipalityId, RosterImportRequest request, CancellationToken ct,
        Func<RosterPlan, RosterSnapshot, CancellationToken, Task>? withPlan = null)
    {
        var municipality = await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Id == municipalityId, ct);
        if (municipality is null)
        {
            return null;
        }

        var stopwatch = Stopwatch.StartNew();
        var issues = new ImportIssues();
        var parsed = OneRosterReader.Read(request.Files, issues);
        var readMs = stopwatch.ElapsedMilliseconds;
        var now = time.GetUtcNow();
        var schoolYear = request.SchoolYear ?? CurrentSchoolYear(municipality.TimeZone, now);

        await using var transaction = request.DryRun ? null : await db.Database.BeginTransactionAsync(ct);
        if (transaction is not null)
        {
            // One import at a time per municipality: a second one waits here until the first has committed.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey(municipalityId)})", ct);
        }

        RosterPlan? plan = null;
        RosterSnapshot? stored = null;
        long loadMs = 0, planMs = 0;
        if (parsed.Complete)
        {
            stored = await LoadAsync(municipalityId, parsed, ct);
            loadMs = stopwatch.ElapsedMilliseconds - readMs;
            plan = new RosterImportPlanner(parsed, stored, request.Mode, issues, municipalityId, now, schoolYear).Plan();
            planMs = stopwatch.ElapsedMilliseconds - readMs - loadMs;
        }

        if (plan is null || issues.Errors.Count > 0)
        {
            logger.LogInformation("Roster import for municipality {MunicipalityId} rejected with {ErrorCount} error(s)", municipalityId, issues.Errors.Count);
            return new RosterImportOutcome(null, issues.Errors, issues.Warnings);
        }

        var result = plan.ToResult(request.Mode, request.DryRun, issues.Warnings);
        if (withPlan is not null)
        {
            await withPlan(plan, stored!, ct);
        }

        if (transaction is not null)
        {
            await WriteAsync(plan, ct);
            await transaction.CommitAsync(ct);
        }

        logger.LogInformation(
            "Roster import ({Mode}{DryRun}) for municipality {MunicipalityId} in {ElapsedMs} ms (read {ReadMs}, load {LoadMs}, plan {PlanMs}, " +
            "write {WriteMs}): pupils {Pupils}, guardians {Guardians}, staff {Staff}",
            result.Mode, request.DryRun ? ", dry run" : "", municipalityId, stopwatch.ElapsedMilliseconds, readMs, loadMs, planMs,
            stopwatch.ElapsedMilliseconds - readMs - loadMs - planMs, result.Pupils, result.Guardians, result.Staff);
        return new RosterImportOutcome(result, [], issues.Warnings);
    }

    /// <summary>The school year under way: from August it is the one starting this calendar year, before that last year's.</summary>
    internal static int CurrentSchoolYear(string timeZone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return local.Month >= 8 ? local.Year : local.Year - 1;
    }

    private static long LockKey(Guid municipalityId) => BitConverter.ToInt64(municipalityId.ToByteArray(), 8) ^ 0x526f73746572L;

    /// <summary>Everything stored for the municipality, one query per table, untracked.</summary>
    private async Task<RosterSnapshot> LoadAsync(Guid municipalityId, ParsedRoster parsed, CancellationToken ct)
    {
        var feideIds = parsed.Users.Select(u => u.FeideId).OfType<string>().Distinct().ToList();
        return new RosterSnapshot
        {
            Schools = await db.Schools.AsNoTracking().Where(s => s.MunicipalityId == municipalityId).ToListAsync(ct),
            SfoUnits = await db.SfoUnits.AsNoTracking().Where(u => u.MunicipalityId == municipalityId).ToListAsync(ct),
            Groups = await db.Groups.AsNoTracking().Where(g => g.MunicipalityId == municipalityId).ToListAsync(ct),
            Pupils = await db.Pupils.AsNoTracking().Where(p => p.MunicipalityId == municipalityId).ToListAsync(ct),
            Guardians = await db.Guardians.AsNoTracking().Where(g => g.MunicipalityId == municipalityId).ToListAsync(ct),
            GuardianLinks = await db.GuardianLinks.AsNoTracking().Where(l => l.MunicipalityId == municipalityId).ToListAsync(ct),
            Staff = await db.Staff.AsNoTracking().Where(s => s.MunicipalityId == municipalityId).ToListAsync(ct),
            StaffAssignments = await db.StaffAssignments.AsNoTracking().Where(a => a.MunicipalityId == municipalityId).ToListAsync(ct),
            GroupMemberships = await db.GroupMemberships.AsNoTracking()
                .Where(m => db.Groups.Any(g => g.Id == m.GroupId && g.MunicipalityId == municipalityId)).ToListAsync(ct),
            StaffAssignmentGroups = await db.StaffAssignmentGroups.AsNoTracking()
                .Where(c => db.StaffAssignments.Any(a => a.Id == c.StaffAssignmentId && a.MunicipalityId == municipalityId)).ToListAsync(ct),
            FeideIdsOfOtherMunicipalities = feideIds.Count == 0
                ? []
                : (await db.Staff.Where(s => s.MunicipalityId != municipalityId && s.FeideId != null && feideIds.Contains(s.FeideId))
                    .Select(s => s.FeideId!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Writes the plan, parents before the records that point at them: new rows by COPY, removed relations in one
    /// statement per table, changed rows through EF Core in batches.
    /// </summary>
    private async Task WriteAsync(RosterPlan plan, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await WriteAsync(plan.Schools, ct);
        await WriteAsync(plan.SfoUnits, ct);
        await WriteAsync(plan.Groups, ct);
        await WriteAsync(plan.Pupils, ct);
        await WriteAsync(plan.Guardians, ct);
        await WriteAsync(plan.Staff, ct);
        await WriteAsync(plan.GuardianLinks, ct);
        await WriteAsync(plan.StaffAssignments, ct);
        await WriteAsync(plan.GroupMemberships, ct);
        await WriteAsync(plan.StaffAssignmentGroups, ct);
    }

    private async Task WriteAsync<T>(EntityChanges<T> changes, CancellationToken ct) where T : RosterEntity
    {
        await PostgresBulk.CopyAsync(db, changes.Created, ct);
        foreach (var batch in changes.Updated.Concat(changes.Deactivated).Chunk(BatchSize))
        {
            db.UpdateRange(batch);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private async Task WriteAsync<T>(RelationChanges<T> changes, CancellationToken ct) where T : class
    {
        await PostgresBulk.DeleteAsync(db, changes.Removed, ct);
        await PostgresBulk.CopyAsync(db, changes.Added, ct);
    }
}
