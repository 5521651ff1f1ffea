using System.Collections.Concurrent;
using Meldebok.Server.Features.Roster;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Meldebok.Server.Infrastructure.Data;

/// <summary>What requests read of a municipality on almost every write: its time zone and its absence-note setting.</summary>
/// <param name="TimeZone">The municipality's time zone (IANA id).</param>
/// <param name="AbsenceNoteEnabled">Whether notes on absence notices are allowed.</param>
/// <param name="AbsenceNoteMaxLength">The longest note allowed.</param>
internal sealed record MunicipalityProfile(TimeZoneInfo TimeZone, bool AbsenceNoteEnabled, int AbsenceNoteMaxLength);

/// <summary>
/// The municipalities' profiles held in memory, so that a request does not read the municipality row for its
/// time zone and settings (bench/morning-rush). A save through EF Core in this process that adds, changes or
/// deletes a municipality drops its entry at once (<see cref="MunicipalityProfileInterceptor"/>); a change made by
/// another replica (or outside EF Core) is seen here at the latest after <see cref="TimeToLive"/>.
/// </summary>
internal sealed class MunicipalityProfiles
{
    /// <summary>How long an entry is trusted: the delay with which another replica's change applies here.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (MunicipalityProfile Profile, long LoadedAt)> entries = new();
    private long generation;

    public async Task<MunicipalityProfile> GetAsync(MeldebokDbContext db, Guid municipalityId, CancellationToken ct)
    {
        // Real elapsed time, not the injected clock: a test clock moved by days must not make entries stale or fresh.
        var now = Environment.TickCount64;
        if (entries.TryGetValue(municipalityId, out var entry) && now - entry.LoadedAt < TimeToLive.TotalMilliseconds)
        {
            return entry.Profile;
        }

        var seen = Interlocked.Read(ref generation);
        var row = await db.Municipalities.AsNoTracking()
            .Where(m => m.Id == municipalityId)
            .Select(m => new { m.TimeZone, m.Settings.AbsenceNoteEnabled, m.Settings.AbsenceNoteMaxLength })
            .SingleOrDefaultAsync(ct);
        var defaults = new MunicipalitySettings();
        var profile = new MunicipalityProfile(
            TimeZoneInfo.FindSystemTimeZoneById(row?.TimeZone ?? MunicipalClock.DefaultTimeZone),
            row?.AbsenceNoteEnabled ?? defaults.AbsenceNoteEnabled,
            row?.AbsenceNoteMaxLength ?? defaults.AbsenceNoteMaxLength);
        // A change saved while this read ran may not be in it: keep the answer for this request only.
        if (Interlocked.Read(ref generation) == seen)
        {
            entries[municipalityId] = (profile, now);
        }

        return profile;
    }

    /// <summary>Forgets every entry (called after a save that touched a municipality).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }
}

/// <summary>Drops the cached profiles around a save that adds, changes or deletes a municipality.</summary>
internal sealed class MunicipalityProfileInterceptor(MunicipalityProfiles profiles) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        InvalidateIfMunicipalityChanged(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        InvalidateIfMunicipalityChanged(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        InvalidateIfMunicipalityChanged(eventData.Context, afterSave: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        InvalidateIfMunicipalityChanged(eventData.Context, afterSave: true);
        return ValueTask.FromResult(result);
    }

    private void InvalidateIfMunicipalityChanged(DbContext? context, bool afterSave = false)
    {
        if (context is null)
        {
            return;
        }

        // Before the save the changed entries are Added/Modified/Deleted; after it they are Unchanged (or gone), so
        // then any municipality still tracked counts: a request that read between the two cached nothing, because the
        // first invalidation moved the generation, and one that reads after the second sees the commit.
        var touched = afterSave
            ? context.ChangeTracker.Entries<Municipality>().Any() || context.ChangeTracker.Entries<MunicipalitySettings>().Any()
            : context.ChangeTracker.Entries<Municipality>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || context.ChangeTracker.Entries<MunicipalitySettings>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        if (touched)
        {
            profiles.Invalidate();
        }
    }
}
